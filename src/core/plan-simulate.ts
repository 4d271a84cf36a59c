/**
 * A plan applied to a snapshot, in memory: what the organization will look like once the writes are done.
 * The planner verifies its own plan with it, and tests use it to check that a plan keeps every existing bit.
 *
 * ACE writes follow the service's `merge: true` semantics [I reference §3.1, emulator rule]:
 * `allow = (old.allow | new.allow) & ~new.deny`, `deny = (old.deny | new.deny) & ~new.allow`. A plan never
 * sends a deny, and never an allow bit the identity's own ACE denies on that token, so with a correct plan
 * both old masks survive unchanged; the simulation uses the full rule so that a wrong plan shows up.
 * A write on a token without an ACL creates one that inherits [I reference §3.1].
 */
import type { NamespaceKey } from "./catalogue";
import { normalizeDescriptor } from "./descriptors";
import type { PlanChange } from "./plan-model";
import type { AccessControlEntry, AccessControlList, OrgSnapshot } from "./snapshot";
import { normalizeToken } from "./tokens";

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
  const touched = new Set<NamespaceKey>();
  for (const write of aces) {
    if (!touched.has(write.namespace)) {
      // Copy-on-write: only the namespaces written to are copied, ACL by ACL.
      acls[write.namespace] = (snapshot.acls[write.namespace] ?? []).map(copyAcl);
      touched.add(write.namespace);
    }
    mergeAce(acls[write.namespace], write);
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

function mergeAce(acls: AccessControlList[], write: AceWrite): void {
  const tokenKey = normalizeToken(write.namespace, write.token);
  let acl = acls.find((candidate) => normalizeToken(write.namespace, candidate.token) === tokenKey);
  if (!acl) {
    acl = { token: write.token, inheritPermissions: true, acesDictionary: {} };
    acls.push(acl);
  }
  const descriptorKey = normalizeDescriptor(write.descriptor);
  const entryKey =
    Object.keys(acl.acesDictionary).find((key) => normalizeDescriptor(acl!.acesDictionary[key]?.descriptor || key) === descriptorKey) ??
    write.descriptor;
  const old = acl.acesDictionary[entryKey] ?? { descriptor: write.descriptor, allow: 0, deny: 0 };
  const deny = write.deny ?? 0;
  acl.acesDictionary[entryKey] = {
    descriptor: old.descriptor || write.descriptor,
    allow: ((old.allow | write.allow) & ~deny) >>> 0,
    deny: ((old.deny | deny) & ~write.allow) >>> 0,
  };
}
