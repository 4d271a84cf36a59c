/**
 * Applying a grant plan with a clear account of what was and was not applied; running the command again (a
 * fresh plan) finishes the job.
 *
 * Requests, for an organization of any size: the identity's current entries are read once per security
 * namespace (`GET _apis/accesscontrollists/{ns}?descriptors=…`, every ACL of the namespace filtered to the
 * identity (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query)), and its direct
 * memberships once (`GET _apis/graph/memberships/{subject}?direction=up`); then one request per write, at most
 * `concurrency` (default 4) at a time, the transport honouring Retry-After and the rate-limit headers for all
 * of them; then one re-read per namespace written.
 *
 * - Memberships: `PUT _apis/graph/memberships/{subject}/{container}` (Graph, preview) (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships),
 *   only for groups the identity is not yet a direct member of. Written before the ACEs.
 * - ACEs: `POST _apis/accesscontrolentries/{ns}` with `merge: true` and allow bits only (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries),
 *   so no bit of any identity is lost. Bits already allowed are not sent again (idempotent); if the entry
 *   denies a bit the plan would allow (someone changed it since the plan was made), the write is refused
 *   rather than clearing that deny, because with merge an incoming allow clears the same bit's deny
 *   (inferred: https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries).
 * - A write whose answer was lost (the connection dropped after sending, even after the transport's retries)
 *   is settled by the re-read: applied, not applied, or reported as unknown when the re-read fails too.
 * - The deny safeguard: the re-read after the writes is compared with the read before them; a deny bit the
 *   identity's entry had and no longer has is put back with a merge (deny bits only) and reported. What it
 *   cannot see: a deny added on exactly a bit being allowed, between the read and that write, is cleared by
 *   the write itself (allow replaces the same bit's deny) and leaves no trace to compare.
 * The first failure stops new writes; writes already in flight finish and are reported.
 */
import type { AceGrant, GrantPlan, MembershipGrant, PlanChange } from "../../core/grant/model";
import type { AppliedChange, ApplyFailure, ApplyOutcome, ApplyStep, DenyRestore, UnknownOutcome } from "../../core/grant/apply-outcome";
import { describeChange } from "../../core/grant/apply-outcome";
import { descriptorsEqual, normalizeDescriptor } from "../../core/permissions/descriptors";
import { graphMembershipClient } from "../rest/grant-clients";
import { AdoError, isAdoError } from "../http/errors";
import type { GatewayClients } from "../rest/gateway-clients";
import { aceWritePermission, membershipWritePermission, writeRefusedMessage } from "./write-permissions";

export type { AppliedChange, ApplyFailure, ApplyOutcome, ApplyStep };

export interface ApplyOptions {
  onProgress?: (message: string, step: ApplyStep) => void;
  /** Writes in flight at once (default 4, the transport's own limit). */
  concurrency?: number;
}

export const DEFAULT_WRITE_CONCURRENCY = 4;

interface Entry {
  allow: number;
  deny: number;
}

/** The identity's entries, keyed by namespace id, token and descriptor (all lower-case). */
type Entries = Map<string, Entry>;

type Result = { applied: AppliedChange } | { failed: ApplyFailure } | { lost: ApplyFailure };

