/**
 * The planner's unit of work: a cell (one required permission on one project or repository), read from an
 * audit report, and the ladder of tokens an allow for it can be written on, from the widest the chosen scope
 * allows down to the token the permission is checked on.
 */
import { NAMESPACES, permissionByKey, type PermissionKey } from "./catalogue";
import type { GrantScope, PlanCell, TokenLevel } from "./plan-model";
import type { AuditReport, PermissionResult } from "./report";
import { gitToken, parseToken, serviceHooksToken } from "./tokens";

export interface EvaluatedCell {
  cell: PlanCell;
  result: PermissionResult;
}

/** A stable key for a cell: project, repository (or empty) and permission, lower-cased. */
export function cellKey(cell: Pick<PlanCell, "projectId" | "repositoryId" | "permission">): string {
  return `${cell.projectId}|${cell.repositoryId ?? ""}|${cell.permission}`.toLowerCase();
}

/** Every cell of the report, disabled repositories left out (they do not count against the audit either). */
export function reportCells(report: AuditReport): Map<string, EvaluatedCell> {
  const cells = new Map<string, EvaluatedCell>();
  const add = (cell: Omit<PlanCell, "namespace" | "bit">, result: PermissionResult) => {
    const permission = permissionByKey(cell.permission);
    const full: PlanCell = { ...cell, namespace: permission.namespace, bit: permission.bit };
    cells.set(cellKey(full), { cell: full, result });
  };
  for (const project of report.projects) {
    for (const [key, result] of Object.entries(project.permissions)) {
      add({ projectId: project.id, projectName: project.name, permission: key as PermissionKey, token: result.token }, result);
    }
    for (const repo of project.repositories) {
      if (repo.isDisabled) continue;
      for (const [key, result] of Object.entries(repo.permissions)) {
        add(
          {
            projectId: project.id,
            projectName: project.name,
            repositoryId: repo.id,
            repositoryName: repo.name,
            permission: key as PermissionKey,
            token: result.token,
          },
          result,
        );
      }
    }
  }
  return cells;
}

/** The cells of the report that are not effectively allowed. */
export function gapCells(report: AuditReport): Map<string, EvaluatedCell> {
  const gaps = new Map<string, EvaluatedCell>();
  for (const [key, evaluated] of reportCells(report)) if (evaluated.result.effective !== "allow") gaps.set(key, evaluated);
  return gaps;
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
  return `${permissionByKey(permission).displayName} (${permission})`;
}

/** "ServiceHooks", "Git Repositories", "Project". */
export function namespaceName(cell: Pick<PlanCell, "namespace">): string {
  return NAMESPACES[cell.namespace].name;
}

/** "Analytics" or "Analytics/dbt-models", for people. */
export function cellPlace(cell: PlanCell): string {
  return cell.repositoryName === undefined ? cell.projectName : `${cell.projectName}/${cell.repositoryName}`;
}
