/**
 * The set of descriptors whose ACEs apply to an identity: itself, every group it is in (transitively), and
 * the Valid Users groups it is in implicitly (https://learn.microsoft.com/azure/devops/organizations/security/about-permissions rules 2 and 7).
 */
import { normalizeDescriptor, wellKnownGroupOf } from "./descriptors";
import type { GroupInfo, IdentitySnapshot } from "../snapshot";

export interface ClosureEntry {
  descriptor: string;
  /** `[Analytics]\Readers` for groups (their principalName), the display name for the identity itself. */
  name: string;
  /**
   * Group chain from the identity to this entry, this entry last (names); empty for the identity itself.
   * It is a shortest chain, so explanations stay short.
   */
  via: string[];
  /** True only for the identity itself. */
  self: boolean;
  /** True when membership comes from rule 7 (Valid Users) rather than an explicit membership. */
  implicit: boolean;
}

/** Keyed by the lower-cased descriptor. */
export type IdentityClosure = Map<string, ClosureEntry>;

/** What the evaluator reads of a closure: a whole one, or a view of one with descriptors taken away. */
export type ClosureLookup = Pick<ReadonlyMap<string, ClosureEntry>, "get" | "has">;

export function groupsByDescriptor(groups: readonly GroupInfo[]): Map<string, GroupInfo> {
  return groupFacts(groups).byDescriptor;
}

interface GroupFacts {
  byDescriptor: Map<string, GroupInfo>;
  /** Each group's direct parents with their normalized descriptors (filled on first use). */
  parents: WeakMap<GroupInfo, { descriptor: string; key: string }[]>;
  /** The Valid Users groups (rule 7), with their normalized descriptors. */
  validUsers: { group: GroupInfo; key: string }[];
}

/**
 * What the closure needs to know about a list of groups, computed once per list: the planner audits many
 * simulated states that share one `groups` array (only the identity's own memberships change), and indexing
 * thousands of groups for each audit was most of the closure's cost. Snapshots are never mutated in place.
 */
const factsOfGroups = new WeakMap<readonly GroupInfo[], GroupFacts>();

function groupFacts(groups: readonly GroupInfo[]): GroupFacts {
  let facts = factsOfGroups.get(groups);
  if (!facts) {
    const byDescriptor = new Map<string, GroupInfo>();
    for (const group of groups) byDescriptor.set(normalizeDescriptor(group.descriptor), group);
    const validUsers = groups
      .filter((group) => {
        const role = wellKnownGroupOf(group);
        return role === "projectCollectionValidUsers" || role === "projectValidUsers";
      })
      .map((group) => ({ group, key: normalizeDescriptor(group.descriptor) }));
    facts = { byDescriptor, validUsers, parents: new WeakMap() };
    factsOfGroups.set(groups, facts);
  }
  return facts;
}

/**
 * Closures already computed, per identity object: the planner audits the same simulated state several times
 * (its own project, then the projects a change can reach). Snapshots are never mutated in place, so an
 * identity object with the same groups array always has the same closure. Callers must not change it.
 */
const closureOfIdentity = new WeakMap<IdentitySnapshot, { groups: readonly GroupInfo[]; closure: IdentityClosure }>();

export function identityClosure(identity: IdentitySnapshot, groups: readonly GroupInfo[]): IdentityClosure {
  const cached = closureOfIdentity.get(identity);
  if (cached && cached.groups === groups) return cached.closure;
  const closure = computeClosure(identity, groups);
  closureOfIdentity.set(identity, { groups, closure });
  return closure;
}

function computeClosure(identity: IdentitySnapshot, groups: readonly GroupInfo[]): IdentityClosure {
  const facts = groupFacts(groups);
  const { byDescriptor: groupIndex, validUsers } = facts;
  const closure: IdentityClosure = new Map();
  closure.set(normalizeDescriptor(identity.descriptor), {
    descriptor: identity.descriptor,
    name: identity.displayName || identity.principalName || identity.descriptor,
    via: [],
    self: true,
    implicit: false,
  });
  // For each project (lower-cased id), the via chain of the closest closure group that belongs to it, kept
  // up to date as groups join the closure (rule 7 needs it after every round).
  const pathIntoProject = new Map<string, string[]>();

  // Breadth-first over memberOf, so the first path found to a group is a shortest one; visited groups are
  // never expanded twice, which also makes membership cycles harmless.
  const queue: { descriptor: string; key: string; via: string[]; implicit: boolean }[] = identity.memberOf.map((descriptor) => ({
    descriptor,
    key: normalizeDescriptor(descriptor),
    via: [],
    implicit: false,
  }));
  let head = 0;
  const drain = () => {
    for (; head < queue.length; head++) {
      const next = queue[head];
      if (closure.has(next.key)) continue;
      const group = groupIndex.get(next.key);
      // A parent the snapshot has no details for still counts: its ACEs apply. Its name is its descriptor.
      const name = group ? group.principalName || group.displayName : next.descriptor;
      const via = [...next.via, name];
      closure.set(next.key, { descriptor: group?.descriptor ?? next.descriptor, name, via, self: false, implicit: next.implicit });
      if (!group) continue;
      if (group.projectId) {
        const project = group.projectId.toLowerCase();
        const current = pathIntoProject.get(project);
        if (current === undefined || via.length < current.length) pathIntoProject.set(project, via);
      }
      for (const parent of parentsOf(facts, group)) queue.push({ descriptor: parent.descriptor, key: parent.key, via, implicit: next.implicit });
    }
  };
  drain();

  // Rule 7, repeated to a fixed point (a Valid Users group may itself be in groups of further projects).
  for (;;) {
    const before = queue.length;
    for (const { group, key } of validUsers) {
      if (closure.has(key)) continue;
      // Every member of the organization is in Project Collection Valid Users; the audited identity is one.
      const via = group.projectId === null ? [] : pathIntoProject.get(group.projectId.toLowerCase());
      if (via !== undefined) queue.push({ descriptor: group.descriptor, key, via, implicit: true });
    }
    if (queue.length === before) break;
    drain();
  }
  return closure;
}

function parentsOf(facts: GroupFacts, group: GroupInfo): { descriptor: string; key: string }[] {
  let parents = facts.parents.get(group);
  if (!parents) {
    parents = group.memberOf.map((descriptor) => ({ descriptor, key: normalizeDescriptor(descriptor) }));
    facts.parents.set(group, parents);
  }
  return parents;
}

/** Per groups array (never mutated): the audit asks for every simulated state the planner checks. */
const adminsOfGroups = new WeakMap<readonly GroupInfo[], Set<string>>();

/** The descriptors (lower-cased) of the Project Collection Administrators groups among `groups`. */
export function collectionAdminDescriptors(groups: readonly GroupInfo[]): Set<string> {
  const known = adminsOfGroups.get(groups);
  if (known) return known;
  const admins = new Set<string>();
  for (const group of groups) {
    if (group.projectId === null && wellKnownGroupOf(group) === "projectCollectionAdministrators") {
      admins.add(normalizeDescriptor(group.descriptor));
    }
  }
  adminsOfGroups.set(groups, admins);
  return admins;
}

/** True when the closure holds Project Collection Administrators (https://learn.microsoft.com/azure/devops/organizations/security/about-permissions rule 4 applies). */
export function isCollectionAdmin(closure: ClosureLookup, groups: readonly GroupInfo[]): boolean {
  for (const key of collectionAdminDescriptors(groups)) if (closure.has(key)) return true;
  return false;
}