export async function applyPlan(clients: GatewayClients, plan: GrantPlan, options: ApplyOptions = {}): Promise<ApplyOutcome> {
  const progress = options.onProgress ?? (() => undefined);
  const concurrency = options.concurrency ?? DEFAULT_WRITE_CONCURRENCY;
  const outcome: ApplyOutcome = { applied: [], notAttempted: [], writes: 0 };
  const total = plan.changes.length;
  if (total === 0) return outcome;
  const memberships = plan.changes.filter((change): change is MembershipGrant => change.kind === "membership");
  const aces = plan.changes.filter((change): change is AceGrant => change.kind === "ace");

  progress(`Reading the current entries before writing ${total} changes`, { completed: 0, total, message: "Reading the current entries" });
  let before: Entries;
  let memberOf: Set<string>;
  try {
    [before, memberOf] = await Promise.all([readEntries(clients, aces), readDirectContainers(clients, memberships)]);
  } catch (error) {
    // Nothing was written: the first change carries the reason, the others are not attempted.
    const failure = failureOf(plan.changes[0], error);
    outcome.failed = { ...failure, message: `Nothing was written: reading the current entries failed. ${failure.message}` };
    outcome.notAttempted = plan.changes.slice(1);
    progress(`Stopped before writing: ${outcome.failed.message}`, { completed: 0, total, message: outcome.failed.message });
    return outcome;
  }

  const results = new Map<PlanChange, Result>();
  let stopped = false;
  let completed = 0;
  const write = async (change: PlanChange) => {
    try {
      const applied = change.kind === "membership" ? await addMembership(clients, change, memberOf) : await mergeAllow(clients, change, before);
      results.set(change, { applied });
    } catch (error) {
      const failure = failureOf(change, error);
      if (failure.kind === "network" && error instanceof AdoError && error.sent) {
        results.set(change, { lost: failure });
      } else {
        results.set(change, { failed: failure });
        stopped = true;
      }
    }
    completed++;
    const result = results.get(change)!;
    const message =
      "applied" in result ? describeChange(change) : `${describeChange(change)}: ${"failed" in result ? result.failed.message : result.lost.message}`;
    progress(`${"applied" in result ? "Applied" : "failed" in result ? "Failed" : "Answer lost for"} ${completed}/${total}: ${message}`, {
      completed,
      total,
      message,
    });
  };
  // Memberships first: a plan's ACEs never depend on them, but a Readers membership is the cheaper fix to keep.
  for (const phase of [memberships, aces] as PlanChange[][]) {
    await eachWithLimit(phase, concurrency, () => stopped, write);
  }

  const written = aces.filter((change) => {
    const result = results.get(change);
    return (result && "lost" in result) || (result && "applied" in result && result.applied.outcome === "written");
  });
  if (written.length > 0) {
    progress("Re-reading the entries written", { completed, total, message: "Re-reading the entries written" });
    let after: Entries | undefined;
    try {
      after = await readEntries(clients, written);
    } catch {
      // Lost answers stay unknown; the denies are checked again by the next run's plan (it refuses to clear one).
    }
    if (after) {
      settleLostWrites(written, results, after);
      outcome.denyRestores = await restoreLostDenies(clients, written, results, before, after);
      if (outcome.denyRestores.length === 0) delete outcome.denyRestores;
    }
  }

  const lostMemberships = memberships.filter((change) => "lost" in (results.get(change) ?? {}));
  if (lostMemberships.length > 0) {
    const now = await readDirectContainers(clients, lostMemberships).catch(() => undefined);
    if (now) {
      for (const change of lostMemberships) {
        const lost = results.get(change) as { lost: ApplyFailure };
        results.set(
          change,
          now.has(membershipKey(change))
            ? { applied: { change, outcome: "written", settledByReRead: true } }
            : { failed: { ...lost.lost, message: `${lost.lost.message} The re-read shows the membership was not added.` } },
        );
      }
    }
  }

  for (const change of plan.changes) {
    const result = results.get(change);
    if (!result) outcome.notAttempted.push(change);
    else if ("applied" in result) {
      outcome.applied.push(result.applied);
      if (result.applied.outcome === "written") outcome.writes++;
    } else if ("lost" in result) {
      (outcome.unknown ??= []).push(unknownOf(result.lost));
    } else if (!outcome.failed) outcome.failed = result.failed;
    else (outcome.alsoFailed ??= []).push(result.failed);
  }
  if (outcome.failed) {
    const done = outcome.applied.length;
    progress(`Stopped at ${done + 1}/${total}: ${outcome.failed.message}`, { completed: done, total, message: outcome.failed.message });
  }
  return outcome;
}

/** Runs `task` over `items` with at most `limit` at once, starting no new one once `stop()` is true. */
async function eachWithLimit<T>(items: readonly T[], limit: number, stop: () => boolean, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !stop()) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

function entryKey(namespaceId: string, token: string, descriptor: string): string {
  return `${namespaceId.toLowerCase()}|${token.toLowerCase()}|${normalizeDescriptor(descriptor)}`;
}

function entryOf(entries: Entries, change: AceGrant): Entry {
  return entries.get(entryKey(change.namespaceId, change.token, change.descriptor)) ?? { allow: 0, deny: 0 };
}

/** One ACL read per namespace, filtered to the descriptors the changes write for. */
async function readEntries(clients: GatewayClients, changes: readonly AceGrant[]): Promise<Entries> {
  const byNamespace = new Map<string, Set<string>>();
  for (const change of changes) {
    const descriptors = byNamespace.get(change.namespaceId) ?? new Set<string>();
    descriptors.add(change.descriptor);
    byNamespace.set(change.namespaceId, descriptors);
  }
  const security = await clients.security();
  const entries: Entries = new Map();
  await Promise.all(
    [...byNamespace].map(async ([namespaceId, descriptors]) => {
      const acls = await security.queryAccessControlLists(namespaceId, { descriptors: [...descriptors] });
      for (const acl of acls) {
        for (const [key, ace] of Object.entries(acl.acesDictionary ?? {})) {
          const descriptor = ace?.descriptor || key;
          if (![...descriptors].some((wanted) => descriptorsEqual(wanted, descriptor))) continue;
          entries.set(entryKey(namespaceId, acl.token, descriptor), { allow: ace?.allow ?? 0, deny: ace?.deny ?? 0 });
        }
      }
    }),
  );
  return entries;
}

/** The groups each member of the plan's memberships is directly in, as "member|container" keys. */
async function readDirectContainers(clients: GatewayClients, changes: readonly MembershipGrant[]): Promise<Set<string>> {
  const members = [...new Set(changes.map((change) => change.memberSubjectDescriptor))];
  const keys = new Set<string>();
  if (members.length === 0) return keys;
  const graph = await graphMembershipClient(clients);
  await Promise.all(
    members.map(async (member) => {
      for (const container of await graph.directContainers(member)) keys.add(`${member.toLowerCase()}|${container.toLowerCase()}`);
    }),
  );
  return keys;
}

