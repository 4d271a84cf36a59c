/**
 * What still hangs on an identity that is about to be retired (the service user, once dbt Cloud uses the app's
 * service principal), as far as the organization's own data tells: the identity's explicit entries in the
 * security namespaces dbt Cloud uses, and the groups it was added to directly. Both stay in place after a
 * migration (nothing of the old identity is changed) and are what an administrator reviews before removing it.
 * Pure: computed from the snapshot the audit already read.
 */
import { NAMESPACES, REQUIRED_PERMISSIONS, type NamespaceKey } from "../permissions/catalogue";
import { normalizeDescriptor } from "../permissions/descriptors";
import { parseToken } from "../permissions/tokens";
import type { OrgSnapshot } from "../snapshot";

/** One explicit access control entry of the identity. */
export interface OwnEntry {
  /** `Project`, `ServiceHooks`, `Git Repositories`. */
  namespaceName: string;
  token: string;
  /** Absent on the namespace root (the whole organization). */
  project?: string;
  repository?: string;
  /** Names of the allowed bits dbt Cloud needs; other bits are counted in `allow` only. */
  allows: string[];
  denies: string[];
  allow: number;
  deny: number;
}

/** A group the identity was added to directly. */
export interface DirectMembership {
  /** `[Analytics]\Contributors`, `[contoso]\Project Collection Administrators`. */
  group: string;
  /** The group's project; absent for organization-level and Entra groups. */
  project?: string;
}

export interface IdentityDependencies {
  ownEntries: OwnEntry[];
  memberships: DirectMembership[];
}

function bitNames(namespace: NamespaceKey, bits: number): string[] {
  return REQUIRED_PERMISSIONS.filter((permission) => permission.namespace === namespace && (bits & permission.bit) !== 0).map(
    (permission) => permission.key,
  );
}

/** The identity's own entries (in the snapshot's namespaces and scope) and direct group memberships. */
export function identityDependencies(snapshot: OrgSnapshot): IdentityDependencies {
  const self = normalizeDescriptor(snapshot.identity.descriptor);
  const projectName = new Map(snapshot.projects.map((project) => [project.id.toLowerCase(), project.name]));
  const repositoryName = new Map(snapshot.repositories.map((repository) => [repository.id.toLowerCase(), repository.name]));

  const ownEntries: OwnEntry[] = [];
  for (const namespace of Object.keys(snapshot.acls) as NamespaceKey[]) {
    for (const acl of snapshot.acls[namespace]) {
      for (const [key, ace] of Object.entries(acl.acesDictionary)) {
        if (normalizeDescriptor(ace.descriptor || key) !== self || (ace.allow === 0 && ace.deny === 0)) continue;
        const entry: OwnEntry = {
          namespaceName: NAMESPACES[namespace].name,
          token: acl.token,
          allows: bitNames(namespace, ace.allow),
          denies: bitNames(namespace, ace.deny),
          allow: ace.allow,
          deny: ace.deny,
        };
        const parsed = parseToken(acl.token);
        if (parsed.projectId) entry.project = projectName.get(parsed.projectId.toLowerCase()) ?? parsed.projectId;
        if (parsed.repoId) entry.repository = repositoryName.get(parsed.repoId.toLowerCase()) ?? parsed.repoId;
        ownEntries.push(entry);
      }
    }
  }

  const groups = new Map(snapshot.groups.map((group) => [normalizeDescriptor(group.descriptor), group]));
  const memberships: DirectMembership[] = [];
  for (const descriptor of snapshot.identity.memberOf) {
    const group = groups.get(normalizeDescriptor(descriptor));
    // Groups outside the projects in scope are not in the snapshot: nothing to name them by.
    if (!group) continue;
    const membership: DirectMembership = { group: group.principalName || group.displayName };
    if (group.projectId) membership.project = projectName.get(group.projectId.toLowerCase()) ?? group.projectId;
    memberships.push(membership);
  }
  const where = (entry: OwnEntry) => `${entry.project ?? ""}/${entry.repository ?? ""}/${entry.namespaceName}`;
  ownEntries.sort((a, b) => where(a).localeCompare(where(b)));
  memberships.sort((a, b) => a.group.localeCompare(b.group));
  return { ownEntries, memberships };
}
