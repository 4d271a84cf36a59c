/**
 * A plan applied to a snapshot, in memory: what the organization will look like once the writes are done.
 * The planner verifies its own plan with it, and tests use it to check that a plan keeps every existing bit.
 *
 * ACE writes follow the service's `merge: true` semantics (inferred: https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries, emulator rule):
 * `allow = (old.allow | new.allow) & ~new.deny`, `deny = (old.deny | new.deny) & ~new.allow`. A plan never
 * sends a deny, and never an allow bit the identity's own ACE denies on that token, so with a correct plan
 * both old masks survive unchanged; the simulation uses the full rule so that a wrong plan shows up.
 * A write on a token without an ACL creates one that inherits (inferred: https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries).
 */
import type { NamespaceKey } from "../permissions/catalogue";
import { normalizeDescriptor } from "../permissions/descriptors";
import type { PlanChange } from "./model";
import type { AccessControlEntry, AccessControlList, OrgSnapshot } from "../snapshot";
import { normalizeToken } from "../permissions/tokens";
import { recordDerivedAcls } from "../permissions/evaluate";

export interface AceWrite {
  namespace: NamespaceKey;
  token: string;
  descriptor: string;
  allow: number;
  deny?: number;
}

export interface MembershipWrite {
  /** Identity descriptor of the group the audited identity joins. */
  groupDescriptor: string;
}

/** The snapshot with the writes done; the input is not changed. */
export function simulateWrites(snapshot: OrgSnapshot, aces: readonly AceWrite[], memberships: readonly MembershipWrite[]): OrgSnapshot {
  const memberOf = [...snapshot.identity.memberOf];
  const known = new Set(normalizedGroups(snapshot.identity.memberOf));
  for (const membership of memberships) {
    const key = normalizeDescriptor(membership.groupDescriptor);
    if (known.has(key)) continue;
    known.add(key);
    memberOf.push(membership.groupDescriptor);
  }

  const acls: OrgSnapshot["acls"] = { ...snapshot.acls };
  const written = new Map<NamespaceKey, NamespaceCopy>();
  for (const write of aces) {
    let copy = written.get(write.namespace);
    if (!copy) {
      copy = new NamespaceCopy(write.namespace, snapshot.acls[write.namespace] ?? []);
      written.set(write.namespace, copy);
      acls[write.namespace] = copy.list;
    }
    copy.merge(write);
  }
  for (const [namespace, copy] of written) recordDerivedAcls(copy.list, snapshot.acls[namespace] ?? [], copy.changedAcls());

  return { ...snapshot, identity: { ...snapshot.identity, memberOf }, acls };
}

/** Normalized descriptors of a memberOf list, once per list: the planner simulates on the same identity many times. */
const normalizedOfList = new WeakMap<readonly string[], readonly string[]>();

function normalizedGroups(memberOf: readonly string[]): readonly string[] {
  let normalized = normalizedOfList.get(memberOf);
  if (!normalized) normalizedOfList.set(memberOf, (normalized = memberOf.map(normalizeDescriptor)));
  return normalized;
}

/** The snapshot with a plan's changes done. */
export function applyPlanToSnapshot(snapshot: OrgSnapshot, changes: readonly PlanChange[]): OrgSnapshot {
  const aces: AceWrite[] = [];
  const memberships: MembershipWrite[] = [];
  for (const change of changes) {
    if (change.kind === "ace") aces.push({ namespace: change.namespace, token: change.token, descriptor: change.descriptor, allow: change.allow });
    else memberships.push({ groupDescriptor: change.groupDescriptor });
  }
  return simulateWrites(snapshot, aces, memberships);
}

function copyAcl(acl: AccessControlList): AccessControlList {
  const acesDictionary: Record<string, AccessControlEntry> = {};
  for (const [key, ace] of Object.entries(acl.acesDictionary ?? {})) acesDictionary[key] = { ...ace };
  return { ...acl, acesDictionary };
}

/**
 * Where each normalized token's ACLs sit in a list (usually one position; two for tokens that differ only in
 * case), computed once per list: lists are never changed, and the planner simulates on the same ones many times.
 */
const positionsOfList = new WeakMap<readonly AccessControlList[], Map<string, number[]>>();

function positionsOf(namespace: NamespaceKey, list: readonly AccessControlList[]): ReadonlyMap<string, number[]> {
  let positions = positionsOfList.get(list);
  if (!positions) {
    positions = new Map();
    list.forEach((acl, position) => {
      const key = normalizeToken(namespace, acl.token);
      const known = positions!.get(key);
      if (known) known.push(position);
      else positions!.set(key, [position]);
    });
    positionsOfList.set(list, positions);
  }
  return positions;
}

/**
 * Copy-on-write view of one namespace's ACLs: the list is copied once, an ACL only when first written to, so
 * the input snapshot is never changed and large organizations stay cheap to simulate.
 */
class NamespaceCopy {
  readonly list: AccessControlList[];
  private readonly positions: ReadonlyMap<string, number[]>;
  /** ACLs this copy added, by normalized token. */
  private readonly added = new Map<string, number>();
  private readonly copied = new Set<number>();
  /** Normalized tokens written to. */
  private readonly changed = new Set<string>();

  constructor(
    private readonly namespace: NamespaceKey,
    original: readonly AccessControlList[],
  ) {
    this.list = [...original];
    this.positions = positionsOf(namespace, original);
  }

  merge(write: AceWrite): void {
    const acl = this.writable(write.token);
    const descriptorKey = normalizeDescriptor(write.descriptor);
    const entryKey =
      Object.keys(acl.acesDictionary).find((key) => normalizeDescriptor(acl.acesDictionary[key]?.descriptor || key) === descriptorKey) ??
      write.descriptor;
    const old = acl.acesDictionary[entryKey] ?? { descriptor: write.descriptor, allow: 0, deny: 0 };
    const deny = write.deny ?? 0;
    acl.acesDictionary[entryKey] = {
      descriptor: old.descriptor || write.descriptor,
      allow: ((old.allow | write.allow) & ~deny) >>> 0,
      deny: ((old.deny | deny) & ~write.allow) >>> 0,
    };
  }

  /** For each token written to, every ACL of the list with that token (see recordDerivedAcls). */
  changedAcls(): Map<string, AccessControlList[]> {
    const acls = new Map<string, AccessControlList[]>();
    for (const key of this.changed) {
      const positions = [...(this.positions.get(key) ?? [])];
      const added = this.added.get(key);
      if (added !== undefined) positions.push(added);
      acls.set(
        key,
        positions.map((position) => this.list[position]),
      );
    }
    return acls;
  }

  private writable(token: string): AccessControlList {
    const key = normalizeToken(this.namespace, token);
    this.changed.add(key);
    let position = this.positions.get(key)?.[0] ?? this.added.get(key);
    if (position === undefined) {
      position = this.list.push({ token, inheritPermissions: true, acesDictionary: {} }) - 1;
      this.added.set(key, position);
      this.copied.add(position);
    } else if (!this.copied.has(position)) {
      this.list[position] = copyAcl(this.list[position]);
      this.copied.add(position);
    }
    return this.list[position];
  }
}
