/**
 * Reads an organization into an OrgSnapshot in a number of requests that does not grow with the number of
 * projects or repositories (beyond paging): for 1,000 projects x 10 repositories, about 30 requests, plus the
 * Graph memberships cross-check (at most GRAPH_WALK_BUDGET, more only for groups Graph alone lists).
 *
 *   identity          Identities: ExpandedUp, then the closure's direct parents in batches of 500 (POST identitybatch)
 *   memberships       Graph memberships walked upward from the identity (see graph-memberships.ts)
 *   groups            Graph groups, paged (500 a page); only when `projectGroups` (the grant planner's need)
 *   entitlement       1 (userentitlements or serviceprincipalentitlements)
 *   projects          paged (x-ms-continuationtoken)
 *   repositories      1, organization-wide (`GET {org}/_apis/git/repositories` (https://learn.microsoft.com/rest/api/azure/devops/git/repositories/list))
 *   ACLs              1 per namespace: the namespace root with `recurse=true` (all descendants (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query));
 *                     the flat Project namespace has no descendants to recurse into, so it is read whole.
 *   discovery         1 (ResourceAreas), CLI only
 */
import { NAMESPACES, type NamespaceKey } from "../../core/permissions/catalogue";
import type { AccessControlList, OrgSnapshot, ProjectInfo, RepositoryInfo } from "../../core/snapshot";
import { aclKeeper, aclsInScope, tokensInScope, type DescriptorInterner } from "./acls";
import type { GatewayClients } from "../rest/gateway-clients";
import { readIdentityAndGroups, resolveWithClosure, type ReaderContext } from "./identity";
import { listAllProjects, selectProjects } from "./projects";
import type { WireAccessControlList, WireRepository } from "../rest/wire";
import type { AclQuery } from "../rest/security-client";
import { readNamespaceAclsInScope } from "./namespace-acls";
import { readRepositoriesInScope } from "./repositories";

export interface SnapshotOptions {
  /** UPN/e-mail, display name, identity descriptor or subject descriptor. */
  identity: string;
  /** Project names or ids; all projects when empty or absent. */
  projects?: string[];
  /**
   * Cross-check the identity's groups with Graph memberships walked upward (default true). A re-read right
   * after a grant's writes leaves it out: the memberships were cross-checked minutes before.
   */
  crossCheckMemberships?: boolean;
  /**
   * Also read the well-known groups of every project in scope (see IdentityReadOptions.projectGroups): the grant
   * planner needs them, an audit does not. Default true.
   */
  projectGroups?: boolean;
}

export const NAMESPACE_KEYS: readonly NamespaceKey[] = ["project", "serviceHooks", "gitRepositories"];

export function toRepositoryInfo(repository: WireRepository, projectId?: string): RepositoryInfo {
  return {
    id: repository.id,
    name: repository.name,
    projectId: repository.project?.id ?? projectId ?? "",
    isDisabled: repository.isDisabled === true,
  };
}

