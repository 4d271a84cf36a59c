/**
 * Groups for the snapshot: names, project and well-known role from Graph (`GET graph/groups`), direct parents
 * from the Identities API (`queryMembership=Direct`). Graph group subject descriptors (`vssgp.`/`aadgp.`)
 * map offline to the identity descriptors ACEs use (https://learn.microsoft.com/rest/api/azure/devops/graph/descriptors/get), so the two lists join without a lookup.
 */
import { classifyGroup, normalizeDescriptor, subjectToIdentityDescriptor } from "../../core/permissions/descriptors";
import type { GroupInfo, WellKnownGroup } from "../../core/snapshot";
import { descriptorString, propertyString, type WireGraphGroup, type WireIdentity } from "../rest/wire";

const PROJECT_DOMAIN = /^vstfs:\/\/\/Classification\/TeamProject\/([0-9a-f-]{36})$/i;

/** The project a group belongs to, from its Graph `domain` (`vstfs:///Classification/TeamProject/{id}`). */
export function projectIdOfDomain(domain: string | undefined): string | null {
  const match = domain ? PROJECT_DOMAIN.exec(domain.trim()) : null;
  return match ? match[1] : null;
}

/** `[Analytics]\Readers` -> `Readers`. */
export function shortGroupName(principalName: string): string {
  return principalName.slice(principalName.lastIndexOf("\\") + 1);
}

/**
 * The group's role: administrators and valid-users groups from their SID tails (https://learn.microsoft.com/rest/api/azure/devops/core/projects/list), Readers and
 * Contributors (generated SIDs) from their default names in a project.
 */
export function wellKnownRole(descriptor: string, principalName: string, projectId: string | null): WellKnownGroup | undefined {
  const fromSid = classifyGroup(descriptor, projectId);
  if (fromSid) return fromSid;
  if (projectId === null) return undefined;
  const name = shortGroupName(principalName).toLowerCase();
  if (name === "readers") return "readers";
  if (name === "contributors") return "contributors";
  return undefined;
}

/** A Graph group as a GroupInfo (memberOf filled in later); undefined for a subject type with no offline mapping. */
export function groupFromGraph(group: WireGraphGroup): GroupInfo | undefined {
  let descriptor: string;
  try {
    descriptor = subjectToIdentityDescriptor(group.descriptor);
  } catch {
    return undefined;
  }
  const projectId = projectIdOfDomain(group.domain);
  const principalName = group.principalName || group.displayName || descriptor;
  const info: GroupInfo = {
    descriptor,
    subjectDescriptor: group.descriptor,
    principalName,
    displayName: group.displayName || shortGroupName(principalName),
    projectId,
    memberOf: [],
  };
  const role = wellKnownRole(descriptor, principalName, projectId);
  if (role) info.wellKnown = role;
  return info;
}

/** A group identity from the Identities API as a GroupInfo, for groups Graph did not list. */
export function groupFromIdentity(identity: WireIdentity): GroupInfo {
  const descriptor = descriptorString(identity.descriptor);
  const principalName = identity.providerDisplayName || propertyString(identity, "Account") || descriptor;
  const projectId = projectIdOfDomain(propertyString(identity, "Domain"));
  const info: GroupInfo = {
    descriptor,
    principalName,
    displayName: identity.customDisplayName || shortGroupName(principalName),
    projectId,
    memberOf: (identity.memberOf ?? []).map(descriptorString).sort(),
  };
  if (identity.subjectDescriptor) info.subjectDescriptor = identity.subjectDescriptor;
  const role = wellKnownRole(descriptor, principalName, projectId);
  if (role) info.wellKnown = role;
  return info;
}

export interface GroupSelection {
  /** Graph's groups, already mapped. */
  graphGroups: GroupInfo[];
  /** The identity's groups (transitive) with their direct parents, from the Identities API. */
  closureGroups: WireIdentity[];
  /** Projects in scope (lower-case ids). */
  projectIds: Set<string>;
}

/**
 * The snapshot's groups: every group the identity is in (with direct parents), plus the well-known groups of
 * the projects in scope and of the organization, so the core can name them and explain rule 7 (Valid Users).
 * Sorted by descriptor so two reads of the same organization compare equal.
 */
export function selectGroups({ graphGroups, closureGroups, projectIds }: GroupSelection): GroupInfo[] {
  const byDescriptor = new Map<string, GroupInfo>();
  const graphIndex = new Map(graphGroups.map((group) => [normalizeDescriptor(group.descriptor), group]));

  for (const identity of closureGroups) {
    const fromIdentity = groupFromIdentity(identity);
    const key = normalizeDescriptor(fromIdentity.descriptor);
    const fromGraph = graphIndex.get(key);
    byDescriptor.set(key, fromGraph ? { ...fromGraph, memberOf: fromIdentity.memberOf } : fromIdentity);
  }
  for (const group of graphGroups) {
    const key = normalizeDescriptor(group.descriptor);
    if (byDescriptor.has(key) || !group.wellKnown) continue;
    if (group.projectId === null || projectIds.has(group.projectId.toLowerCase())) byDescriptor.set(key, group);
  }
  return [...byDescriptor.values()].sort((a, b) => normalizeDescriptor(a.descriptor).localeCompare(normalizeDescriptor(b.descriptor)));
}
