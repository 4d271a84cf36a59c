/**
 * Applying a grant plan, one write at a time, so that a failure stops cleanly with a clear account of what
 * was and was not applied; running the command again (a fresh plan) finishes the job.
 *
 * - Memberships: `PUT _apis/graph/memberships/{subject}/{container}` (Graph, preview) (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships), after a
 *   `HEAD` on the same path says it does not exist yet.
 * - ACEs: `POST _apis/accesscontrolentries/{ns}` with `merge: true` and allow bits only (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries),
 *   so no bit of any identity is lost. Just before each write the identity's current entry on the token is
 *   read: bits already allowed are not sent again (idempotent), and if the entry now denies a bit the plan
 *   would allow (someone changed it since the plan was made), the write is refused rather than clearing that
 *   deny, because with merge an incoming allow clears the same bit's deny (inferred: https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries).
 * Throttling and 5xx are retried by the shared transport, exactly as for reads.
 */
import type { AceGrant, GrantPlan, MembershipGrant, PlanChange } from "../../core/grant/model";
import type { AppliedChange, ApplyFailure, ApplyOutcome, ApplyStep } from "../../core/grant/apply-outcome";
import { describeChange } from "../../core/grant/apply-outcome";
import { descriptorsEqual } from "../../core/permissions/descriptors";
import { graphMembershipClient } from "../rest/grant-clients";
import { AdoError, isAdoError } from "../http/errors";
import type { GatewayClients } from "../rest/gateway-clients";

export type { AppliedChange, ApplyFailure, ApplyOutcome, ApplyStep };

export interface ApplyOptions {
  onProgress?: (message: string, step: ApplyStep) => void;
}

export async function applyPlan(clients: GatewayClients, plan: GrantPlan, options: ApplyOptions = {}): Promise<ApplyOutcome> {
  const progress = options.onProgress ?? (() => undefined);
  const outcome: ApplyOutcome = { applied: [], notAttempted: [], writes: 0 };
  const total = plan.changes.length;
  for (let index = 0; index < total; index++) {
    const change = plan.changes[index];
    progress(`Applying ${index + 1}/${total}: ${describeChange(change)}`, { completed: index, total, message: describeChange(change) });
    try {
      const applied = change.kind === "membership" ? await addMembership(clients, change) : await mergeAllow(clients, change);
      if (applied.outcome === "written") outcome.writes++;
      outcome.applied.push(applied);
    } catch (error) {
      outcome.failed = failureOf(change, error);
      outcome.notAttempted = plan.changes.slice(index + 1);
      progress(`Stopped at ${index + 1}/${total}: ${outcome.failed.message}`, { completed: index, total, message: outcome.failed.message });
      break;
    }
  }
  return outcome;
}

async function addMembership(clients: GatewayClients, change: MembershipGrant): Promise<AppliedChange> {
  const graph = await graphMembershipClient(clients);
  // The PUT is idempotent, but a plan applied twice should not write twice.
  if (await graph.hasMembership(change.memberSubjectDescriptor, change.groupSubjectDescriptor)) return { change, outcome: "alreadyInPlace" };
  await graph.addMembership(change.memberSubjectDescriptor, change.groupSubjectDescriptor);
  return { change, outcome: "written" };
}

async function mergeAllow(clients: GatewayClients, change: AceGrant): Promise<AppliedChange> {
  const security = await clients.security();
  const acls = await security.queryAccessControlLists(change.namespaceId, { token: change.token, descriptors: [change.descriptor] });
  const current = currentEntry(acls, change.descriptor);
  const conflicting = current.deny & change.allow;
  if (conflicting !== 0) {
    throw new ConflictError(
      `${change.descriptor} is now denied bits ${conflicting} on ${change.token}; the plan would allow them, which would clear that deny. ` +
        "Nothing was written for this change: re-run the plan to see the current state.",
    );
  }
  const missing = change.allow & ~current.allow;
  if (missing === 0) return { change, outcome: "alreadyInPlace", result: current };
  const written = await security.setAccessControlEntries(
    change.namespaceId,
    change.token,
    [{ descriptor: change.descriptor, allow: missing, deny: 0 }],
    true,
  );
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

/** The identity's entry among the ACLs returned for one token (a `descriptors=` query returns a zero entry when none (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query)). */
function currentEntry(acls: { acesDictionary?: Record<string, { descriptor?: string; allow?: number; deny?: number }> }[], descriptor: string) {
  for (const acl of acls) {
    for (const [key, ace] of Object.entries(acl.acesDictionary ?? {})) {
      if (ace && descriptorsEqual(ace.descriptor || key, descriptor)) return { allow: ace.allow ?? 0, deny: ace.deny ?? 0 };
    }
  }
  return { allow: 0, deny: 0 };
}

class ConflictError extends Error {}

function failureOf(change: PlanChange, error: unknown): ApplyFailure {
  if (error instanceof ConflictError) return { change, message: error.message, kind: "conflict" };
  if (isAdoError(error)) return { change, message: error.message, kind: error.kind };
  return { change, message: error instanceof Error ? error.message : String(error), kind: "unexpected" };
}
