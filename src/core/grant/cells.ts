/**
 * The planner's unit of work: a cell (one required permission on one project or repository), read from an
 * audit report, and the ladder of tokens an allow for it can be written on, from the widest the chosen scope
 * allows down to the token the permission is checked on.
 */
import { NAMESPACES, REQUIRED_PERMISSIONS, type NamespaceKey, type PermissionKey, type RequiredPermission } from "../permissions/catalogue";
import { aclIndexFor, evaluate, type AclIndex, type AclIndexCache } from "../permissions/evaluate";
import { collectionAdminDescriptors, identityClosure } from "../permissions/closure";
import type { GrantScope, PlanCell, TokenLevel } from "./model";
import type { AuditReport, PermissionResult } from "../audit/report";
import type { OrgSnapshot } from "../snapshot";
import { gitToken, parseToken, serviceHooksToken } from "../permissions/tokens";

const PERMISSIONS = new Map<string, RequiredPermission>(REQUIRED_PERMISSIONS.map((permission) => [permission.key, permission]));

export interface EvaluatedCell {
  cell: PlanCell;
  result: PermissionResult;
}

/** A stable key for a cell: project, repository (or empty) and permission, lower-cased. */
export function cellKey(cell: Pick<PlanCell, "projectId" | "repositoryId" | "permission">): string {
  return `${cell.projectId}|${cell.repositoryId ?? ""}|${cell.permission}`.toLowerCase();
}

/** Reports are immutable once made, so their cells are computed once. */
const cellsOfReport = new WeakMap<AuditReport, Map<string, EvaluatedCell>>();

/**
 * Every cell of the report, disabled repositories left out (they do not count against the audit either).
 * The map is shared between callers: do not change it.
 */
export function reportCells(report: AuditReport): ReadonlyMap<string, EvaluatedCell> {
  const cached = cellsOfReport.get(report);
  if (cached) return cached;
  const cells = new Map<string, EvaluatedCell>();
  cellsOfReport.set(report, cells);
  // Keys built from parts lower-cased once (the same text as cellKey): at 5,000 projects a report has 170,000 cells.
  for (const project of report.projects) {
    const projectKey = project.id.toLowerCase();
    for (const [key, result] of Object.entries(project.permissions)) {
      const permission = requiredPermission(key);
      const cell: PlanCell = {
        projectId: project.id,
        projectName: project.name,
        permission: key as PermissionKey,
        token: result.token,
        namespace: permission.namespace,
        bit: permission.bit,
      };
      cells.set(`${projectKey}||${key.toLowerCase()}`, { cell, result });
    }
    for (const repo of project.repositories) {
      if (repo.isDisabled) continue;
      const repositoryKey = `${projectKey}|${repo.id.toLowerCase()}|`;
      for (const [key, result] of Object.entries(repo.permissions)) {
        const permission = requiredPermission(key);
        const cell: PlanCell = {
          projectId: project.id,
          projectName: project.name,
          repositoryId: repo.id,
          repositoryName: repo.name,
          permission: key as PermissionKey,
          token: result.token,
          namespace: permission.namespace,
          bit: permission.bit,
        };
        cells.set(repositoryKey + key.toLowerCase(), { cell, result });
      }
    }
  }
  return cells;
}

function requiredPermission(key: string): RequiredPermission {
  const permission = PERMISSIONS.get(key);
  if (!permission) throw new Error(`Unknown permission key ${key} in the audit report`);
  return permission;
}

/**
 * The same evaluation the audit makes (same evaluator, same closure, same permission names in the reasons),
 * for just these cells: the planner re-checks a handful of cells many times, and a full audit each time
 * would not scale to thousands of repositories.
 */
export function evaluateCells(snapshot: OrgSnapshot, cells: Iterable<PlanCell>, cache?: AclIndexCache): Map<string, EvaluatedCell> {
  const closure = identityClosure(snapshot.identity, snapshot.groups);
  const collectionAdmins = collectionAdminDescriptors(snapshot.groups);
  const indexes = new Map<NamespaceKey, AclIndex>();
  const result = new Map<string, EvaluatedCell>();
  for (const cell of cells) {
    let acls = indexes.get(cell.namespace);
    if (!acls) {
      acls = aclIndexFor(cell.namespace, snapshot.acls[cell.namespace] ?? [], cache, { retainChains: cache !== undefined });
      indexes.set(cell.namespace, acls);
    }
    const permission = PERMISSIONS.get(cell.permission)!;
    const evaluated = evaluate({
      namespace: cell.namespace,
      token: cell.token,
      bit: cell.bit,
      acls,
      closure,
      groups: snapshot.groups,
      collectionAdmins,
      permissionName: `${permission.displayName} (${NAMESPACES[cell.namespace].name} ${permission.key})`,
    });
    result.set(cellKey(cell), { cell, result: evaluated });
  }
  return result;
}

/** The cells of the report that are not effectively allowed. */
export function gapCells(report: AuditReport, alreadyEffective?: ReadonlySet<string>): Map<string, EvaluatedCell> {
  const gaps = new Map<string, EvaluatedCell>();
  for (const [key, evaluated] of reportCells(report)) {
    // Azure DevOps says it is allowed (OrgSnapshot.alreadyEffective): not a gap, whatever the ACLs read say.
    if (evaluated.result.effective !== "allow" && !alreadyEffective?.has(key)) gaps.set(key, evaluated);
  }
  return gaps;
}

/**
 * Keys of the cells the local evaluation found missing but Azure DevOps says are allowed (a verified report's
 * `mismatch` cells now allowed): what OrgSnapshot.alreadyEffective carries to the planner.
 */
export function alreadyEffectiveCells(report: AuditReport): string[] {
  return [...reportCells(report)].filter(([, { result }]) => result.verification === "mismatch" && result.effective === "allow").map(([key]) => key);
}

/**
 * Tokens an allow for `cell` may be written on, widest first; the last is always the checked token.
 * GENERIC_READ is normally granted by a Readers membership; its ladder is the explicit fallback.
 */
export function tokenLadder(cell: PlanCell, scope: GrantScope): string[] {
  switch (cell.namespace) {
    case "project":
      return [cell.token];
    case "serviceHooks":
      return scope === "org" ? [serviceHooksToken(), serviceHooksToken(cell.projectId)] : [serviceHooksToken(cell.projectId)];
    case "gitRepositories": {
      if (cell.repositoryId === undefined) throw new Error(`Git permission ${cell.permission} needs a repository`);
      const repository = gitToken(cell.projectId, cell.repositoryId);
      if (scope === "repo") return [repository];
      if (scope === "project") return [gitToken(cell.projectId), repository];
      return [gitToken(), gitToken(cell.projectId), repository];
    }
  }
}

/** Whether a token names the whole organization, one project, or one repository. */
export function tokenLevel(token: string): TokenLevel {
  const parsed = parseToken(token);
  if (parsed.repoId !== undefined) return "repository";
  if (parsed.projectId !== undefined) return "project";
  return "organization";
}

/** "Contribute (GenericContribute)". */
export function permissionLabel(permission: PermissionKey): string {
  return `${PERMISSIONS.get(permission)?.displayName ?? permission} (${permission})`;
}

/** "ServiceHooks", "Git Repositories", "Project". */
export function namespaceName(cell: Pick<PlanCell, "namespace">): string {
  return NAMESPACES[cell.namespace].name;
}

/** "Analytics" or "Analytics/dbt-models", for people. */
export function cellPlace(cell: PlanCell): string {
  return cell.repositoryName === undefined ? cell.projectName : `${cell.projectName}/${cell.repositoryName}`;
}
