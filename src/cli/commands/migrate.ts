/**
 * `dbt-ado migrate`: from the service user dbt Cloud uses today to the Entra app's service principal. Shows the
 * required permissions of both side by side, plans what the service principal lacks, and with --yes grants it
 * (nothing of the service user is ever changed), re-reads and reports.
 */
import { AdoGateway, credentialsFromEnv, parseOrganization } from "../../ado";
import { describeChange } from "../../core/grant/apply-outcome";
import { renderAzScript } from "../../core/grant/az-script";
import type { GrantPlan } from "../../core/grant/model";
import { isDesiredState, type GrantScope } from "../../core/grant/planner";
import type { ParityRow } from "../../core/audit/parity";
import type { IdentityDependencies } from "../../core/audit/dependencies";
import { applyMigration, checkCaller, findMigrationPair, readMigration, type HookAtRisk, type MigrateRequest } from "../../flows";
import { renderPlanText } from "../render/plan-text";
import { UsageError, type CommandSpec } from "../args";
import { oneLine } from "../errors";
import type { Command, CommandContext } from "../command";
import { EXIT, type ExitCode } from "../io";
import { CREDENTIAL_NOTES, ORG_FLAG, PROJECT_FLAG, SCOPE_FLAG, TIMEOUT_FLAG, timeoutMsOf } from "./shared-flags";
import { terminalSafe, terminalSafeJson, terminalSafeLines } from "../render/terminal-safe";

export const MIGRATE_FORMATS = ["table", "json", "az"] as const;
type MigrateFormat = (typeof MIGRATE_FORMATS)[number];

export const migrateSpec: CommandSpec = {
  words: ["migrate"],
  summary: "Move dbt Cloud from a service user to the Entra app's service principal: compare both, grant what the service principal lacks.",
  flags: [
    ORG_FLAG,
    { name: "from", type: "string", valueName: "<service user>", required: true, description: "The service user dbt Cloud uses today." },
    { name: "to", type: "string", valueName: "<service principal>", required: true, description: "The Entra app's service principal." },
    PROJECT_FLAG,
    SCOPE_FLAG,
    { name: "yes", type: "boolean", description: "Grant what the service principal lacks. Without it nothing is written." },
    {
      name: "format",
      type: "string",
      valueName: "<table|json|az>",
      choices: MIGRATE_FORMATS,
      description: "Output format (default: table); az prints a reviewed bash script for the service principal's grants.",
    },
    TIMEOUT_FLAG,
  ],
  notes: [
    ...CREDENTIAL_NOTES,
    "",
    "Only the service principal is granted anything; the service user's entries and memberships are never changed.",
    "",
    "Exit codes: 0 the service principal has everything dbt Cloud needs; 1 it still lacks something (no --yes, or",
    "blocked items); 2 usage, authentication, connection, permission or write errors.",
  ],
};

interface MigrateJson {
  schemaVersion: 1;
  mode: "plan" | "apply";
  from: { displayName: string; principalName: string; kind: string };
  to: { displayName: string; principalName: string; kind: string };
  parity: ParityRow[];
  plan: GrantPlan;
  complete: boolean;
  /** dbt Cloud subscriptions the service user created: they stop once it is removed. */
  hooksAtRisk: HookAtRisk[];
  /** The service user's own entries and direct memberships, left in place for review. */
  dependencies: IdentityDependencies;
}

