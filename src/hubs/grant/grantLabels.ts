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

/** What the change is written on, in words: the group, or how far the entry reaches. */
export function changeTarget(change: PlanChange): string {
  if (change.kind === "membership") return "Group membership";
  const area = change.namespace === "serviceHooks" ? "Service hooks" : change.namespace === "gitRepositories" ? "Repositories" : "Project";
  if (change.level === "organization") return `${area} permissions for every project`;
  if (change.level === "project") return `${area} permissions for the project and all its repositories`;
  return `${area} permissions for this repository only`;
}

/** The technical facts of a change, for its "details" row: tokens, bit masks and descriptors. */
export function changeDetails(change: PlanChange): { label: string; value: string }[] {
  if (change.kind === "membership") {
    return [
      { label: "Group descriptor", value: change.groupDescriptor },
      { label: "Group subject descriptor", value: change.groupSubjectDescriptor },
      { label: "Member descriptor", value: change.memberDescriptor },
      { label: "Member subject descriptor", value: change.memberSubjectDescriptor },
      { label: "Reason", value: change.reason },
    ];
  }
  return [
    { label: "Security namespace", value: `${change.namespaceName} (${change.namespaceId})` },
    { label: "Token", value: change.token },
    { label: "Allow bits", value: `${change.allow} (${change.permissions.join(", ")})` },
    { label: "Descriptor", value: change.descriptor },
    { label: "Reason", value: change.reason },
  ];
}

/** Project and repository names by id, from every cell a plan fixes or blocks. */
export function planNames(plan: { changes: readonly PlanChange[]; blocked: readonly BlockedItem[] }): Map<string, string> {
  const names = new Map<string, string>();
  const cells = [...plan.changes.flatMap((change) => change.fixes), ...plan.blocked.map((item) => item.cell)];
  for (const cell of cells) {
    names.set(cell.projectId.toLowerCase(), cell.projectName);
    if (cell.repositoryId && cell.repositoryName)
      names.set(`${cell.projectId}/${cell.repositoryId}`.toLowerCase(), `${cell.projectName} / ${cell.repositoryName}`);
  }
  return names;
}

const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
/** Security tokens as the planner's reasons write them (the project token, the service hooks and Git ones). */
const TOKEN = new RegExp(`\\$PROJECT:vstfs:///Classification/TeamProject/(${GUID})|(?:PublisherSecurity|repoV2)(?:/(${GUID}))?(?:/(${GUID}))?`, "g");
const BIT_MASK = / \((?:Project|ServiceHooks|Git Repositories) allow bits \d+\)/g;
const ACTION_NAME =
  / \((?:GENERIC_READ|ViewSubscriptions|EditSubscriptions|DeleteSubscriptions|GenericRead|GenericContribute|PullRequestContribute)\)/g;

/**
 * The planner's reason for people: tokens become project and repository names, bit masks and action names
 * (which the details row shows) are left out.
 */
export function readableReason(reason: string, names: Map<string, string>): string {
  return reason
    .replace(BIT_MASK, "")
    .replace(ACTION_NAME, "")
    .replace(TOKEN, (token, projectOnly?: string, projectId?: string, repositoryId?: string) => {
      const project = projectOnly ?? projectId;
      if (project === undefined) return "the whole organization";
      if (repositoryId !== undefined) return names.get(`${project}/${repositoryId}`.toLowerCase()) ?? token;
      return names.get(project.toLowerCase()) ?? token;
    });
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
