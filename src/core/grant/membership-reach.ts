/**
 * Which projects a change of the identity's group memberships can affect, so that checking a membership for
 * redundancy audits those projects only instead of the whole organization (which made planning grow with the
 * square of the organization: one full audit and one closure per candidate membership).
 *
 * A cell's effective permission depends on the ACEs of the descriptors in the identity's closure (itself, its
 * groups transitively, the Valid Users groups it is in implicitly) on the cell's token and the tokens it
 * inherits from, and on whether the closure holds Project Collection Administrators (the administrators rule).
 * So two membership sets give different results only in projects where some descriptor that is in one closure
 * and not the other has an ACE, on a token of that project or on a namespace root (then: every project).
 */
import type { NamespaceKey } from "../permissions/catalogue";
import { normalizeDescriptor, wellKnownGroupOf } from "../permissions/descriptors";
import { identityClosure } from "../permissions/closure";
import type { OrgSnapshot } from "../snapshot";

/** Every project, when a descriptor has an ACE on a token of no particular project (a namespace root). */
export const EVERY_PROJECT = "*";

/** Lower-cased project ids (or EVERY_PROJECT) where each descriptor (normalized) has an ACE. */
export type DescriptorReach = ReadonlyMap<string, ReadonlySet<string>>;

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * The project a token belongs to: every token the audit reads names its project id first
 * (`$PROJECT:vstfs:///Classification/TeamProject/{projectId}`, `PublisherSecurity/{projectId}`,
 * `repoV2/{projectId}/{repositoryId}`); a token without one is a namespace root, above every project.
 */
function projectOfToken(token: string): string {
  const match = GUID.exec(token);
  return match ? match[0].toLowerCase() : EVERY_PROJECT;
}

export function descriptorReach(snapshot: OrgSnapshot): DescriptorReach {
  const reach = new Map<string, Set<string>>();
  for (const namespace of Object.keys(snapshot.acls) as NamespaceKey[]) {
    for (const acl of snapshot.acls[namespace]) {
      const project = projectOfToken(acl.token);
      for (const descriptor of Object.keys(acl.acesDictionary)) {
        const key = normalizeDescriptor(descriptor);
        let projects = reach.get(key);
        if (!projects) reach.set(key, (projects = new Set()));
        projects.add(project);
      }
    }
  }
  return reach;
}

/** Normalized descriptors of the identity's closure in a snapshot (after its memberships were simulated). */
export function closureKeys(snapshot: OrgSnapshot): Set<string> {
  return new Set(identityClosure(snapshot.identity, snapshot.groups).keys());
}

/**
 * The projects (lower-cased ids) whose cells can differ between two closures of the identity, or
 * EVERY_PROJECT: those where a descriptor in one closure and not the other has an entry; every project when
 * such a descriptor has an entry on a namespace root or is Project Collection Administrators.
 */
export function projectsAffected(
  a: ReadonlySet<string>,
  b: ReadonlySet<string>,
  reach: DescriptorReach,
  snapshot: OrgSnapshot,
): Set<string> | typeof EVERY_PROJECT {
  const difference = [...a].filter((descriptor) => !b.has(descriptor)).concat([...b].filter((descriptor) => !a.has(descriptor)));
  return projectsAffectedBy(difference, reach, snapshot);
}

/** The same, given the descriptors that are in one closure and not the other. */
export function projectsAffectedBy(difference: Iterable<string>, reach: DescriptorReach, snapshot: OrgSnapshot): Set<string> | typeof EVERY_PROJECT {
  const administrators = administratorKeys(snapshot);
  const projects = new Set<string>();
  const visit = (descriptor: string): boolean => {
    if (administrators.has(descriptor)) return false;
    for (const project of reach.get(descriptor) ?? []) {
      if (project === EVERY_PROJECT) return false;
      projects.add(project);
    }
    return true;
  };
  for (const descriptor of difference) if (!visit(descriptor)) return EVERY_PROJECT;
  return projects;
}

const administratorsOfGroups = new WeakMap<OrgSnapshot["groups"], Set<string>>();

/** Project Collection Administrators' keys, once per groups array (never mutated). */
function administratorKeys(snapshot: OrgSnapshot): Set<string> {
  let keys = administratorsOfGroups.get(snapshot.groups);
  if (!keys) {
    keys = new Set(
      snapshot.groups
        .filter((group) => wellKnownGroupOf(group) === "projectCollectionAdministrators")
        .map((group) => normalizeDescriptor(group.descriptor)),
    );
    administratorsOfGroups.set(snapshot.groups, keys);
  }
  return keys;
}
