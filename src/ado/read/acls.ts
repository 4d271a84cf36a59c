/**
 * ACLs for the snapshot: normalised (absent numbers are 0 (https://learn.microsoft.com/rest/api/azure/devops/)) and limited to the tokens the
 * audit evaluates: each namespace's root, and the project- and repository-level tokens of the projects and
 * repositories in scope. Branch-level Git tokens (`repoV2/p/r/refs/...`) are dropped: dbt's permissions are
 * checked on the repository token, and a repository token never inherits from below.
 */
import { NAMESPACES, type NamespaceKey } from "../../core/permissions/catalogue";
import type { AccessControlList } from "../../core/snapshot";
import { gitToken, normalizeToken, projectToken, serviceHooksToken } from "../../core/permissions/tokens";
import type { WireAccessControlList } from "../rest/wire";

/**
 * One string per distinct descriptor: a parsed answer holds a fresh copy of a group's descriptor in every ACL it
 * has an entry in (twice: as the dictionary key and as the value), and at 10,000 projects that is most of the
 * snapshot's memory.
 */
export type DescriptorInterner = Map<string, string>;

function interned(interner: DescriptorInterner | undefined, value: string): string {
  if (!interner) return value;
  const known = interner.get(value);
  if (known !== undefined) return known;
  interner.set(value, value);
  return value;
}

export function toAccessControlList(wire: WireAccessControlList, interner?: DescriptorInterner): AccessControlList {
  // Without a prototype, V8 keeps the dictionary as a hash table: a plain object would get a hidden class per
  // combination of descriptors, hundreds of thousands of them at 10,000 projects.
  const acesDictionary: AccessControlList["acesDictionary"] = Object.create(null) as AccessControlList["acesDictionary"];
  for (const [key, ace] of Object.entries(wire.acesDictionary ?? {})) {
    if (!ace) continue;
    const descriptor = interned(interner, ace.descriptor || key);
    acesDictionary[interned(interner, key)] = { descriptor, allow: ace.allow ?? 0, deny: ace.deny ?? 0 };
  }
  // An ACL inherits unless it says otherwise: inheritance is the default when an ACL is created (inferred: https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries).
  return { token: wire.token, inheritPermissions: wire.inheritPermissions !== false, acesDictionary };
}

/** The (normalised) tokens of `namespace` that matter for these projects and repositories. */
export function tokensInScope(
  namespace: NamespaceKey,
  projectIds: readonly string[],
  repositories: readonly { id: string; projectId: string }[],
): Set<string> {
  const tokens = [NAMESPACES[namespace].rootToken];
  for (const projectId of projectIds) {
    if (namespace === "project") tokens.push(projectToken(projectId));
    if (namespace === "serviceHooks") tokens.push(serviceHooksToken(projectId));
    if (namespace === "gitRepositories") tokens.push(gitToken(projectId));
  }
  if (namespace === "gitRepositories") for (const repo of repositories) tokens.push(gitToken(repo.projectId, repo.id));
  return new Set(tokens.map((token) => normalizeToken(namespace, token)));
}

/** The in-scope ACLs, normalised and sorted by token (so two reads compare equal). */
export function aclsInScope(namespace: NamespaceKey, wire: WireAccessControlList[], scope: Set<string>): AccessControlList[] {
  const kept = new Map<string, AccessControlList>();
  for (const acl of wire) {
    if (!acl || typeof acl.token !== "string" || acl.token === "") continue;
    let key: string;
    try {
      key = normalizeToken(namespace, acl.token);
    } catch {
      continue;
    }
    if (scope.has(key)) kept.set(key, toAccessControlList(acl));
  }
  return [...kept.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, acl]) => acl);
}

/**
 * An answer made small as soon as it arrives, before the other reads finish: the ACLs of the namespace root and
 * of the projects in scope, down to repository tokens (branch tokens dropped), normalised, descriptors interned.
 * `aclsInScope` later keeps the repositories in scope. The parsed answer can then be collected at once.
 */
export function compactAcls(
  namespace: NamespaceKey,
  wire: readonly WireAccessControlList[],
  projectIds: ReadonlySet<string>,
  interner: DescriptorInterner,
): AccessControlList[] {
  const keep = aclKeeper(namespace, projectIds, interner);
  const kept: AccessControlList[] = [];
  for (const acl of wire) {
    const compact = keep(acl);
    if (compact) kept.push(compact);
  }
  return kept;
}

/**
 * `compactAcls` for one ACL at a time, as the answer arrives (read/namespace-acls.ts): the ACL made small, or
 * undefined when it is out of scope (another project, a branch, a malformed token).
 */
export function aclKeeper(
  namespace: NamespaceKey,
  projectIds: ReadonlySet<string>,
  interner: DescriptorInterner,
): (acl: WireAccessControlList) => AccessControlList | undefined {
  const root = normalizeToken(namespace, NAMESPACES[namespace].rootToken);
  return (acl) => {
    if (!acl || typeof acl.token !== "string" || acl.token === "") return undefined;
    let key: string;
    try {
      key = normalizeToken(namespace, acl.token);
    } catch {
      return undefined;
    }
    if (key !== root && !inProjects(namespace, key, projectIds)) return undefined;
    return toAccessControlList(acl, interner);
  };
}

/** A project- or repository-level token of a project in `projectIds` (lower-cased ids). */
function inProjects(namespace: NamespaceKey, key: string, projectIds: ReadonlySet<string>): boolean {
  if (namespace === "project") return projectIds.has(key.slice(key.lastIndexOf("/") + 1));
  const parts = key.split("/");
  return parts.length >= 2 && parts.length <= (namespace === "gitRepositories" ? 3 : 2) && projectIds.has(parts[1]);
}
