/**
 * What the caller may see. Project and repository reads answer "not found" for objects the caller
 * cannot read (https://learn.microsoft.com/rest/api/azure/devops/core/projects/list, https://learn.microsoft.com/rest/api/azure/devops/git/repositories/list "unknown or not visible"): a private project needs GENERIC_READ on
 * its Project token, a repository needs Git GenericRead; public projects and their repositories are
 * readable by every member of the organization. Project Collection Administrators see everything.
 */
import type { ProjectRecord, RepositoryRecord } from "../model/records";
import { hasPermission } from "../model/evaluator";
import { findNamespace, tokens, type SecurityNamespaceDescription } from "../model/namespaces";
import type { RequestContext } from "../http/context";

const PROJECT_NS = findNamespace("Project") as SecurityNamespaceDescription;
const GIT_NS = findNamespace("Git Repositories") as SecurityNamespaceDescription;

export function canSeeProject(ctx: RequestContext, project: ProjectRecord): boolean {
  if (project.visibility === "public") return true;
  return hasPermission(ctx.org, PROJECT_NS, tokens.project(project.id), ctx.caller, 1, true);
}

export function canSeeRepository(ctx: RequestContext, repository: RepositoryRecord): boolean {
  const project = ctx.org.project(repository.projectId);
  if (!project || !canSeeProject(ctx, project)) return false;
  if (project.visibility === "public") return true;
  return hasPermission(ctx.org, GIT_NS, tokens.gitRepository(project.id, repository.id), ctx.caller, 2, true);
}
