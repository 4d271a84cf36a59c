/**
 * The one rule for "did the grant work?", applied to the organization as re-read after the writes: the audit
 * of the new state (what the matrix shows), the plan that would still be needed (what `dbt-ado grant` prints
 * under `after`), whether the organization is in the desired state, and which missing cells were expected to
 * stay (the plan's blocked items) against those the plan should have fixed (a write that did not happen, or
 * someone changed something meanwhile).
 */
import { audit } from "../audit/audit";
import type { AuditReport } from "../audit/report";
import type { OrgSnapshot } from "../snapshot";
import { cellKey, gapCells } from "./cells";
import type { GrantPlan, GrantScope, PlanCell } from "./model";
import { isDesiredState, planGrants } from "./planner";

export interface GrantVerification {
  /** The audit of the organization after the writes. */
  report: AuditReport;
  /** What would still have to be written (and what stays blocked). */
  remaining: GrantPlan;
  /** Nothing left to write and nothing blocked. */
  desiredState: boolean;
  /** Cells still not allowed that the applied plan lists as blocked. */
  blockedLeft: number;
  /** Cells still not allowed that the applied plan does not list as blocked. */
  stillMissing: PlanCell[];
}

export function verifyGrant(applied: GrantPlan, after: OrgSnapshot, options: { scope: GrantScope; now: Date }): GrantVerification {
  const report = audit(after, { now: options.now });
  const remaining = planGrants(after, { scope: options.scope, now: options.now });
  return { report, remaining, desiredState: isDesiredState(remaining), ...missingAfter(applied, report, new Set(after.alreadyEffective ?? [])) };
}

/** Which cells the report still shows missing, told apart by whether the applied plan expected them to stay. */
export function missingAfter(
  applied: GrantPlan,
  report: AuditReport,
  alreadyEffective?: ReadonlySet<string>,
): Pick<GrantVerification, "blockedLeft" | "stillMissing"> {
  const blocked = new Set(applied.blocked.map((item) => cellKey(item.cell)));
  let blockedLeft = 0;
  const stillMissing: PlanCell[] = [];
  for (const [key, { cell }] of gapCells(report, alreadyEffective)) {
    if (blocked.has(key)) blockedLeft++;
    else stillMissing.push(cell);
  }
  return { blockedLeft, stillMissing };
}
