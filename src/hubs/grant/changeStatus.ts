/**
 * Where each change of a plan stands, for the panel's table: planned, being written, done, failed or not
 * attempted. Derived from the apply progress or from applyPlan's outcome (which lists the changes it
 * applied, the one that failed and the ones after it, in plan order).
 */
import type { PlanChange } from "../../core/grant/model";
import type { ApplyOutcome, ApplyProgress } from "../data/grantSource";

export type ChangeStatus = "planned" | "applying" | "written" | "alreadyInPlace" | "failed" | "notAttempted" | "unknown";

export const STATUS_LABELS: Record<ChangeStatus, string> = {
  planned: "Planned",
  applying: "Applying…",
  written: "Applied",
  alreadyInPlace: "Already in place",
  failed: "Failed",
  notAttempted: "Not applied",
  unknown: "Unknown",
};

export function plannedStatuses(changes: readonly PlanChange[]): ChangeStatus[] {
  return changes.map(() => "planned");
}

/** While applying: the first `completed` are done, the next one is being written. */
export function statusesWhileApplying(changes: readonly PlanChange[], progress: ApplyProgress): ChangeStatus[] {
  return changes.map((_, index) => (index < progress.completed ? "written" : index === progress.completed ? "applying" : "planned"));
}

export function statusesAfter(changes: readonly PlanChange[], outcome: ApplyOutcome): ChangeStatus[] {
  const byChange = new Map<PlanChange, ChangeStatus>();
  for (const applied of outcome.applied) byChange.set(applied.change, applied.outcome);
  if (outcome.failed) byChange.set(outcome.failed.change, "failed");
  for (const failure of outcome.alsoFailed ?? []) byChange.set(failure.change, "failed");
  for (const lost of outcome.unknown ?? []) byChange.set(lost.change, "unknown");
  for (const change of outcome.notAttempted) byChange.set(change, "notAttempted");
  return changes.map((change) => byChange.get(change) ?? "unknown");
}
