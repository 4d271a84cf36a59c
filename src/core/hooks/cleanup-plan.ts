/**
 * The clean-up plan for dbt Cloud's subscriptions, and the checks made right before each write.
 *
 * Only two writes exist: DELETE a duplicate (the only destructive one) and PUT a subscription a user disabled
 * back to `enabled`. Ones the system or an inactive identity disabled are not touched: updating them does not
 * revive them (https://docs.getdbt.com/docs/cloud/git/setup-azure); people reconnect the repository in dbt Cloud.
 *
 * Guards, so that someone else's subscription is never deleted or changed:
 * 1. the planner re-derives every step from the raw subscriptions (it does not trust the report's labels):
 *    each must be dbt Cloud's, a duplicate must have the same duplicate key as the copy kept;
 * 2. right before each write the gateway re-reads the subscription (and the copy kept) and asks
 *    `checkBeforeDelete` / `checkBeforeEnable` again.
 */
import { duplicateKey } from "./duplicates";
import { isDbtCloudSubscription, subscriptionStatus, type HookSubscription, type HooksSnapshot } from "./model";
import type { DbtHookView, HooksReport, NamedRef } from "./report";

/** What a step is about, for people to review before anything is written. */
export interface StepSubject {
  id: string;
  project: NamedRef;
  repository: NamedRef;
  eventType: string;
  branch: string | null;
  filters: Record<string, string>;
  target: string;
  status: string;
  createdDate: string | null;
  createdBy: string | null;
}

export interface DeleteStep {
  kind: "delete";
  subscription: StepSubject;
  /** The copy that stays; the delete is refused if it is gone by then. */
  keepId: string;
  /** The key both copies had when planned; the delete is refused if either changed. */
  duplicateKey: string;
  reason: string;
}

export interface EnableStep {
  kind: "enable";
  subscription: StepSubject;
  reason: string;
}

export type HooksPlanStep = DeleteStep | EnableStep;

export interface HooksPlan {
  organization: string;
  accessUrl: string | null;
  steps: HooksPlanStep[];
}

function subjectOf(view: DbtHookView): StepSubject {
  return {
    id: view.id,
    project: view.project,
    repository: view.repository,
    eventType: view.eventType,
    branch: view.branch,
    filters: view.filters,
    target: view.target,
    status: view.status,
    createdDate: view.createdDate,
    createdBy: view.creator.displayName ?? view.creator.uniqueName ?? view.creator.id,
  };
}

/**
 * Deletes for duplicates, then re-enables for subscriptions a user disabled. `report` must come from
 * `analyzeHooks(snapshot, …)`; anything it says is checked against the raw subscriptions again.
 */
export function planHooksCleanup(snapshot: HooksSnapshot, report: HooksReport): HooksPlan {
  const accessUrl = report.accessUrl ?? undefined;
  const raw = new Map(snapshot.subscriptions.map((subscription) => [subscription.id.toLowerCase(), subscription]));
  const dbtCloud = (id: string | null): HookSubscription | undefined => {
    const subscription = id === null ? undefined : raw.get(id.toLowerCase());
    return subscription && isDbtCloudSubscription(subscription, accessUrl) ? subscription : undefined;
  };

  const deletes: HooksPlanStep[] = [];
  const enables: HooksPlanStep[] = [];
  for (const view of report.dbtSubscriptions) {
    const subscription = dbtCloud(view.id);
    if (subscription === undefined) continue;
    if (view.state === "duplicate") {
      const kept = dbtCloud(view.duplicateOf);
      if (kept === undefined || kept.id.toLowerCase() === subscription.id.toLowerCase()) continue;
      const key = duplicateKey(subscription);
      if (duplicateKey(kept) !== key) continue;
      deletes.push({
        kind: "delete",
        subscription: subjectOf(view),
        keepId: kept.id,
        duplicateKey: key,
        reason: `duplicate of ${kept.id}, which is kept`,
      });
    } else if (view.state === "disabledByUser" && subscriptionStatus(subscription) === "disabledByUser") {
      enables.push({ kind: "enable", subscription: subjectOf(view), reason: "disabled by a user; dbt Cloud gets no events from it" });
    }
  }
  return { organization: report.organization, accessUrl: report.accessUrl, steps: [...deletes, ...enables] };
}

/**
 * - `proceed`: write now;
 * - `done`: nothing to write, the goal is already reached (deleted already, or enabled already);
 * - `refuse`: do not write, and say why.
 */
export type WriteCheck = { verdict: "proceed" } | { verdict: "done"; reason: string } | { verdict: "refuse"; reason: string };

/** Right before a DELETE, on fresh reads of the subscription and of the copy kept (undefined = 404). */
export function checkBeforeDelete(
  step: DeleteStep,
  current: HookSubscription | undefined,
  kept: HookSubscription | undefined,
  accessUrl?: string,
): WriteCheck {
  if (current === undefined) return { verdict: "done", reason: "already deleted" };
  if (!isDbtCloudSubscription(current, accessUrl)) {
    return { verdict: "refuse", reason: "it no longer points at dbt Cloud, so it is not dbt Cloud's to delete" };
  }
  if (duplicateKey(current) !== step.duplicateKey) return { verdict: "refuse", reason: "it changed since the plan was made" };
  if (kept === undefined || !isDbtCloudSubscription(kept, accessUrl)) {
    return { verdict: "refuse", reason: `the copy to keep (${step.keepId}) is gone, so this may be the last one` };
  }
  if (duplicateKey(kept) !== step.duplicateKey) {
    return { verdict: "refuse", reason: `the copy to keep (${step.keepId}) changed, so this is no longer a duplicate of it` };
  }
  return { verdict: "proceed" };
}

/** Right before the PUT that re-enables, on a fresh read of the subscription (undefined = 404). */
export function checkBeforeEnable(current: HookSubscription | undefined, accessUrl?: string): WriteCheck {
  if (current === undefined) return { verdict: "refuse", reason: "it no longer exists" };
  if (!isDbtCloudSubscription(current, accessUrl)) return { verdict: "refuse", reason: "it no longer points at dbt Cloud" };
  const status = subscriptionStatus(current);
  if (status === "enabled") return { verdict: "done", reason: "already enabled" };
  if (status !== "disabledByUser") {
    return { verdict: "refuse", reason: `its status is now ${status}; only subscriptions disabled by a user are re-enabled` };
  }
  return { verdict: "proceed" };
}

/**
 * `unknown`: the request was sent and its answer lost, and a read could not tell whether it was applied;
 * `notAttempted`: the run stopped (authentication, network, throttling) before this step.
 */
export type StepOutcome = "deleted" | "alreadyDeleted" | "enabled" | "alreadyEnabled" | "refused" | "failed" | "unknown" | "notAttempted";

export interface StepResult {
  step: HooksPlanStep;
  outcome: StepOutcome;
  /** Why, for refused and failed steps; empty otherwise. */
  message: string;
}

/** A step reached its goal (written now, or found already done). */
export function stepSucceeded(result: StepResult): boolean {
  return result.outcome !== "refused" && result.outcome !== "failed" && result.outcome !== "unknown" && result.outcome !== "notAttempted";
}
