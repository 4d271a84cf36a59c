/**
 * `dbt-ado hooks list` and `dbt-ado hooks prune`: dbt Cloud's service hook subscriptions across projects,
 * their health, duplicates and gaps; and the clean-up (delete duplicates, re-enable ones a user disabled).
 *
 * prune writes nothing without --yes: it prints the plan. With --yes it applies it, re-reads the organization
 * and reports; running it again then writes nothing.
 */
import { AdoGateway, credentialsFromEnv, parseOrganization } from "../../ado";
import { parseAccessUrl } from "../../core/setup/access-url";
import { stepSucceeded } from "../../core/hooks/index";
import { cleanUpHooks, planHooks, readHooks, type FlowContext, type HooksRequest } from "../../flows";
import { UsageError, type CommandSpec, type FlagSpec } from "../args";
import type { Command, CommandContext } from "../command";
import { oneLine } from "../errors";
import { EXIT, wantsColor, type ExitCode } from "../io";
import { renderHooksPlan, renderHooksReport, renderHooksSummary, renderStepResults } from "../render/hooks";
import { CREDENTIAL_NOTES, ORG_FLAG, PROJECT_FLAG, TIMEOUT_FLAG, timeoutMsOf } from "./shared-flags";
import { terminalSafe, terminalSafeJson } from "../render/terminal-safe";

export const HOOKS_FORMATS = ["table", "json"] as const;
type HooksFormat = (typeof HOOKS_FORMATS)[number];

const ACCESS_URL_FLAG: FlagSpec = {
  name: "access-url",
  type: "string",
  valueName: "<dbt host>",
  description: "dbt Cloud access URL, e.g. abc123.us1.dbt.com; needed when dbt Cloud runs on your own host.",
};

const IDENTITY_FLAG: FlagSpec = {
  name: "identity",
  type: "string",
  valueName: "<upn|email|name|descriptor>",
  description: "The dbt service user, to check that it created each subscription (optional).",
};

const HOOK_NOTES: readonly string[] = [
  "dbt Cloud's subscriptions are web hooks whose target is on getdbt.com, dbt.com or the --access-url host;",
  "all others are listed separately and never changed.",
  "",
  ...CREDENTIAL_NOTES,
];

export const hooksListSpec: CommandSpec = {
  words: ["hooks", "list"],
  summary: "List dbt Cloud's service hook subscriptions in every project, with their health, duplicates and gaps.",
  flags: [
    ORG_FLAG,
    PROJECT_FLAG,
    ACCESS_URL_FLAG,
    IDENTITY_FLAG,
    { name: "format", type: "string", valueName: "<table|json>", choices: HOOKS_FORMATS, description: "Output format (default: table)." },
    TIMEOUT_FLAG,
  ],
  notes: [
    ...HOOK_NOTES,
    "",
    "Exit codes: 0 no error finding (no duplicate, disabled subscription or unseeable project); 1 findings remain;",
    "2 usage, authentication, connection or not-found error.",
  ],
};

export const hooksPruneSpec: CommandSpec = {
  words: ["hooks", "prune"],
  summary: "Delete duplicate dbt Cloud subscriptions and re-enable ones a user disabled (prints the plan without --yes).",
  flags: [
    ORG_FLAG,
    PROJECT_FLAG,
    ACCESS_URL_FLAG,
    IDENTITY_FLAG,
    { name: "yes", type: "boolean", description: "Apply the plan, then re-read and report. Without it nothing is written." },
    TIMEOUT_FLAG,
  ],
  notes: [
    ...HOOK_NOTES,
    "",
    "Exit codes: 0 nothing left to clean up and no error finding; 1 findings remain (or the plan was not applied);",
    "2 usage, authentication, connection or not-found error, or a change that failed.",
  ],
};

interface HooksInputs {
  gateway: AdoGateway;
  request: HooksRequest;
  context: FlowContext;
}

