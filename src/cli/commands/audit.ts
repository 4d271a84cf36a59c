/**
 * `dbt-ado audit`: reads the organization as the given identity would be judged, and reports for every project
 * and repository whether each permission dbt Cloud needs is effectively allowed, and why not.
 */
import { AdoGateway, credentialsFromEnv, parseOrganization } from "../../ado";
import { runAudit, runAuditView, type AuditRequest } from "../../flows";
import { validateTenantId } from "../../core/setup/validate";
import type { VerifyMode } from "../../core/audit/report";
import { UsageError, type CommandSpec } from "../args";
import type { Command, CommandContext } from "../command";
import { AUDIT_FORMATS, jsonReportChunks, renderAuditChunks, type AuditFormat } from "../render";
import { EXIT, wantsColor, type ExitCode } from "../io";
import { CREDENTIAL_NOTES, ORG_FLAG, PROJECT_FLAG, VERIFY_FLAG, TIMEOUT_FLAG, timeoutMsOf } from "./shared-flags";
import { batched, checkOutputPath, writeOutputChunks } from "./output";
import { terminalSafe } from "../render/terminal-safe";

export const auditSpec: CommandSpec = {
  words: ["audit"],
  summary: "Check that an identity has every permission dbt Cloud needs, in every project and repository.",
  flags: [
    ORG_FLAG,
    {
      name: "identity",
      type: "string",
      valueName: "<upn|email|name|descriptor>",
      required: true,
      description: "The dbt service user or service principal to audit.",
    },
    PROJECT_FLAG,
    {
      name: "tenant-id",
      type: "string",
      valueName: "<guid>",
      description:
        "The Entra app's Directory (tenant) ID: checks that the organization is connected to that tenant " +
        "(a service principal can only be added for it). Without it, no tenant is compared.",
    },
    VERIFY_FLAG,
    {
      name: "format",
      type: "string",
      valueName: "<table|json|markdown|junit>",
      choices: AUDIT_FORMATS,
      description: "Output format (default: table).",
    },
    {
      name: "pretty",
      type: "boolean",
      description: "JSON: indent by two spaces (default: compact).",
    },
    {
      name: "detail",
      type: "boolean",
      description: "JSON: also explain the permissions that are allowed (default: only the ones that are not).",
    },
    {
      name: "output",
      type: "string",
      valueName: "<file>",
      description: "Write the result to this file instead of standard output.",
    },
    TIMEOUT_FLAG,
  ],
  notes: [
    ...CREDENTIAL_NOTES,
    "",
    "Exit codes: 0 every required permission is effective and no error finding; 1 findings remain;",
    "2 usage, authentication, connection or not-found error.",
  ],
};

async function execute({ flags, env, io }: CommandContext): Promise<ExitCode> {
  // Validate everything local before the first request.
  const org = parseOrganization(flags.string("org")!);
  const auth = credentialsFromEnv(env);
  const timeoutMs = timeoutMsOf(flags, "audit");
  const format = (flags.string("format") ?? "table") as AuditFormat;
  const outputFile = flags.string("output");
  const tenantFlag = flags.string("tenant-id");
  const tenantId = tenantFlag === undefined ? undefined : validateTenantId(tenantFlag);
  if (tenantId !== undefined && !tenantId.ok) throw new UsageError(`--tenant-id: ${tenantId.message}`, "audit");
  if (outputFile !== undefined) await checkOutputPath(outputFile);

  // Reads run in parallel: when one fails, others may still report progress. Silence them once this command
  // is over, so the error explanation stays the last line on stderr.
  let finished = false;
  const print = (message: string) => {
    if (!finished) io.stderr.write(`${terminalSafe(message)}\n`);
  };
  const onProgress = ({ message }: { message: string }) => print(message);
  const gateway = AdoGateway.forOrganization({ org, auth, onProgress: print, timeoutMs });
  const request: AuditRequest = {
    identity: flags.string("identity")!,
    projects: flags.list("project"),
    tenantId: tenantId?.value,
    verify: (flags.string("verify") ?? "missing") as VerifyMode,
    // Every format but --detail JSON shows only what is not allowed: allowed cells need no explanation.
    explainAllowed: format === "json" && flags.boolean("detail"),
  };
  let chunks: (color: boolean) => Iterable<string>;
  let ok: boolean;
  try {
    const jsonOptions = { pretty: flags.boolean("pretty"), detail: flags.boolean("detail") };
    if (format === "json") {
      // JSON is written from a view, each project evaluated as it is written: any size in bounded memory.
      const view = await runAuditView(gateway, request, { now: io.now, onProgress });
      ({ ok } = view);
      chunks = () => jsonReportChunks(view, jsonOptions);
    } else {
      const { report } = await runAudit(gateway, request, { now: io.now, onProgress });
      ({ ok } = report);
      chunks = (color) => renderAuditChunks(report, format, { ...jsonOptions, color });
    }
  } finally {
    finished = true;
  }

  if (outputFile === undefined) {
    for (const text of batched(chunks(wantsColor(io.stdout, env)))) io.stdout.write(text);
  } else {
    await writeOutputChunks(outputFile, chunks(false));
    io.stderr.write(`Wrote the ${format} report to ${outputFile}\n`);
  }
  return ok ? EXIT.ok : EXIT.findings;
}

export const auditCommand: Command = { spec: auditSpec, execute };
