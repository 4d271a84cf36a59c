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

export function groupsByDescriptor(groups: readonly GroupInfo[]): Map<string, GroupInfo> {
  const byDescriptor = new Map<string, GroupInfo>();
  for (const group of groups) byDescriptor.set(normalizeDescriptor(group.descriptor), group);
  return byDescriptor;
}

export function identityClosure(identity: IdentitySnapshot, groups: readonly GroupInfo[]): IdentityClosure {
  const groupIndex = groupsByDescriptor(groups);
  const closure: IdentityClosure = new Map();
  closure.set(normalizeDescriptor(identity.descriptor), {
    descriptor: identity.descriptor,
    name: identity.displayName || identity.principalName || identity.descriptor,
    via: [],
    self: true,
    implicit: false,
  });

  // Breadth-first over memberOf, so the first path found to a group is a shortest one; visited groups are
  // never expanded twice, which also makes membership cycles harmless.
  const queue: { descriptor: string; via: string[]; implicit: boolean }[] = identity.memberOf.map((descriptor) => ({
    descriptor,
    via: [],
    implicit: false,
  }));
  let head = 0;
  const drain = () => {
    for (; head < queue.length; head++) {
      const next = queue[head];
      const key = normalizeDescriptor(next.descriptor);
      if (closure.has(key)) continue;
      const group = groupIndex.get(key);
      // A parent the snapshot has no details for still counts: its ACEs apply. Its name is its descriptor.
      const name = group ? group.principalName || group.displayName : next.descriptor;
      const via = [...next.via, name];
      closure.set(key, { descriptor: group?.descriptor ?? next.descriptor, name, via, self: false, implicit: next.implicit });
      for (const parent of group?.memberOf ?? []) queue.push({ descriptor: parent, via, implicit: next.implicit });
    }
  };
  drain();

  // Rule 7, repeated to a fixed point (a Valid Users group may itself be in groups of further projects).
  const validUsers = groups.filter((group) => {
    const role = wellKnownGroupOf(group);
    return role === "projectCollectionValidUsers" || role === "projectValidUsers";
  });
  for (;;) {
    const pathIntoProject = shortestPathIntoEachProject(closure, groupIndex);
    const before = queue.length;
    for (const group of validUsers) {
      if (closure.has(normalizeDescriptor(group.descriptor))) continue;
      // Every member of the organization is in Project Collection Valid Users; the audited identity is one.
      const via = group.projectId === null ? [] : pathIntoProject.get(group.projectId.toLowerCase());
      if (via !== undefined) queue.push({ descriptor: group.descriptor, via, implicit: true });
    }
    if (queue.length === before) break;
    drain();
  }
  return closure;
}

/** For each project (lower-cased id), the via chain of the closest closure group that belongs to it. */
function shortestPathIntoEachProject(closure: IdentityClosure, groupIndex: Map<string, GroupInfo>): Map<string, string[]> {
  const best = new Map<string, string[]>();
  for (const [key, entry] of closure) {
    if (entry.self) continue;
    const projectId = groupIndex.get(key)?.projectId;
    if (!projectId) continue;
    const project = projectId.toLowerCase();
    const current = best.get(project);
    if (current === undefined || entry.via.length < current.length) best.set(project, entry.via);
  }
  return best;
}

/** The descriptors (lower-cased) of the Project Collection Administrators groups among `groups`. */
export function collectionAdminDescriptors(groups: readonly GroupInfo[]): Set<string> {
  const admins = new Set<string>();
  for (const group of groups) {
    if (group.projectId === null && wellKnownGroupOf(group) === "projectCollectionAdministrators") {
      admins.add(normalizeDescriptor(group.descriptor));
    }
  }
  return admins;
}

/** True when the closure holds Project Collection Administrators (https://learn.microsoft.com/azure/devops/organizations/security/about-permissions rule 4 applies). */
export function isCollectionAdmin(closure: IdentityClosure, groups: readonly GroupInfo[]): boolean {
  for (const key of collectionAdminDescriptors(groups)) if (closure.has(key)) return true;
  return false;
}
