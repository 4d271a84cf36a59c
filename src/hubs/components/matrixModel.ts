/**
 * Turns an AuditReport (computed by src/core) into the rows the permission matrix shows: projects,
 * optionally expanded into their repositories, optionally only those with a problem. It counts and
 * filters results; it never decides a permission.
 */
import { REPOSITORY_PERMISSIONS, type RepositoryPermissionKey } from "../../core/permissions/catalogue";
import type { AuditReport, ProjectAudit, RepositoryAudit } from "../../core/audit/report";
import {
  isAllowed,
  isProjectComplete,
  isRepositoryComplete,
  projectPermissionsComplete,
  summarizeCompletion,
  type CompletionSummary,
} from "../../core/audit/completion";

export interface RepositoryTally {
  /** Enabled repositories where the permission is effectively allowed. */
  allowed: number;
  /** Enabled repositories (disabled ones do not count, as in the report's `ok`). */
  total: number;
}

export interface ProjectRow {
  kind: "project";
  key: string;
  project: ProjectAudit;
  expanded: boolean;
  /** Every project permission allowed and every enabled repository complete. */
  complete: boolean;
  repositoryTallies: Record<RepositoryPermissionKey, RepositoryTally>;
  /** Enabled repositories with at least one permission not allowed. */
  incompleteRepositories: number;
}

export interface RepositoryRow {
  kind: "repository";
  key: string;
  project: ProjectAudit;
  repository: RepositoryAudit;
  complete: boolean;
}

export type MatrixRow = ProjectRow | RepositoryRow;

export interface MatrixOptions {
  /** Ids of expanded projects. */
  expanded: ReadonlySet<string>;
  /** Keep only projects and repositories with a permission that is not allowed. */
  problemsOnly: boolean;
}

export type MatrixSummary = CompletionSummary;
export { isAllowed, isProjectComplete, isRepositoryComplete, projectPermissionsComplete };

function tallies(project: ProjectAudit): Record<RepositoryPermissionKey, RepositoryTally> {
  const enabled = project.repositories.filter((repository) => !repository.isDisabled);
  const result = {} as Record<RepositoryPermissionKey, RepositoryTally>;
  for (const permission of REPOSITORY_PERMISSIONS) {
    const key = permission.key as RepositoryPermissionKey;
    result[key] = { allowed: enabled.filter((r) => isAllowed(r.permissions[key])).length, total: enabled.length };
  }
  return result;
}

export function buildMatrixRows(report: AuditReport, options: MatrixOptions): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (const project of report.projects) {
    const complete = isProjectComplete(project);
    if (options.problemsOnly && complete) continue;
    const expanded = options.expanded.has(project.id);
    rows.push({
      kind: "project",
      key: project.id,
      project,
      expanded,
      complete,
      repositoryTallies: tallies(project),
      incompleteRepositories: project.repositories.filter((r) => !r.isDisabled && !isRepositoryComplete(r)).length,
    });
    if (!expanded) continue;
    for (const repository of project.repositories) {
      const repositoryComplete = isRepositoryComplete(repository);
      // Disabled repositories do not count against the result, so they are not "problems".
      if (options.problemsOnly && (repositoryComplete || repository.isDisabled)) continue;
      rows.push({
        kind: "repository",
        key: `${project.id}/${repository.id}`,
        project,
        repository,
        complete: repositoryComplete,
      });
    }
  }
  return rows;
}

/** The counts come from src/core so the hub, the CLI table and the markdown report agree. */
export const summarizeReport = summarizeCompletion;