/** Everything local is checked before the first request. */
function inputs({ flags, env, io }: CommandContext, command: string): HooksInputs {
  const org = parseOrganization(flags.string("org")!);
  const rawAccessUrl = flags.string("access-url");
  let accessUrl: string | undefined;
  if (rawAccessUrl !== undefined) {
    const parsed = parseAccessUrl(rawAccessUrl);
    if (!parsed.ok) throw new UsageError(`--access-url: ${parsed.message}`, command);
    accessUrl = parsed.value.host;
  }
  const auth = credentialsFromEnv(env);
  const print = (message: string) => io.stderr.write(`${terminalSafe(message)}\n`);
  const gateway = AdoGateway.forOrganization({ org, auth, onProgress: print, timeoutMs: timeoutMsOf(flags, command) });
  return {
    gateway,
    request: { accessUrl, projects: flags.list("project"), identity: flags.string("identity") },
    context: { onProgress: ({ message }) => print(message) },
  };
}

async function list(context: CommandContext): Promise<ExitCode> {
  const input = inputs(context, "hooks list");
  const format = (context.flags.string("format") ?? "table") as HooksFormat;
  const { report } = await readHooks(input.gateway, input.request, input.context);
  context.io.stdout.write(
    format === "json" ? `${terminalSafeJson(report)}\n` : renderHooksReport(report, { color: wantsColor(context.io.stdout, context.env) }),
  );
  return report.ok ? EXIT.ok : EXIT.findings;
}

async function prune(context: CommandContext): Promise<ExitCode> {
  const { io, env, flags } = context;
  const input = inputs(context, "hooks prune");
  const color = wantsColor(io.stdout, env);

  const before = await readHooks(input.gateway, input.request, input.context);
  const plan = planHooks(before);
  io.stdout.write(renderHooksPlan(plan, { color }));

  if (!flags.boolean("yes")) {
    if (plan.steps.length > 0) io.stdout.write("\nNothing was changed. Run again with --yes to apply this plan.\n");
    io.stdout.write(`\n${renderHooksSummary(before.report, { color })}`);
    return plan.steps.length === 0 && before.report.ok ? EXIT.ok : EXIT.findings;
  }
  if (plan.steps.length === 0) {
    io.stdout.write(`\n${renderHooksSummary(before.report, { color })}`);
    return before.report.ok ? EXIT.ok : EXIT.findings;
  }

  // What the writes did is printed before the re-read: if the re-read fails, the report is not lost with it.
  const { results, after, remaining } = await cleanUpHooks(input.gateway, input.request, plan, input.context, {
    onApplied: (applied) => io.stdout.write(`\n${renderStepResults(applied, { color })}`),
  });
  io.stdout.write(`\n${renderHooksSummary(after.report, { color })}`);

  const count = (outcome: string) => results.filter((result) => result.outcome === outcome).length;
  const problems = results.filter((result) => result.outcome === "failed" || result.outcome === "unknown");
  if (problems.length > 0) {
    const extra = [
      count("unknown") > 0 ? `${count("unknown")} with an unknown outcome` : "",
      count("notAttempted") > 0 ? `${count("notAttempted")} not attempted` : "",
    ]
      .filter(Boolean)
      .join(", ");
    io.stderr.write(
      `dbt-ado: ${count("failed")} of ${results.length} changes failed${extra ? `, ${extra}` : ""}; first: ${oneLine(problems[0]!.message)}\n`,
    );
    return EXIT.error;
  }
  return results.every(stepSucceeded) && remaining.steps.length === 0 && after.report.ok ? EXIT.ok : EXIT.findings;
}

export const hooksListCommand: Command = { spec: hooksListSpec, execute: list };
export const hooksPruneCommand: Command = { spec: hooksPruneSpec, execute: prune };
/** Both, in the order help lists them. */
export const hooksCommands: readonly Command[] = [hooksListCommand, hooksPruneCommand];
