/** Stable ordering of cells and changes, so plans, scripts and tests read the same every time. */
import { REQUIRED_PERMISSIONS, type NamespaceKey, type PermissionKey } from "../permissions/catalogue";
import { cellKey } from "./cells";
import type { AceGrant, MembershipGrant, PlanCell } from "./model";

const NAMESPACE_ORDER: NamespaceKey[] = ["project", "serviceHooks", "gitRepositories"];
const LEVEL_ORDER = ["organization", "project", "repository"];
const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

export function compareCells(a: PlanCell, b: PlanCell): number {
  return (
    collator.compare(a.projectName, b.projectName) ||
    collator.compare(a.repositoryName ?? "", b.repositoryName ?? "") ||
    REQUIRED_PERMISSIONS.findIndex((p) => p.key === a.permission) - REQUIRED_PERMISSIONS.findIndex((p) => p.key === b.permission) ||
    cellKey(a).localeCompare(cellKey(b))
  );
}

export function byProject(a: MembershipGrant, b: MembershipGrant): number {
  return collator.compare(a.projectName, b.projectName) || a.projectId.localeCompare(b.projectId);
}

export function compareAceChanges(a: AceGrant, b: AceGrant): number {
  return (
    NAMESPACE_ORDER.indexOf(a.namespace) - NAMESPACE_ORDER.indexOf(b.namespace) ||
    LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) ||
    collator.compare(a.projectName ?? "", b.projectName ?? "") ||
    collator.compare(a.repositoryName ?? "", b.repositoryName ?? "") ||
    a.token.localeCompare(b.token)
  );
}

/** Each permission once, in catalogue order. */
export function uniquePermissions(permissions: PermissionKey[]): PermissionKey[] {
  const order = REQUIRED_PERMISSIONS.map((p) => p.key);
  return [...new Set(permissions)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}