function membershipKey(change: MembershipGrant): string {
  return `${change.memberSubjectDescriptor.toLowerCase()}|${change.groupSubjectDescriptor.toLowerCase()}`;
}

async function addMembership(clients: GatewayClients, change: MembershipGrant, memberOf: Set<string>): Promise<AppliedChange> {
  // The PUT is idempotent, but a plan applied twice should not write twice.
  if (memberOf.has(membershipKey(change))) {
    return { change, outcome: "alreadyInPlace" };
  }
  const graph = await graphMembershipClient(clients);
  try {
    await graph.addMembership(change.memberSubjectDescriptor, change.groupSubjectDescriptor);
  } catch (error) {
    throw namedRefusal(error, `adding the identity to ${change.groupName}`, membershipWritePermission(change.groupName));
  }
  return { change, outcome: "written" };
}

async function mergeAllow(clients: GatewayClients, change: AceGrant, before: Entries): Promise<AppliedChange> {
  const current = entryOf(before, change);
  const conflicting = current.deny & change.allow;
  if (conflicting !== 0) {
    throw new ConflictError(
      `${change.descriptor} is now denied bits ${conflicting} on ${change.token}; the plan would allow them, which would clear that deny. ` +
        "Nothing was written for this change: re-run the plan to see the current state.",
    );
  }
  const missing = change.allow & ~current.allow;
  if (missing === 0) return { change, outcome: "alreadyInPlace", result: current };
  const security = await clients.security();
  let written;
  try {
    written = await security.setAccessControlEntries(
      change.namespaceId,
      change.token,
      [{ descriptor: change.descriptor, allow: missing, deny: 0 }],
      true,
    );
  } catch (error) {
    throw namedRefusal(error, `the permission write on ${change.token}`, aceWritePermission(change.namespace, change.token));
  }
  const entry = written.find((ace) => typeof ace?.descriptor === "string" && descriptorsEqual(ace.descriptor, change.descriptor)) ?? written[0];
  const result = { allow: entry?.allow ?? 0, deny: entry?.deny ?? 0 };
  if ((result.allow & change.allow) !== change.allow) {
    throw new AdoError(
      "server",
      `Azure DevOps accepted the write on ${change.token} but answered allow ${result.allow}, without bits ${change.allow & ~result.allow}.`,
    );
  }
  return { change, outcome: "written", result };
}

/** A 403 on a write names the permission the write needs; any other error is passed on. */
function namedRefusal(error: unknown, what: string, permission: string): unknown {
  if (!isAdoError(error, "forbidden")) return error;
  return new AdoError("forbidden", writeRefusedMessage(what, permission), { status: error.status, url: error.url });
}

/** A lost answer is settled by the re-read: every bit there means applied, any bit missing means not applied. */
function settleLostWrites(changes: readonly AceGrant[], results: Map<PlanChange, Result>, after: Entries): void {
  for (const change of changes) {
    const result = results.get(change);
    if (!result || !("lost" in result)) continue;
    const now = entryOf(after, change);
    if ((now.allow & change.allow) === change.allow) {
      results.set(change, { applied: { change, outcome: "written", result: now, settledByReRead: true } });
    } else {
      results.set(change, {
        failed: { ...result.lost, message: `${result.lost.message} The re-read shows the write was not applied.` },
      });
    }
  }
}

/** Puts back deny bits the identity's entries had before the writes and lost since (deny bits only, merged). */
async function restoreLostDenies(
  clients: GatewayClients,
  changes: readonly AceGrant[],
  results: Map<PlanChange, Result>,
  before: Entries,
  after: Entries,
): Promise<DenyRestore[]> {
  const restores: DenyRestore[] = [];
  const security = await clients.security();
  for (const change of changes) {
    const result = results.get(change);
    if (!result || !("applied" in result)) continue;
    const lost = entryOf(before, change).deny & ~entryOf(after, change).deny;
    if (lost === 0) continue;
    const restore: DenyRestore = { change, token: change.token, descriptor: change.descriptor, deny: lost, restored: false };
    try {
      await security.setAccessControlEntries(change.namespaceId, change.token, [{ descriptor: change.descriptor, allow: 0, deny: lost }], true);
      restore.restored = true;
    } catch (error) {
      restore.message = error instanceof Error ? error.message : String(error);
    }
    restores.push(restore);
  }
  return restores;
}

class ConflictError extends Error {}

function failureOf(change: PlanChange, error: unknown): ApplyFailure {
  if (error instanceof ConflictError) return { change, message: error.message, kind: "conflict" };
  if (isAdoError(error)) return { change, message: error.message, kind: error.kind };
  return { change, message: error instanceof Error ? error.message : String(error), kind: "unexpected" };
}

function unknownOf(lost: ApplyFailure): UnknownOutcome {
  return {
    change: lost.change,
    message: `${lost.message} The request may have been applied; the re-read to tell could not be made. Run the same command again to settle it.`,
  };
}
