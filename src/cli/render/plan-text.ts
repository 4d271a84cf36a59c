/**
 * A grant plan as plain text for a terminal (`dbt-ado grant --format table`): a summary line, then each
 * change with what it grants, where and why, then the blocked items with the change to make by hand.
 */
import { cellPlace } from "../../core/grant/cells";
import type { GrantPlan, PlanChange } from "../../core/grant/model";
import { withTerminalSafeStrings } from "./terminal-safe";

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function changeHeadline(change: PlanChange): string {
  if (change.kind === "membership") {
    return `Add to group  ${change.groupName}  (${change.permissions.join(", ")})`;
  }
  return `Allow ${change.allow}  ${change.namespaceName}  ${change.token}  (${change.permissions.join(", ")})`;
}

export function renderPlanText(unsafePlan: GrantPlan): string {
  const plan = withTerminalSafeStrings(unsafePlan);
  const { identity, summary } = plan;
  const lines: string[] = [`Grant plan for ${identity.displayName} <${identity.principalName}> in ${plan.organization.name} (scope: ${plan.scope})`];
  const writes = summary.aceWrites + summary.membershipWrites;
  if (summary.missing === 0) {
    lines.push("Every required permission is already effective: nothing to grant.");
  } else {
    lines.push(
      `${plural(summary.missing, "missing permission")}: ${summary.fixed} fixed by ${plural(writes, "change")} ` +
        `(${plural(summary.membershipWrites, "membership")}, ${plural(summary.aceWrites, "ACE write")}), ${summary.blocked} blocked.`,
    );
  }
  if (summary.skippedDisabledRepositories > 0)
    lines.push(`${plural(summary.skippedDisabledRepositories, "disabled repository", "disabled repositories")} skipped.`);
  if (!plan.verified) lines.push("WARNING: re-evaluating the plan did not give the expected result; review it before applying.");

  if (plan.changes.length > 0) {
    lines.push("", "Changes (only allow bits and a group membership are added; nothing is denied or removed):");
    plan.changes.forEach((change, index) => {
      lines.push(`  ${index + 1}. ${changeHeadline(change)}`, `     ${change.reason}`);
    });
  }
  if (plan.blocked.length > 0) {
    lines.push("", "Blocked (a deny decides these; no allow can fix them and the tool never removes a deny):");
    plan.blocked.forEach((item, index) => {
      lines.push(
        `  B${index + 1}. ${cellPlace(item.cell)}: ${item.cell.permission} on ${item.cell.token}`,
        `      ${item.reason}`,
        `      By hand: ${item.manualFix}`,
        ...item.manualCommands.map((command) => `        ${command}`),
      );
    });
  }
  if (plan.notes.length > 0) {
    lines.push("", "Not fixed by grant:");
    for (const note of plan.notes) lines.push(`  - ${note}`);
  }
  return lines.join("\n") + "\n";
}
