/**
 * The grant planner: from a snapshot, the smallest set of additions that makes every required permission
 * effectively allowed for the identity, at the scope the admin chose, checked with the same evaluator the
 * audit uses.
 *
 * 1. Project Reader is a membership of the project's Readers group. It is kept only where it really gives
 *    GENERIC_READ and does not bring a deny that no allow could then beat; elsewhere GENERIC_READ falls back to
 *    an allow on the project token.
 * 2. Every other missing cell gets an allow for the identity's own ACE on the widest token the scope allows.
 *    The plan is applied to the snapshot and re-evaluated; a cell that is still not allowed (a group deny on
 *    `repoV2/{projectId}` beats a project-level allow, inheritance is off on the repository, …) moves one
 *    token down, to where an explicit allow wins, and the round repeats. A token whose own ACE denies the bit
 *    is skipped: merging an allow there would clear the deny, and the tool never overrides a deny.
 * 3. A cell a deny decides on the most specific token is blocked: listed with the reason and the change an
 *    administrator would have to make by hand.
 * Only missing allow bits are written, grouped one ACE per token; disabled repositories are skipped.
 */
import type { AclIndexCache } from "../permissions/evaluate";
import { audit } from "../audit/audit";
import { blockedItem } from "./blocked";
import { cellKey, evaluateCells, gapCells, reportCells } from "./cells";
import { aceChange, Names } from "./changes";
import { Ladders, toAceWrite, whyAllowLoses } from "./ladders";
import { chooseMemberships, membershipChange, withoutRedundantMemberships, type AuditOf } from "./memberships";
import { GRANT_SCOPES, PLAN_SCHEMA_VERSION, type GrantPlan, type GrantScope, type PlanCell, type PlanChange, type PlanIdentity } from "./model";
import { byProject, compareAceChanges, compareCells } from "./order";
import { OwnAces, unfixable } from "./own-entries";
import { applyPlanToSnapshot, simulateWrites } from "./simulate";
import type { OrgSnapshot } from "../snapshot";

export * from "./model";
export { applyPlanToSnapshot, simulateWrites } from "./simulate";
export { cellKey, gapCells, reportCells, tokenLadder } from "./cells";

export interface PlanOptions {
  /** Default `project`. */
  scope?: GrantScope;
  /** Only these projects (ids); every project of the snapshot when absent. */
  projectIds?: string[];
  /** The clock the audit's findings are measured against (they only feed `notes`); default: now. */
  now?: Date;
}

/** Safety net for the move-down rounds: each round moves every failing cell one token down, ladders are ≤ 3. */
const MAX_ROUNDS = 8;

