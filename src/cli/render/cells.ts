/**
 * Walks an AuditReport as a flat list of permission cells (one per project × project permission and per
 * repository × repository permission), in catalogue order, and counts what is complete. Every output
 * format renders from these so they all agree on what counts.
 */
import { isProjectComplete, isRepositoryComplete, summarizeCompletion } from "../../core/audit/completion";
import {
  PROJECT_PERMISSIONS,
  REPOSITORY_PERMISSIONS,
  type PermissionKey,
  type ProjectPermissionKey,
  type RepositoryPermissionKey,
  type RequiredPermission,
} from "../../core/permissions/catalogue";
import type { AuditReport, Effective, PermissionResult, ProjectAudit, ReportIdentity, RepositoryAudit } from "../../core/audit/report";

export interface Cell {
  project: ProjectAudit;
  /** Absent for a project-level permission. */
  repository?: RepositoryAudit;
  permission: RequiredPermission;
  result: PermissionResult;
}

/** Disabled repositories are listed but do not count against the result (design.md). */
export function isCounted(cell: Cell): boolean {
  return !cell.repository?.isDisabled;
}

export function projectCells(project: ProjectAudit): Cell[] {
  return PROJECT_PERMISSIONS.map((permission) => ({
    project,
    permission,
    result: project.permissions[permission.key as ProjectPermissionKey],
  }));
}

export function repositoryCells(project: ProjectAudit, repository: RepositoryAudit): Cell[] {
  return REPOSITORY_PERMISSIONS.map((permission) => ({
    project,
    repository,
    permission,
    result: repository.permissions[permission.key as RepositoryPermissionKey],
  }));
}

/** Every cell of the report: each project's own cells, then its repositories' cells. */
export function allCells(report: AuditReport): Cell[] {
  return report.projects.flatMap((project) => [
    ...projectCells(project),
    ...project.repositories.flatMap((repository) => repositoryCells(project, repository)),
  ]);
}

/** Cells that are not effectively allowed, disabled repositories included (callers decide how to show them). */
export function problemCells(report: AuditReport): Cell[] {
  return allCells(report).filter((cell) => cell.result.effective !== "allow");
}

export interface ProjectCompletion {
  /** Project-level permissions allowed, of all of them. */
  allowed: number;
  permissions: number;
  repositoriesComplete: number;
  /** Enabled repositories only. */
  repositories: number;
  disabledRepositories: number;
  /** Own permissions and every enabled repository complete. */
  complete: boolean;
}

/** A repository is complete when all its permissions are allowed; disabled ones are not counted. */
export function projectCompletion(project: ProjectAudit): ProjectCompletion {
  const own = projectCells(project);
  const enabled = project.repositories.filter((r) => !r.isDisabled);
  const allowed = own.filter((cell) => cell.result.effective === "allow").length;
  const repositoriesComplete = enabled.filter(isRepositoryComplete).length;
  return {
    allowed,
    permissions: own.length,
    repositoriesComplete,
    repositories: enabled.length,
    disabledRepositories: project.repositories.length - enabled.length,
    complete: isProjectComplete(project),
  };
}

export interface Completion {
  /** Projects whose own permissions and every enabled repository are allowed (as in the hubs' summary). */
  projectsComplete: number;
  projects: number;
  repositoriesComplete: number;
  /** Enabled repositories only. */
  repositories: number;
  disabledRepositories: number;
}

export function completion(report: AuditReport): Completion {
  const summary = summarizeCompletion(report);
  return {
    projectsComplete: summary.projects.complete,
    projects: summary.projects.total,
    repositoriesComplete: summary.repositories.complete,
    repositories: summary.repositories.total,
    disabledRepositories: summary.repositories.disabled,
  };
}

export function summaryLine(report: AuditReport): string {
  const c = completion(report);
  const disabled = c.disabledRepositories > 0 ? ` (${c.disabledRepositories} disabled not counted)` : "";
  return `${c.projectsComplete} of ${c.projects} projects and ${c.repositoriesComplete} of ${c.repositories} repositories complete${disabled}${verificationText(report)}`;
}

/** "; 42 cells checked with Azure DevOps in 3 requests, 1 differs" (nothing without --verify). */
function verificationText(report: AuditReport): string {
  const v = report.verification;
  if (!v) return "";
  const cells = v.checked === 1 ? "1 cell" : `${v.checked} cells`;
  const requests = v.requests === 1 ? "1 request" : `${v.requests} requests`;
  const differs = v.mismatched === 0 ? "all confirmed" : v.mismatched === 1 ? "1 differs" : `${v.mismatched} differ`;
  return `; ${cells} checked with Azure DevOps in ${requests}, ${differs}`;
}

export const EFFECTIVE_WORDS: Record<Effective, string> = {
  allow: "allowed",
  deny: "denied",
  notSet: "not set",
};

/** `Analytics` or `Analytics/dbt-models`. */
export function cellLocation(cell: Cell): string {
  return cell.repository ? `${cell.project.name}/${cell.repository.name}` : cell.project.name;
}

/** Short column labels for narrow layouts; a Record so a new catalogue key cannot be forgotten. */
export const SHORT_LABELS: Record<PermissionKey, string> = {
  GENERIC_READ: "Read",
  ViewSubscriptions: "View",
  EditSubscriptions: "Edit",
  DeleteSubscriptions: "Delete",
  GenericRead: "Read",
  GenericContribute: "Contrib",
  PullRequestContribute: "PR",
};

/** Entitlement `accountLicenseType` values as the Users page names them (https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get). */
const ACCESS_LEVEL_NAMES: Record<string, string> = {
  express: "Basic",
  advanced: "Basic + Test Plans",
  stakeholder: "Stakeholder",
  professional: "Visual Studio Subscriber",
  earlyAdopter: "Early Adopter",
  none: "No access",
};

export function accessLevelText(accessLevel: string | null): string {
  if (accessLevel === null) return "unknown";
  const name = ACCESS_LEVEL_NAMES[accessLevel];
  if (!name || name.toLowerCase() === accessLevel.toLowerCase()) return name ?? accessLevel;
  return `${name} (${accessLevel})`;
}

/** Without an entitlement (accessLevel null) a missing date means "unknown", not "never signed in". */
export function lastAccessText(identity: Pick<ReportIdentity, "accessLevel" | "lastAccessedDate">): string {
  if (identity.lastAccessedDate !== null) return `last access ${identity.lastAccessedDate}`;
  return identity.accessLevel === null ? "last access unknown" : "never signed in";
}
