/**
 * `dbt-ado grant`: plans the least-privilege changes that give the identity every permission dbt Cloud needs,
 * and with `--yes` applies them, re-reads the organization and reports the result. Without `--yes` nothing is
 * written. `--format az` prints the plan as a reviewed `az devops` script instead.
 *
 * Exit codes: 0 the organization is in the desired state afterwards (or there was nothing to do);
 * 1 changes are pending (no --yes) or blocked items remain; 2 errors (including a write that failed part-way
 * or a caller who may not make the writes).
 */
import { AdoGateway, credentialsFromEnv, parseOrganization } from "../../ado";
import { describeChange, type ApplyOutcome, type CallerCheck } from "../../core/grant/apply-outcome";
import { renderAzScript } from "../../core/grant/az-script";
import { isDesiredState, type GrantPlan, type GrantScope } from "../../core/grant/planner";
import { applyGrant, checkCaller, planGrant, readGrantState } from "../../flows";
import type { VerifyMode } from "../../core/audit/report";
import { renderPlanText } from "../render/plan-text";
import { UsageError, type CommandSpec } from "../args";
import { oneLine } from "../errors";
import type { Command, CommandContext } from "../command";
import { EXIT, type ExitCode } from "../io";
import { CREDENTIAL_NOTES, ORG_FLAG, PROJECT_FLAG, SCOPE_FLAG, VERIFY_FLAG, TIMEOUT_FLAG, timeoutMsOf } from "./shared-flags";
import { terminalSafe, terminalSafeJson, withTerminalSafeStrings } from "../render/terminal-safe";

export const GRANT_FORMATS = ["table", "json", "az"] as const;
type GrantFormat = (typeof GRANT_FORMATS)[number];

export const grantSpec: CommandSpec = {
  words: ["grant"],
  summary: "Plan (and with --yes apply) the least-privilege changes that give an identity what dbt Cloud needs.",
  flags: [
    ORG_FLAG,
    {
      name: "identity",
      type: "string",
      valueName: "<upn|email|name|descriptor>",
      required: true,
      description: "The dbt service user or service principal to grant to.",
    },
    PROJECT_FLAG,
    SCOPE_FLAG,
    VERIFY_FLAG,
    { name: "yes", type: "boolean", description: "Apply the plan. Without it nothing is written." },
    {
      name: "format",
      type: "string",
      valueName: "<table|json|az>",
      choices: GRANT_FORMATS,
      description: "Output format (default: table); az prints a reviewed bash script of az devops commands.",
    },
    TIMEOUT_FLAG,
  ],
  notes: [
    ...CREDENTIAL_NOTES,
    "",
    "Only allow bits (merged into the identity's own entries) and Readers memberships are added; nothing is",
    "denied or removed. Permissions a deny decides are reported as blocked, with the change to make by hand.",
    "",
    "Exit codes: 0 the organization is in the desired state afterwards (or nothing to do); 1 changes pending",
    "(no --yes) or blocked items remain; 2 usage, authentication, connection, permission or write errors.",
  ],
};

/** `--format json`: the plan, the caller check, and with --yes what was applied and the plan afterwards. */
interface GrantJson {
  schemaVersion: 1;
  mode: "plan" | "apply";
  plan: GrantPlan;
  callerCheck: CallerCheck | null;
  apply: ApplyOutcome | null;
  after: GrantPlan | null;
  desiredState: boolean;
}

