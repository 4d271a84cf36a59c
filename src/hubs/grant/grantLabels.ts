/** Words the grant panel shows for plan values. Presentation only: the plan itself comes from src/core. */
import { permissionByKey } from "../../core/permissions/catalogue";
import { cellPlace } from "../../core/grant/cells";
import type { BlockedItem, GrantPlan, GrantScope, PlanChange } from "../../core/grant/model";
import { pluralize } from "../components/labels";

export const SCOPE_CHOICES: Record<GrantScope, { label: string; detail: string }> = {
  org: {
    label: "Organization",
    detail:
      "Allows on the namespace roots (PublisherSecurity, repoV2), so new projects and repositories are covered too. " +
      "Moved down to a project or repository wherever a deny or switched-off inheritance requires it.",
  },
  project: {
    label: "Each project",
    detail:
      "Allows on each project's service hooks and Git tokens, covering its repositories. " +
      "Moved down to a repository wherever a deny or switched-off inheritance requires it.",
  },
  repo: {
    label: "Each repository",
    detail: "Allows on each repository's own Git token (and each project's service hooks token): the narrowest grant.",
  },
};

export const DEFAULT_SCOPE: GrantScope = "project";

/** "Add to [HR]\Readers" or "Allow Contribute, Contribute to pull requests". */
export function changeTitle(change: PlanChange): string {
  if (change.kind === "membership") return `Add to ${change.groupName}`;
  return `Allow ${change.permissions.map((key) => permissionByKey(key).displayName).join(", ")}`;
}

/** "HR", "Analytics / ml-experiments" or "Organization". */
export function changePlace(change: PlanChange): string {
  if (change.kind === "membership") return change.projectName;
  if (change.level === "organization") return "Organization";
  if (change.repositoryName !== undefined) return `${change.projectName ?? change.projectId} / ${change.repositoryName}`;
  return change.projectName ?? change.projectId ?? "";
}

/** What the change is written on: the ACE's token and bits, or the group membership. */
export function changeTarget(change: PlanChange): string {
  if (change.kind === "membership") return "Group membership";
  return `${change.namespaceName} ${change.token}, allow bits ${change.allow}`;
}

export function blockedTitle(item: BlockedItem): string {
  return `${cellPlace(item.cell).replace("/", " / ")}: ${permissionByKey(item.cell.permission).displayName}`;
}

/** The plan's own counts, in a sentence. */
export function planSummary(plan: GrantPlan): string {
  const { summary } = plan;
  if (summary.missing === 0) return "Every required permission is already effective: nothing to grant.";
  const changes = plan.changes.length;
  if (changes === 0 && summary.blocked === summary.missing) {
    return summary.missing === 1
      ? "1 missing permission, blocked: no allow can fix it."
      : `${summary.missing} missing permissions, all blocked: no allow can fix them.`;
  }
  return (
    `${pluralize(summary.missing, "missing permission")}: ${summary.fixed} fixed by ${pluralize(changes, "change")} ` +
    `(${pluralize(summary.membershipWrites, "group membership")}, ${pluralize(summary.aceWrites, "permission entry", "permission entries")}), ` +
    `${summary.blocked} blocked.`
  );
}

/** Messages from the service may or may not end with a full stop. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
