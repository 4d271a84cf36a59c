/**
 * The straightforward way to read the same snapshot, kept only so the benchmark can show what the real reader
 * saves: repositories project by project, and one ACL query per token (each project's token in each
 * namespace, each repository's token, and the three roots), none of them recursive. Same result as
 * `readSnapshot`, in O(projects + repositories) requests. Do not use it for anything else.
 */
import { NAMESPACES, type NamespaceKey } from "../../core/permissions/catalogue";
import type { OrgSnapshot, RepositoryInfo } from "../../core/snapshot";
import { gitToken, projectToken, serviceHooksToken } from "../../core/permissions/tokens";
import { aclsInScope, tokensInScope } from "./acls";
import { readIdentityAndGroups, type ReaderContext } from "./identity";
import { assembleSnapshot, emptyAcls, NAMESPACE_KEYS, resolveInputs, sortRepositories, toRepositoryInfo, type SnapshotOptions } from "./snapshot";
import type { WireAccessControlList, WireRepository } from "../rest/wire";

export async function readSnapshotNaiveWith(ctx: ReaderContext, options: SnapshotOptions): Promise<OrgSnapshot> {
  const { resolved, projects } = await resolveInputs(ctx, options);
  const projectIds = new Set(projects.map((project) => project.id.toLowerCase()));
  const [git, security] = await Promise.all([ctx.clients.git(), ctx.clients.security()]);

  const identityAndGroupsPromise = readIdentityAndGroups(ctx, resolved, projectIds);
  const perProject = await Promise.all(
    projects.map(async (project) => {
      const list = (await git.getRepositories(project.id)) as unknown as WireRepository[] | { value?: WireRepository[] };
      return (Array.isArray(list) ? list : (list?.value ?? [])).map((repository) => toRepositoryInfo(repository, project.id));
    }),
  );
  const repositories: RepositoryInfo[] = sortRepositories(perProject.flat());

  const queries: { namespace: NamespaceKey; token: string }[] = NAMESPACE_KEYS.map((namespace) => ({
    namespace,
    token: NAMESPACES[namespace].rootToken,
  }));
  for (const project of projects) {
    queries.push({ namespace: "project", token: projectToken(project.id) });
    queries.push({ namespace: "serviceHooks", token: serviceHooksToken(project.id) });
    queries.push({ namespace: "gitRepositories", token: gitToken(project.id) });
  }
  for (const repository of repositories) queries.push({ namespace: "gitRepositories", token: gitToken(repository.projectId, repository.id) });

  const results = await Promise.all(
    queries.map(async ({ namespace, token }) => ({
      namespace,
      acls: await security.queryAccessControlLists(NAMESPACES[namespace].id, { token, recurse: false }),
    })),
  );
  const wire: Record<NamespaceKey, WireAccessControlList[]> = { project: [], serviceHooks: [], gitRepositories: [] };
  for (const { namespace, acls } of results) wire[namespace].push(...acls);

  const acls = emptyAcls();
  const ids = projects.map((project) => project.id);
  for (const namespace of NAMESPACE_KEYS) acls[namespace] = aclsInScope(namespace, wire[namespace], tokensInScope(namespace, ids, repositories));

  return assembleSnapshot(ctx.clients, { ...(await identityAndGroupsPromise), projects, repositories, acls });
}
