/**
 * The identity's closure with some of its direct memberships taken away, computed from the closure with all of
 * them instead of from scratch: the redundancy check (memberships.ts) asks this once per planned membership,
 * and recomputing a closure of thousands of groups each time made planning grow with the square of the
 * organization.
 *
 * Taking memberships away can only remove descriptors, never add them. What can go is the upward closure of the
 * groups left (their parents, transitively, and the Valid Users group of each one's project, rule 7): anything
 * outside it was never reached through them. Inside it, a descriptor stays when something outside still holds it
 * (a direct membership, a remaining member group, a remaining group of its project for a Valid Users group),
 * or when it is reached from such a descriptor. Only which descriptors are in the closure decides an effective
 * permission; the kept entries keep their names and paths from the larger closure (which only the reasons use).
 */
import { normalizeDescriptor, wellKnownGroupOf } from "../permissions/descriptors";
import { groupsByDescriptor, type ClosureEntry, type ClosureLookup, type IdentityClosure } from "../permissions/closure";
import type { GroupInfo } from "../snapshot";

export class ClosureRemoval {
  /** Closure key → closure keys whose direct parents include it (the identity's own key for direct memberships). */
  private readonly children = new Map<string, string[]>();
  /** Closure key → its direct parents in the closure (memberOf, normalized). */
  private readonly parents = new Map<string, string[]>();
  /** Lower-cased project id → closure keys of groups of that project. */
  private readonly groupsOfProject = new Map<string, string[]>();
  /** Lower-cased project id → closure keys of that project's Valid Users group(s). */
  private readonly validUsersOfProject = new Map<string, string[]>();
  private readonly projectOfKey = new Map<string, string>();
  private readonly alwaysKept = new Set<string>();

  /**
   * `closure`: the identity's closure with every membership; `selfKey`: the identity's own key; `directMemberOf`:
   * the identity's direct groups in that state (normalized keys).
   */
  constructor(
    private readonly closure: IdentityClosure,
    private readonly selfKey: string,
    directMemberOf: readonly string[],
    groups: readonly GroupInfo[],
  ) {
    const index = groupsByDescriptor(groups);
    this.parents.set(
      selfKey,
      [...new Set(directMemberOf)].filter((key) => closure.has(key)),
    );
    for (const key of closure.keys()) {
      if (key === selfKey) continue;
      const group = index.get(key);
      if (!group) continue;
      this.parents.set(
        key,
        group.memberOf.map(normalizeDescriptor).filter((parent) => closure.has(parent)),
      );
      const role = wellKnownGroupOf(group);
      if (role === "projectCollectionValidUsers" || (role === "projectValidUsers" && group.projectId === null)) this.alwaysKept.add(key);
      if (group.projectId) {
        const project = group.projectId.toLowerCase();
        this.projectOfKey.set(key, project);
        push(this.groupsOfProject, project, key);
        if (role === "projectValidUsers") push(this.validUsersOfProject, project, key);
      }
    }
    for (const [member, list] of this.parents) for (const parent of list) push(this.children, parent, member);
  }

  /** Closure keys that are lost when the identity leaves `leftGroups` (normalized keys of direct groups). */
  removedBy(leftGroups: ReadonlySet<string>): Set<string> {
    // The upward closure of the groups left: everything that could have been reached through them.
    const area = new Set<string>();
    const queue = [...leftGroups].filter((key) => this.closure.has(key));
    for (const key of queue) area.add(key);
    for (let head = 0; head < queue.length; head++) {
      const key = queue[head];
      const next = [...(this.parents.get(key) ?? [])];
      const project = this.projectOfKey.get(key);
      if (project) next.push(...(this.validUsersOfProject.get(project) ?? []));
      for (const up of next) {
        if (area.has(up)) continue;
        area.add(up);
        queue.push(up);
      }
    }
    // Held from outside the area: kept, and so is everything reached from there within the area.
    const kept: string[] = [];
    for (const key of area) if (this.heldFromOutside(key, area, leftGroups)) kept.push(key);
    const keptSet = new Set(kept);
    for (let head = 0; head < kept.length; head++) {
      const key = kept[head];
      const next = [...(this.parents.get(key) ?? [])];
      const project = this.projectOfKey.get(key);
      if (project) next.push(...(this.validUsersOfProject.get(project) ?? []));
      for (const up of next) {
        if (!area.has(up) || keptSet.has(up)) continue;
        keptSet.add(up);
        kept.push(up);
      }
    }
    return new Set([...area].filter((key) => !keptSet.has(key)));
  }

  /** The closure without `removed`, as a lookup the evaluator reads (no copy of the closure). */
  without(removed: ReadonlySet<string>): ClosureLookup {
    const closure = this.closure;
    return {
      get: (key: string): ClosureEntry | undefined => (removed.has(key) ? undefined : closure.get(key)),
      has: (key: string): boolean => !removed.has(key) && closure.has(key),
    };
  }

  private heldFromOutside(key: string, area: ReadonlySet<string>, leftGroups: ReadonlySet<string>): boolean {
    if (this.alwaysKept.has(key)) return true;
    for (const child of this.children.get(key) ?? []) {
      if (child === this.selfKey) {
        if (!leftGroups.has(key)) return true;
      } else if (!area.has(child)) return true;
    }
    const validUsersProject = this.isValidUsers(key);
    if (validUsersProject !== undefined) {
      for (const member of this.groupsOfProject.get(validUsersProject) ?? []) if (member !== key && !area.has(member)) return true;
    }
    return false;
  }

  private isValidUsers(key: string): string | undefined {
    const project = this.projectOfKey.get(key);
    return project !== undefined && (this.validUsersOfProject.get(project) ?? []).includes(key) ? project : undefined;
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
