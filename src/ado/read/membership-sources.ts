/**
 * The identity's groups from two sources, joined: the Identities API (`ExpandedUp` for the transitive set,
 * `Direct` for each one's parents) and Graph memberships walked upward. Neither is complete on its own (an Entra
 * group membership can be known to one and not the other), and a missing group hides an allow, so the union is
 * used and the groups only one source knows are named. Pure.
 */
import { normalizeDescriptor } from "../../core/permissions/descriptors";
import type { GroupInfo } from "../../core/snapshot";
import type { ParentsByMember } from "./graph-memberships";
import { isValidUsersGroup } from "./valid-users";

export interface MembershipDifference {
  /** Groups (identity descriptors) in the Identities API's transitive set only. */
  onlyIdentities: string[];
  /** Groups (identity descriptors) Graph memberships reach but the Identities API does not list. */
  onlyGraph: string[];
}

/** Every group Graph's walk reached (the transitive set), without the identity itself. */
export function graphClosure(parents: ParentsByMember, identityDescriptor: string): string[] {
  const self = normalizeDescriptor(identityDescriptor);
  const all = new Map<string, string>();
  for (const list of parents.values()) for (const group of list) if (normalizeDescriptor(group) !== self) all.set(normalizeDescriptor(group), group);
  return [...all.values()];
}

/**
 * Groups only one source knows. Valid Users groups are left out: membership in them is implicit (rule 7), so a
 * source that does not list them is not wrong.
 */
export function compareClosures(identitiesClosure: string[], graph: string[]): MembershipDifference {
  const keys = (list: string[]) => new Set(list.map(normalizeDescriptor));
  const fromIdentities = keys(identitiesClosure);
  const fromGraph = keys(graph);
  const only = (list: string[], other: Set<string>) =>
    list.filter((group) => !other.has(normalizeDescriptor(group)) && !isValidUsersGroup(group)).sort((a, b) => a.localeCompare(b));
  return { onlyIdentities: only(identitiesClosure, fromGraph), onlyGraph: only(graph, fromIdentities) };
}

/** `a` followed by whatever of `b` it lacks (descriptors compared normalized), sorted. */
export function unionDescriptors(a: readonly string[], b: readonly string[]): string[] {
  const all = new Map<string, string>();
  for (const descriptor of [...a, ...b]) if (!all.has(normalizeDescriptor(descriptor))) all.set(normalizeDescriptor(descriptor), descriptor);
  return [...all.values()].sort();
}

/** The parents Graph lists for `descriptor`, found case-insensitively. */
export function graphParentsOf(parents: ParentsByMember, descriptor: string): string[] {
  const key = normalizeDescriptor(descriptor);
  for (const [member, list] of parents) if (normalizeDescriptor(member) === key) return list;
  return [];
}

/**
 * The snapshot's groups with Graph's parents added to each, plus the groups only Graph reached (named from
 * Graph's group list when it has them, by descriptor otherwise).
 */
export function withGraphMemberships(groups: GroupInfo[], parents: ParentsByMember, onlyGraph: string[], graphGroups: GroupInfo[]): GroupInfo[] {
  const known = new Map(groups.map((group) => [normalizeDescriptor(group.descriptor), group]));
  const listed = new Map(graphGroups.map((group) => [normalizeDescriptor(group.descriptor), group]));
  for (const descriptor of onlyGraph) {
    const key = normalizeDescriptor(descriptor);
    if (known.has(key)) continue;
    known.set(key, listed.get(key) ?? { descriptor, principalName: descriptor, displayName: descriptor, projectId: null, memberOf: [] });
  }
  return [...known.values()]
    .map((group) => ({ ...group, memberOf: unionDescriptors(group.memberOf, graphParentsOf(parents, group.descriptor)) }))
    .sort((a, b) => normalizeDescriptor(a.descriptor).localeCompare(normalizeDescriptor(b.descriptor)));
}

/** One line for the progress output: agreement, or the groups only one source knows, by name. */
export function describeDifference(difference: MembershipDifference, groups: GroupInfo[]): string | undefined {
  const names = new Map(groups.map((group) => [normalizeDescriptor(group.descriptor), group.principalName]));
  const named = (list: string[]) => list.map((descriptor) => names.get(normalizeDescriptor(descriptor)) ?? descriptor).join(", ");
  const parts: string[] = [];
  if (difference.onlyGraph.length > 0) {
    parts.push(`Graph memberships list ${plural(difference.onlyGraph.length)} the Identities API does not: ${named(difference.onlyGraph)}`);
  }
  if (difference.onlyIdentities.length > 0) {
    parts.push(`the Identities API lists ${plural(difference.onlyIdentities.length)} Graph memberships do not: ${named(difference.onlyIdentities)}`);
  }
  if (parts.length === 0) return undefined;
  const sentence = parts.join("; ");
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)} (the audit uses both).`;
}

function plural(count: number): string {
  return count === 1 ? "1 group" : `${count} groups`;
}
