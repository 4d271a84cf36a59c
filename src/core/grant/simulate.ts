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
  const known = new Set(memberOf.map(normalizeDescriptor));
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

  return { ...snapshot, identity: { ...snapshot.identity, memberOf }, acls };
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
 * Copy-on-write view of one namespace's ACLs: the list is copied once, an ACL only when first written to, so
 * the input snapshot is never changed and large organizations stay cheap to simulate.
 */
class NamespaceCopy {
  readonly list: AccessControlList[];
  private readonly byToken = new Map<string, number>();
  private readonly copied = new Set<number>();

  constructor(
    private readonly namespace: NamespaceKey,
    original: readonly AccessControlList[],
  ) {
    this.list = [...original];
    this.list.forEach((acl, position) => {
      const key = normalizeToken(namespace, acl.token);
      if (!this.byToken.has(key)) this.byToken.set(key, position);
    });
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

  private writable(token: string): AccessControlList {
    const key = normalizeToken(this.namespace, token);
    let position = this.byToken.get(key);
    if (position === undefined) {
      position = this.list.push({ token, inheritPermissions: true, acesDictionary: {} }) - 1;
      this.byToken.set(key, position);
      this.copied.add(position);
    } else if (!this.copied.has(position)) {
      this.list[position] = copyAcl(this.list[position]);
      this.copied.add(position);
    }
    return this.list[position];
  }
}
