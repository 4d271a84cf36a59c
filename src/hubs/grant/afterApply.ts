/**
 * What the re-read after applying says about the plan: which missing cells are the plan's blocked ones (they
 * were expected to stay), and which are cells the plan should have fixed but are still not allowed (a write
 * that did not happen, or someone changed something meanwhile). Counted with src/core's own cell model.
 */
import { cellKey, gapCells } from "../../core/grant/cells";
import type { GrantPlan, PlanCell } from "../../core/grant/model";
import type { AuditReport } from "../../core/audit/report";

export interface AfterApply {
  /** Cells still not allowed that the plan lists as blocked. */
  blockedLeft: number;
  /** Cells still not allowed that the plan does not list as blocked. */
  stillMissing: PlanCell[];
}

export function afterApply(plan: GrantPlan, report: AuditReport): AfterApply {
  const blocked = new Set(plan.blocked.map((item) => cellKey(item.cell)));
  let blockedLeft = 0;
  const stillMissing: PlanCell[] = [];
  for (const [key, { cell }] of gapCells(report)) {
    if (blocked.has(key)) blockedLeft++;
    else stillMissing.push(cell);
  }
  return { blockedLeft, stillMissing };
}
