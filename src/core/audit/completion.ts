/**
 * How complete an audit is, counted one way for every surface (hub summary, CLI table, markdown): a repository
 * is complete when its three permissions are allowed; a project is complete when its own four permissions are
 * allowed and every enabled repository in it is complete. Disabled repositories are left out of both counts.
 */
import { PROJECT_PERMISSIONS, REPOSITORY_PERMISSIONS, type ProjectPermissionKey, type RepositoryPermissionKey } from "../permissions/catalogue";
import type { AuditReport, PermissionResult, ProjectAudit, RepositoryAudit } from "./report";

export interface CompletionSummary {
  projects: { complete: number; total: number };
  repositories: { complete: number; total: number; disabled: number };
}

export const isAllowed = (result: PermissionResult): boolean => result.effective === "allow";

export function isRepositoryComplete(repository: RepositoryAudit): boolean {
  return REPOSITORY_PERMISSIONS.every((p) => isAllowed(repository.permissions[p.key as RepositoryPermissionKey]));
}

export function projectPermissionsComplete(project: ProjectAudit): boolean {
  return PROJECT_PERMISSIONS.every((p) => isAllowed(project.permissions[p.key as ProjectPermissionKey]));
}

export function isProjectComplete(project: ProjectAudit): boolean {
  return projectPermissionsComplete(project) && project.repositories.every((repository) => repository.isDisabled || isRepositoryComplete(repository));
}

export function summarizeCompletion(report: AuditReport): CompletionSummary {
  let repositoriesTotal = 0;
  let repositoriesComplete = 0;
  let disabled = 0;
  for (const project of report.projects) {
    for (const repository of project.repositories) {
      if (repository.isDisabled) {
        disabled++;
        continue;
      }
      repositoriesTotal++;
      if (isRepositoryComplete(repository)) repositoriesComplete++;
    }
  }
  return {
    projects: { complete: report.projects.filter(isProjectComplete).length, total: report.projects.length },
    repositories: { complete: repositoriesComplete, total: repositoriesTotal, disabled },
  };
}