async function execute({ flags, env, io }: CommandContext): Promise<ExitCode> {
  const org = parseOrganization(flags.string("org")!);
  const auth = credentialsFromEnv(env);
  const timeoutMs = timeoutMsOf(flags, "migrate");
  const scope = (flags.string("scope") ?? "project") as GrantScope;
  const format = (flags.string("format") ?? "table") as MigrateFormat;
  const yes = flags.boolean("yes");
  if (format === "az" && yes)
    throw new UsageError("--format az prints a script for someone to review and run; it cannot be combined with --yes", "migrate");
  const progress = (message: string) => io.stderr.write(`${terminalSafe(message)}\n`);
  const context = { now: io.now, onProgress: ({ message }: { message: string }) => progress(message) };
  const gateway = AdoGateway.forOrganization({ org, auth, onProgress: progress, timeoutMs });

  // Both identities are resolved (not found, ambiguous, a group: exit 2 as for --identity) and checked as a pair first.
  const { from, to } = await findMigrationPair(gateway, { from: flags.string("from")!, to: flags.string("to")! }, context);

  const request: MigrateRequest = { from: from.descriptor, to: to.descriptor, projects: flags.list("project"), scope };
  const state = await readMigration(gateway, request, context);
  if (format === "az") {
    io.stdout.write(renderAzScript(state.plan));
    return isDesiredState(state.plan) ? EXIT.ok : EXIT.findings;
  }
  const describe = (who: typeof from) => ({ displayName: who.displayName, principalName: who.principalName, kind: who.kind });
  const output: MigrateJson = {
    schemaVersion: 1,
    mode: yes ? "apply" : "plan",
    from: describe(from),
    to: describe(to),
    parity: state.parity,
    plan: state.plan,
    complete: isDesiredState(state.plan),
    hooksAtRisk: state.hooksAtRisk,
    dependencies: state.dependencies,
  };
  const lines: string[] = [];
  const print = () =>
    io.stdout.write(format === "json" ? `${terminalSafeJson(output)}\n` : `${[parityText(output), ...lines].map(terminalSafeLines).join("\n")}\n`);

  if (!yes || state.plan.changes.length === 0) {
    if (state.plan.changes.length > 0)
      lines.push("", renderPlanText(state.plan).trimEnd(), "", "Nothing was written. Run again with --yes to apply.");
    print();
    return output.complete ? EXIT.ok : EXIT.findings;
  }
  const callerCheck = await checkCaller(gateway, state.plan, state.toSnapshot, context);
  if (callerCheck && !callerCheck.canApply) {
    print();
    io.stderr.write(`dbt-ado: ${oneLine(`Nothing was written: ${callerCheck.refused.join("; ")}.`)}\n`);
    return EXIT.error;
  }
  const { outcome, verification } = await applyMigration(gateway, request, state.plan, context);
  lines.push("", `Applied ${outcome.applied.length} of ${state.plan.changes.length} changes (${outcome.writes} writes):`);
  for (const applied of outcome.applied) lines.push(`  done     ${describeChange(applied.change)}`);
  if (outcome.failed) {
    print();
    io.stderr.write(
      `dbt-ado: ${oneLine(`Stopped after ${outcome.applied.length} changes: ${outcome.failed.message} Run the same command again to finish.`)}\n`,
    );
    return EXIT.error;
  }
  if (!verification?.ok) throw verification?.error;
  output.complete = verification.value.desiredState;
  output.plan = verification.value.remaining;
  lines.push(
    "",
    output.complete ? `${to.displayName} now has every permission dbt Cloud needs.` : renderPlanText(verification.value.remaining).trimEnd(),
  );
  print();
  return output.complete ? EXIT.ok : EXIT.findings;
}

const MARK: Record<ParityRow["from"], string> = { allow: "allow", deny: "DENY", notSet: "-" };

function parityText(output: MigrateJson): string {
  const lines = [`Migration: ${output.from.principalName || output.from.displayName} → ${output.to.displayName} (service principal)`, ""];
  const where = (row: ParityRow) => (row.repository ? `${row.project}/${row.repository}` : row.project);
  const width = Math.max(20, ...output.parity.map((row) => `${where(row)}  ${row.permission}`.length));
  lines.push(`${"Where  Permission".padEnd(width)}  service user  service principal`);
  for (const row of output.parity) {
    lines.push(`${`${where(row)}  ${row.permission}`.padEnd(width)}  ${MARK[row.from].padEnd(12)}  ${MARK[row.to]}`);
  }
  if (output.hooksAtRisk.length > 0) {
    lines.push("", `Still depending on the service user: ${output.hooksAtRisk.length} dbt Cloud service hook subscriptions it created`);
    for (const hook of output.hooksAtRisk) {
      lines.push(`  ${hook.project ?? "?"}/${hook.repository ?? "any repository"}  ${hook.eventType}  ${hook.state}  (${hook.id})`);
    }
    lines.push("Reconnect these repositories in dbt Cloud after switching to the service principal, before removing the service user.");
  }
  lines.push(...dependencyText(output.dependencies));
  const missing = output.parity.filter((row) => row.to !== "allow").length;
  lines.push(
    "",
    missing === 0 ? "The service principal has every required permission." : `The service principal lacks ${missing} required permissions.`,
  );
  return lines.join("\n");
}

function dependencyText({ ownEntries, memberships }: IdentityDependencies): string[] {
  const lines = ["", "Left in place for the service user (review before removing it):"];
  if (ownEntries.length === 0) lines.push("  no permission entries of its own in the projects above");
  for (const entry of ownEntries) {
    const where = entry.repository ? `${entry.project}/${entry.repository}` : (entry.project ?? "the whole organization");
    const bits = [entry.allows.length > 0 && `allow ${entry.allows.join(", ")}`, entry.denies.length > 0 && `deny ${entry.denies.join(", ")}`]
      .filter(Boolean)
      .join("; ");
    lines.push(`  entry   ${where}  ${entry.namespaceName}: ${bits || "other permissions only"}  (allow ${entry.allow}, deny ${entry.deny})`);
  }
  if (memberships.length === 0) lines.push("  member of no group directly");
  for (const membership of memberships) lines.push(`  member  ${membership.group}`);
  // PATs are shown to their owner; administrators list them only through the Token Administration API
  // (https://learn.microsoft.com/rest/api/azure/devops/tokenadmin/personal-access-tokens/list), which this read does not call.
  lines.push("  Personal access tokens of the service user are not read here; revoke them when you remove it.");
  return lines;
}

export const migrateCommand: Command = { spec: migrateSpec, execute };
