/**
 * A namespace's ACLs for the projects in scope: in one request where the answer is of a reasonable size (the
 * namespace root with `recurse=true`, the flat Project namespace whole: read/snapshot.ts `readNamespaceAcls`),
 * and one request per project when that single answer does not come (it timed out, the connection broke
 * while it was being sent, or the service failed on it after the transport's retries). At 10,000 projects x 10
 * repositories the recursive Git read is tens of MB: fine on a good link, risky through a proxy or a slow one.
 *
 * The fallback reads the root's own ACL, then each project's token (with `recurse` in the hierarchical
 * namespaces, so a project's repositories come with it); the transport bounds how many run at once. Each
 * answer is a subset of the whole read's, so the snapshot assembled from them is the same.
 */
import { NAMESPACES, type NamespaceKey } from "../../core/permissions/catalogue";
import { gitToken, projectToken, serviceHooksToken } from "../../core/permissions/tokens";
import { isAdoError, type AdoError } from "../http/errors";
import type { AclQuery } from "../rest/security-client";
import type { WireAccessControlList } from "../rest/wire";
import type { ReaderContext } from "./identity";
import { readNamespaceAcls } from "./snapshot";

type AclFilter = Pick<AclQuery, "descriptors" | "includeExtendedInfo">;

export async function readNamespaceAclsInScope<T = WireAccessControlList>(
  ctx: ReaderContext,
  namespace: NamespaceKey,
  projectIds: readonly string[],
  filter: AclFilter = {},
  /** What to keep of each ACL as it arrives (undefined drops it); the ACLs themselves when absent. */
  keep?: (acl: WireAccessControlList) => T | undefined,
): Promise<T[]> {
  try {
    return await readNamespaceAcls(ctx.clients.forLargeReads(), namespace, filter, keep);
  } catch (error) {
    if (!isAdoError(error) || !answerDidNotCome(error)) throw error;
    ctx.progress(
      `The ${NAMESPACES[namespace].name} permissions did not come in one answer (${error.message}); reading them one project at a time (${projectIds.length} projects)`,
    );
    return readPerProject(ctx, namespace, projectIds, filter, keep);
  }
}

/** A slow or broken answer, as opposed to a refusal (401, 403, 404) that smaller reads would get too. */
export function answerDidNotCome(error: AdoError): boolean {
  if (error.kind === "network") return error.timedOut === true || error.sent === true;
  return error.kind === "server" && (error.status ?? 0) >= 500;
}

async function readPerProject<T>(
  ctx: ReaderContext,
  namespace: NamespaceKey,
  projectIds: readonly string[],
  filter: AclFilter,
  keep: ((acl: WireAccessControlList) => T | undefined) | undefined,
): Promise<T[]> {
  const security = await ctx.clients.security();
  const info = NAMESPACES[namespace];
  const hierarchical = info.separator !== null;
  const queries: AclQuery[] = [
    { token: info.rootToken, ...filter },
    ...projectIds.map((projectId) => ({ token: projectLevelToken(namespace, projectId), ...(hierarchical ? { recurse: true } : {}), ...filter })),
  ];
  const answers = await Promise.all(queries.map((query) => security.queryAccessControlLists<T>(info.id, query, keep)));
  return answers.flat();
}

function projectLevelToken(namespace: NamespaceKey, projectId: string): string {
  if (namespace === "project") return projectToken(projectId);
  return namespace === "serviceHooks" ? serviceHooksToken(projectId) : gitToken(projectId);
}
