/**
 * Projects (https://learn.microsoft.com/rest/api/azure/devops/core/projects/list, https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/core/7.1) and Git repositories (https://learn.microsoft.com/rest/api/azure/devops/git/repositories/list, https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/git/7.1).
 */
import type { ProjectRecord, RepositoryRecord } from "../model/records";
import { hostUrl, sendJson, sendList, wireDate, wireEnum, type RequestContext, type RouteSpec } from "../http/context";
import { errors } from "../http/errors";
import { canSeeProject, canSeeRepository } from "./visibility";
import { SCOPES } from "../http/scopes";

/** Default page size of the projects list (inferred: https://learn.microsoft.com/rest/api/azure/devops/core/projects/list). */
export const PROJECTS_PAGE_SIZE = 100;

const PROJECT_STATE = { new: 0, wellFormed: 1, deleting: 2, createPending: 3, deleted: 4 };
const PROJECT_VISIBILITY = { private: 0, organization: 1, public: 2, systemPrivate: 3 };

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name, "en", { sensitivity: "base" });

function renderProjectReference(ctx: RequestContext, p: ProjectRecord): Record<string, unknown> {
  const body: Record<string, unknown> = { id: p.id, name: p.name };
  if (p.description) body.description = p.description;
  Object.assign(body, {
    url: `${hostUrl(ctx, "core")}/_apis/projects/${p.id}`,
    state: wireEnum(ctx, p.state, PROJECT_STATE),
    revision: p.revision,
    visibility: wireEnum(ctx, p.visibility, PROJECT_VISIBILITY),
    lastUpdateTime: wireDate(ctx, p.lastUpdateTime),
  });
  return body;
}

/** A project by id or name that the caller can see; otherwise 404 TF200016, as for an unknown one. */
export function visibleProject(ctx: RequestContext, idOrName: string): ProjectRecord {
  const project = ctx.org.project(idOrName);
  if (!project || !canSeeProject(ctx, project)) throw errors.projectNotFound(idOrName);
  return project;
}

function listProjects(ctx: RequestContext): void {
  const stateFilter = (ctx.query.get("stateFilter") ?? "wellFormed").toLowerCase();
  const top = ctx.query.int("$top") ?? PROJECTS_PAGE_SIZE;
  // continuationToken counts the projects already fetched (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/core/7.1); $skip works the same way.
  const offset = ctx.query.int("continuationToken") ?? ctx.query.int("$skip") ?? 0;
  const visible = ctx.org.projects
    .filter((p) => stateFilter === "all" || stateFilter === p.state.toLowerCase())
    .filter((p) => canSeeProject(ctx, p))
    .sort(byName);
  const page = visible.slice(offset, offset + top);
  const headers: Record<string, string> = {};
  if (offset + top < visible.length) headers["x-ms-continuationtoken"] = String(offset + top);
  sendList(
    ctx,
    page.map((p) => renderProjectReference(ctx, p)),
    headers,
  );
}

function getProject(ctx: RequestContext): void {
  const project = visibleProject(ctx, ctx.params.projectId);
  const core = hostUrl(ctx, "core");
  const body = renderProjectReference(ctx, project);
  body._links = {
    self: { href: `${core}/_apis/projects/${project.id}` },
    collection: { href: `${core}/_apis/projectCollections/${ctx.org.id}` },
    web: { href: `${core}/${encodeURIComponent(project.name)}` },
  };
  if (ctx.query.bool("includeCapabilities")) {
    body.capabilities = {
      versioncontrol: { sourceControlType: "Git", gitEnabled: "True", tfvcEnabled: "False" },
      processTemplate: { templateName: "Agile", templateTypeId: "adcc42ab-9882-485e-a3ed-7678f01f66bc" },
    };
  }
  body.defaultTeam = {
    id: ctx.org.resolve(`[${project.name}]\\${project.name} Team`)?.id ?? project.id,
    name: `${project.name} Team`,
    url: `${core}/_apis/projects/${project.id}/teams/${encodeURIComponent(`${project.name} Team`)}`,
  };
  sendJson(ctx, 200, body);
}

function renderRepository(ctx: RequestContext, r: RepositoryRecord): Record<string, unknown> {
  const project = ctx.org.project(r.projectId) as ProjectRecord;
  const core = hostUrl(ctx, "core");
  const gitPath = `${encodeURIComponent(project.name)}/_git/${encodeURIComponent(r.name)}`;
  const body: Record<string, unknown> = {
    id: r.id,
    name: r.name,
    url: `${core}/${project.id}/_apis/git/repositories/${r.id}`,
    project: renderProjectReference(ctx, project),
  };
  // Empty repositories have no defaultBranch (https://learn.microsoft.com/rest/api/azure/devops/git/repositories/list).
  if (r.defaultBranch) body.defaultBranch = r.defaultBranch;
  Object.assign(body, {
    size: r.size,
    remoteUrl: `${core.replace("://", `://${encodeURIComponent(ctx.org.name)}@`)}/${gitPath}`,
    sshUrl: `git@ssh.dev.azure.com:v3/${ctx.org.name}/${project.name}/${r.name}`,
    webUrl: `${core}/${gitPath}`,
    isDisabled: r.isDisabled,
    isInMaintenance: false,
  });
  return body;
}

function listRepositories(ctx: RequestContext): void {
  const projects = ctx.params.project ? [visibleProject(ctx, ctx.params.project)] : ctx.org.projects;
  const repositories = projects
    .flatMap((p) => ctx.org.repositoriesOf(p.id))
    .filter((r) => canSeeRepository(ctx, r))
    .sort(byName);
  sendList(
    ctx,
    repositories.map((r) => renderRepository(ctx, r)),
  );
}

function getRepository(ctx: RequestContext): void {
  const project = ctx.params.project ? visibleProject(ctx, ctx.params.project) : undefined;
  const repository = ctx.org.repository(ctx.params.repositoryId, project?.id);
  if (!repository || !canSeeRepository(ctx, repository)) throw errors.repositoryNotFound(ctx.params.repositoryId);
  sendJson(ctx, 200, renderRepository(ctx, repository));
}

const CORE_VERSION = "7.1";

/** Projects - List/Get: vso.project (or vso.profile); Repositories - List/Get: vso.code (https://learn.microsoft.com/rest/api/azure/devops/core/projects/list, https://learn.microsoft.com/rest/api/azure/devops/git/repositories/list). */
export const coreRoutes: RouteSpec[] = [
  { method: "GET", host: "core", path: "_apis/projects", version: CORE_VERSION, scopes: SCOPES.projectRead, handler: listProjects },
  { method: "GET", host: "core", path: "_apis/projects/{projectId}", version: CORE_VERSION, scopes: SCOPES.projectRead, handler: getProject },
  { method: "GET", host: "core", path: "_apis/git/repositories", version: CORE_VERSION, scopes: SCOPES.codeRead, handler: listRepositories },
  {
    method: "GET",
    host: "core",
    path: "_apis/git/repositories/{repositoryId}",
    version: CORE_VERSION,
    scopes: SCOPES.codeRead,
    handler: getRepository,
  },
  {
    method: "GET",
    host: "core",
    path: "{project}/_apis/git/repositories",
    version: CORE_VERSION,
    scopes: SCOPES.codeRead,
    handler: listRepositories,
  },
  {
    method: "GET",
    host: "core",
    path: "{project}/_apis/git/repositories/{repositoryId}",
    version: CORE_VERSION,
    scopes: SCOPES.codeRead,
    handler: getRepository,
  },
];