export function planGrants(snapshot: OrgSnapshot, options: PlanOptions = {}): GrantPlan {
  const scope = options.scope ?? "project";
  if (!GRANT_SCOPES.includes(scope)) throw new Error(`Unknown grant scope "${String(scope)}": use ${GRANT_SCOPES.join(", ")}`);
  const now = options.now ?? new Date();
  // Simulated snapshots share the ACL lists of namespaces they do not write to: index each list once.
  const aclIndexCache: AclIndexCache = new WeakMap();
  // The planner reads why a cell is not allowed, never why one is: allowed cells go unexplained (less to allocate).
  const auditOf: AuditOf = (state, projectIds = options.projectIds, closure) =>
    audit(state, { now, projectIds, aclIndexCache, closure, explainAllowed: false });

  const baseReport = auditOf(snapshot);
  // Cells the service says are already allowed (--verify) are never planned, nor counted as missing.
  const serviceAllowed = new Set(snapshot.alreadyEffective ?? []);
  const baseGaps = gapCells(baseReport, serviceAllowed);
  const identity = planIdentity(snapshot);
  const own = new OwnAces(snapshot, aclIndexCache);

  // 1. Readers memberships, then the snapshot as it will be once they exist.
  const readers = chooseMemberships(snapshot, baseReport, baseGaps, own, auditOf, aclIndexCache);
  const working = readers.memberships.length > 0 ? simulateWrites(snapshot, [], readers.memberships) : snapshot;
  const workingReport = readers.report ?? baseReport;
  const gaps = gapCells(workingReport, serviceAllowed);
  const unfixableCells = unfixable(working, gaps, own, aclIndexCache);

  // 2. Allows, moved down until each one wins.
  const ladders = new Ladders(scope, own);
  let open: PlanCell[] = [];
  for (const { cell } of gaps.values()) {
    if (unfixableCells.has(cellKey(cell))) continue;
    // A cell whose own ACE denies it on every token of its ladder is unfixable() already; kept as a guard.
    if (ladders.start(cell)) open.push(cell);
    else unfixableCells.set(cellKey(cell), gaps.get(cellKey(cell))!);
  }
  let writes = ladders.writes(open);
  for (let round = 0; ; round++) {
    // Allows only ever add, so cells already allowed stay allowed: only the open ones need re-checking.
    const cells = evaluateCells(simulateWrites(working, writes.map(toAceWrite(identity)), []), open, aclIndexCache);
    const failing = open.filter((cell) => cells.get(cellKey(cell))?.result.effective !== "allow");
    if (failing.length === 0) break;
    if (round >= MAX_ROUNDS) throw new Error("The grant planner did not converge; this is a bug, please report it");
    const stuck = new Set<string>();
    for (const cell of failing) {
      const evaluated = cells.get(cellKey(cell))!;
      if (!ladders.moveDown(cell, whyAllowLoses(cell, ladders.token(cell), evaluated.result))) {
        // Not expected: unfixable() found the identity's own allow on the checked token enough. Report, not loop.
        unfixableCells.set(cellKey(cell), evaluated);
        stuck.add(cellKey(cell));
      }
    }
    if (stuck.size > 0) open = open.filter((cell) => !stuck.has(cellKey(cell)));
    writes = ladders.writes(open);
  }

  // 3. The plan, verified against the snapshot it was made from.
  const names = new Names(baseReport);
  const workingCells = reportCells(workingReport);
  const aceWrites = writes.filter((write) => write.allow !== 0);
  // The allows can cover what a membership would have brought: keep only the memberships still needed.
  const memberships =
    readers.memberships.length === 0
      ? readers.memberships
      : withoutRedundantMemberships(simulateWrites(snapshot, aceWrites.map(toAceWrite(identity)), []), readers.memberships, auditOf);
  const membershipChanges = memberships.map((membership) => membershipChange(membership, identity, baseGaps, workingCells));
  const aceChanges = aceWrites.map((write) => aceChange(write, identity, names, ladders, readers.fallbackReasons));
  const changes: PlanChange[] = [...membershipChanges.sort(byProject), ...aceChanges.sort(compareAceChanges)];
  const blocked = [...unfixableCells.values()]
    .map(({ cell, result }) => blockedItem(cell, result, { identity, groups: snapshot.groups, organizationUrl: snapshot.organization.url }))
    .sort((a, b) => compareCells(a.cell, b.cell));

  const after = reportCells(auditOf(applyPlanToSnapshot(snapshot, changes)));
  const blockedKeys = new Set(blocked.map((item) => cellKey(item.cell)));
  const verified = [...after.values()].every(
    ({ cell, result }) => (result.effective === "allow" || serviceAllowed.has(cellKey(cell))) !== blockedKeys.has(cellKey(cell)),
  );

  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    organization: { name: snapshot.organization.name, url: snapshot.organization.url },
    identity,
    scope,
    projectIds: baseReport.projects.map((project) => project.id),
    changes,
    blocked,
    verified,
    notes: baseReport.findings.filter((finding) => finding.severity === "error").map((finding) => finding.message),
    summary: {
      missing: baseGaps.size,
      fixed: [...baseGaps.keys()].filter((key) => !blockedKeys.has(key)).length,
      blocked: blocked.length,
      aceWrites: aceChanges.length,
      membershipWrites: membershipChanges.length,
      skippedDisabledRepositories: baseReport.projects.reduce(
        (count, project) => count + project.repositories.filter((repo) => repo.isDisabled).length,
        0,
      ),
    },
  };
}

/** True when the plan leaves nothing to do: no change pending and nothing blocked. */
export function isDesiredState(plan: GrantPlan): boolean {
  return plan.changes.length === 0 && plan.blocked.length === 0;
}

function planIdentity(snapshot: OrgSnapshot): PlanIdentity {
  const { identity } = snapshot;
  return {
    displayName: identity.displayName,
    principalName: identity.principalName,
    kind: identity.kind,
    descriptor: identity.descriptor,
    subjectDescriptor: identity.subjectDescriptor,
  };
}