async function execute({ flags, env, io }: CommandContext): Promise<ExitCode> {
  const org = parseOrganization(flags.string("org")!);
  const auth = credentialsFromEnv(env);
  const timeoutMs = timeoutMsOf(flags, "grant");
  const scope = (flags.string("scope") ?? "project") as GrantScope;
  const format = (flags.string("format") ?? "table") as GrantFormat;
  const yes = flags.boolean("yes");
  if (format === "az" && yes) {
    throw new UsageError("--format az prints a script for someone to review and run; it cannot be combined with --yes", "grant");
  }
  const progress = (message: string) => io.stderr.write(`${terminalSafe(message)}\n`);
  const verify = (flags.string("verify") ?? "missing") as VerifyMode;
  const request = { identity: flags.string("identity")!, projects: flags.list("project"), scope, verify };
  const context = { now: io.now, onProgress: ({ message }: { message: string }) => progress(message) };

  const gateway = AdoGateway.forOrganization({ org, auth, onProgress: progress, timeoutMs });
  const snapshot = await readGrantState(gateway, request, context);
  const plan = planGrant(snapshot, scope, context);

  if (format === "az") {
    io.stdout.write(renderAzScript(plan));
    return isDesiredState(plan) ? EXIT.ok : EXIT.findings;
  }

  const callerCheck = await checkCaller(gateway, plan, snapshot, context);
  const output: GrantJson = {
    schemaVersion: 1,
    mode: yes ? "apply" : "plan",
    plan,
    callerCheck,
    apply: null,
    after: null,
    desiredState: isDesiredState(plan),
  };
  const print = () => io.stdout.write(format === "json" ? `${terminalSafeJson(output)}\n` : text(withTerminalSafeStrings(output)));

  if (!yes || plan.changes.length === 0) {
    print();
    return isDesiredState(plan) ? EXIT.ok : EXIT.findings;
  }
  if (callerCheck && !callerCheck.canApply) {
    print();
    io.stderr.write(`dbt-ado: ${oneLine(`Nothing was written: ${callerCheck.refused.join("; ")}.`)}\n`);
    return EXIT.error;
  }

  const { outcome, verification } = await applyGrant(gateway, request, plan, { verify: "whenComplete", madeFrom: snapshot }, context);
  output.apply = outcome;
  if (outcome.failed) {
    print();
    const notApplied = plan.changes.length - outcome.applied.length;
    io.stderr.write(
      `dbt-ado: ${oneLine(
        `Applied ${outcome.applied.length} of ${plan.changes.length} changes, then stopped: ${outcome.failed.message} ` +
          `Not applied: ${notApplied}. Run the same command again to finish.`,
      )}\n`,
    );
    return EXIT.error;
  }

  if (!verification?.ok) {
    // The writes happened: say what they did before the error, so the report is not lost with the re-read.
    print();
    const why = verification?.error instanceof Error ? verification.error.message : String(verification?.error);
    io.stderr.write(
      `dbt-ado: ${oneLine(
        `Applied ${outcome.applied.length} of ${plan.changes.length} changes, but re-reading the organization to check the result failed: ${why} ` +
          "Run the same command again to check (it writes only what is still missing).",
      )}\n`,
    );
    return EXIT.error;
  }
  output.after = verification.value.remaining;
  output.desiredState = verification.value.desiredState;
  print();
  const lostDenies = (outcome.denyRestores ?? []).filter((restore) => !restore.restored);
  if (lostDenies.length > 0) {
    const tokens = lostDenies.map((restore) => `bits ${restore.deny} on ${restore.token}`).join(", ");
    io.stderr.write(
      `dbt-ado: ${oneLine(`Deny bits were removed while the writes ran and could not be put back: ${tokens}. Restore them by hand.`)}\n`,
    );
    return EXIT.error;
  }
  return output.desiredState ? EXIT.ok : EXIT.findings;
}

function text(output: GrantJson): string {
  const { plan, callerCheck, apply, after } = output;
  const lines: string[] = [renderPlanText(plan).trimEnd()];
  if (callerCheck) {
    lines.push("");
    if (!callerCheck.canApply) {
      lines.push(
        `${callerCheck.caller} cannot apply this plan:`,
        ...callerCheck.refused.map((line) => `  - ${line}`),
        "Ask a Project Collection Administrator to run this command with --yes, or hand them the script from --format az.",
      );
    } else {
      lines.push(`${callerCheck.caller} may make these changes.`);
    }
    for (const item of callerCheck.unchecked) lines.push(`Could not check ${item}; the write itself will tell.`);
  }
  if (apply) {
    lines.push("", `Applied ${apply.applied.length} of ${plan.changes.length} changes (${apply.writes} writes):`);
    for (const applied of apply.applied) {
      const note =
        applied.outcome === "alreadyInPlace" ? " (already in place)" : applied.settledByReRead ? " (answer lost; the re-read shows it applied)" : "";
      lines.push(`  done     ${describeChange(applied.change)}${note}`);
    }
    for (const failure of [...(apply.failed ? [apply.failed] : []), ...(apply.alsoFailed ?? [])])
      lines.push(`  FAILED   ${describeChange(failure.change)}: ${failure.message}`);
    for (const lost of apply.unknown ?? []) lines.push(`  UNKNOWN  ${describeChange(lost.change)}: ${lost.message}`);
    for (const change of apply.notAttempted) lines.push(`  skipped  ${describeChange(change)}`);
    for (const restore of apply.denyRestores ?? []) {
      lines.push(
        restore.restored
          ? `  deny put back: bits ${restore.deny} on ${restore.token} (they were gone after the writes)`
          : `  DENY LOST: bits ${restore.deny} on ${restore.token} were gone after the writes and could not be put back: ${restore.message ?? ""}`,
      );
    }
    if (apply.failed || apply.unknown) lines.push("Run the same command again: it plans from the current state and finishes the job.");
  }
  if (after) {
    lines.push("", "After applying:");
    if (isDesiredState(after)) lines.push("Every required permission is effective.");
    else lines.push(renderPlanText(after).trimEnd());
  } else if (!apply && plan.changes.length > 0) {
    lines.push("", "Nothing was written. Run again with --yes to apply, or with --format az for a script.");
  }
  return lines.join("\n") + "\n";
}

export const grantCommand: Command = { spec: grantSpec, execute };