export function sortRepositories(repositories: RepositoryInfo[]): RepositoryInfo[] {
  return repositories.sort((a, b) => a.projectId.localeCompare(b.projectId) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Phase 1, shared by both readers: who, and which projects (the inputs a user can get wrong). */
export async function resolveInputs(ctx: ReaderContext, options: SnapshotOptions) {
  const [resolved, projects] = await Promise.all([
    resolveWithClosure(ctx, options.identity),
    (async () =>
      selectProjects(await listAllProjects(await ctx.clients.core(), ctx.progress), options.projects ?? [], ctx.clients.organization.name))(),
  ]);
  ctx.progress(`Projects in scope: ${projects.length}`);
  return { resolved, projects };
}

/** Every repository of the organization in one list, read as it arrives, keeping those of `projectIds`. */
export async function readAllRepositories(clients: GatewayClients, projectIds: Set<string>): Promise<RepositoryInfo[]> {
  const git = await clients.gitLists();
  return sortRepositories(await git.listRepositories(undefined, repositoryKeeper(projectIds)));
}

/** What a repository list keeps of each repository as it arrives: its RepositoryInfo when in scope. */
export function repositoryKeeper(projectIds: ReadonlySet<string>, projectId?: string): (wire: unknown) => RepositoryInfo | undefined {
  // One string per project id, not one per repository.
  const projectIdStrings = new Map<string, string>();
  return (wire) => {
    if (!wire || typeof wire !== "object") return undefined;
    const repository = toRepositoryInfo(wire as WireRepository, projectId);
    const known = projectIdStrings.get(repository.projectId);
    if (known === undefined) projectIdStrings.set(repository.projectId, repository.projectId);
    else repository.projectId = known;
    return projectIds.has(repository.projectId.toLowerCase()) ? repository : undefined;
  };
}

/**
 * Every ACL of a namespace in one query; `filter` narrows the entries to identities (and asks for their effective
 * bits, see read/service-evaluation.ts) without changing which ACLs come back.
 */
export async function readNamespaceAcls<T = WireAccessControlList>(
  clients: GatewayClients,
  namespace: NamespaceKey,
  filter: Pick<AclQuery, "descriptors" | "includeExtendedInfo"> = {},
  /** What to keep of each ACL as it arrives (see SecurityRestClient.queryAccessControlLists). */
  keep?: (acl: WireAccessControlList) => T | undefined,
): Promise<T[]> {
  const security = await clients.security();
  const info = NAMESPACES[namespace];
  // Hierarchical namespaces: the root and everything below it. The flat Project namespace: every ACL (the
  // unfiltered query (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query)), since recurse only applies to hierarchical namespaces.
  const scope = info.separator === null ? {} : { token: info.rootToken, recurse: true };
  return security.queryAccessControlLists<T>(info.id, { ...scope, ...filter }, keep);
}

/** The in-scope ACLs of each namespace from `readNamespaceAcls` answers given in NAMESPACE_KEYS order. */
export function aclsForScope(
  projects: readonly ProjectInfo[],
  repositories: readonly RepositoryInfo[],
  wireAcls: readonly WireAccessControlList[][],
): Record<NamespaceKey, AccessControlList[]> {
  const acls = emptyAcls();
  const ids = projects.map((project) => project.id);
  NAMESPACE_KEYS.forEach((namespace, index) => {
    acls[namespace] = aclsInScope(namespace, wireAcls[index], tokensInScope(namespace, ids, repositories));
  });
  return acls;
}

export function emptyAcls(): Record<NamespaceKey, AccessControlList[]> {
  return { project: [], serviceHooks: [], gitRepositories: [] };
}

export function assembleSnapshot(clients: GatewayClients, parts: Omit<OrgSnapshot, "organization">): OrgSnapshot {
  return { organization: { name: clients.organization.name, url: clients.organization.url }, ...parts };
}

export async function readSnapshot(ctx: ReaderContext, options: SnapshotOptions): Promise<OrgSnapshot> {
  const { resolved, projects } = await resolveInputs(ctx, options);
  const projectIds = new Set(projects.map((project: ProjectInfo) => project.id.toLowerCase()));

  const interner: DescriptorInterner = new Map();
  const [identityAndGroups, repositories, ...wireAcls] = await Promise.all([
    readIdentityAndGroups(ctx, resolved, projectIds, { crossCheck: options.crossCheckMemberships !== false, projectGroups: options.projectGroups }),
    readRepositoriesInScope(ctx, projectIds),
    ...NAMESPACE_KEYS.map((namespace) => readNamespaceAclsInScope(ctx, namespace, [...projectIds], {}, aclKeeper(namespace, projectIds, interner))),
  ]);
  ctx.progress(`Repositories in scope: ${repositories.length}`);
  return assembleSnapshot(ctx.clients, { ...identityAndGroups, projects, repositories, acls: aclsForScope(projects, repositories, wireAcls) });
}
