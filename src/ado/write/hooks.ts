/**
 * Applies a hooks clean-up plan (DELETE duplicates, PUT re-enables), re-checking each subscription right
 * before writing with the core's checks, so a plan made minutes ago never deletes or enables the wrong thing.
 */
import {
  checkBeforeDelete,
  checkBeforeEnable,
  type DeleteStep,
  type EnableStep,
  type HooksPlan,
  type HooksPlanStep,
  type StepResult,
} from "../../core/hooks/index";
import { AdoError, isAdoError } from "../http/errors";
import { subscriptionWritePermission, writeRefusedMessage } from "./write-permissions";
import type { GatewayClients } from "../rest/gateway-clients";
import { HooksApi, type WireSubscription } from "../rest/hooks-client";

export interface HooksApplyOptions {
  onProgress?: (message: string) => void;
}

/** Failures that concern one subscription; anything else (auth, network, throttling) stops the run. */
function isStepError(error: unknown): error is AdoError {
  return isAdoError(error, "forbidden") || isAdoError(error, "server") || isAdoError(error, "notFound");
}

async function applyDelete(
  api: HooksApi,
  step: DeleteStep,
  accessUrl: string | undefined,
  kept: Map<string, Promise<WireSubscription | undefined>>,
): Promise<StepResult> {
  const id = step.subscription.id;
  const keptRead = kept.get(step.keepId) ?? api.getSubscription(step.keepId);
  kept.set(step.keepId, keptRead);
  const [current, keptCopy] = await Promise.all([api.getSubscription(id), keptRead]);
  const check = checkBeforeDelete(step, current, keptCopy, accessUrl);
  if (check.verdict === "done") return { step, outcome: "alreadyDeleted", message: "" };
  if (check.verdict === "refuse") return { step, outcome: "refused", message: check.reason };
  const result = await api.deleteSubscription(id).catch((error: unknown) => {
    throw namedRefusal(error, step);
  });
  return { step, outcome: result === "deleted" ? "deleted" : "alreadyDeleted", message: "" };
}

async function applyEnable(api: HooksApi, step: EnableStep, accessUrl: string | undefined): Promise<StepResult> {
  const current = await api.getSubscription(step.subscription.id);
  const check = checkBeforeEnable(current, accessUrl);
  if (check.verdict === "done") return { step, outcome: "alreadyEnabled", message: "" };
  if (check.verdict === "refuse") return { step, outcome: "refused", message: check.reason };
  // The whole subscription goes back as read, only the status changed: a PUT replaces it (https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions).
  // Confidential inputs come back masked (`********`); the service keeps the stored secret when the mask is
  // echoed, as its own settings page relies on (inferred: https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions).
  const updated = await api.replaceSubscription(step.subscription.id, { ...current!, status: "enabled" }).catch((error: unknown) => {
    throw namedRefusal(error, step);
  });
  if (updated !== undefined && updated.status !== undefined && updated.status !== "enabled" && updated.status !== 0) {
    return { step, outcome: "failed", message: `Azure DevOps kept its status ${String(updated.status)}` };
  }
  return { step, outcome: "enabled", message: "" };
}

/**
 * Applies the steps in order, one at a time (deletes first, as planned). Each write is preceded by a fresh
 * read and the core's check; a step that fails on its own (403, 5xx after the transport's retries) is
 * reported and the others go on. Authentication, network and throttling errors stop the run: the step they
 * hit is reported (as unknown when its request may have been applied and a read cannot tell), and the steps
 * after it as not attempted, so that what was already written is never lost from the report.
 */
export async function applyHooksPlan(clients: GatewayClients, plan: HooksPlan, options: HooksApplyOptions = {}): Promise<StepResult[]> {
  const progress = options.onProgress ?? (() => undefined);
  const api = await HooksApi.of(clients);
  const accessUrl = plan.accessUrl ?? undefined;
  const kept = new Map<string, Promise<WireSubscription | undefined>>();
  const results: StepResult[] = [];
  let stoppedBy: string | undefined;
  for (const step of plan.steps) {
    if (stoppedBy !== undefined) {
      results.push({ step, outcome: "notAttempted", message: `the run stopped before it: ${stoppedBy}` });
      continue;
    }
    let result: StepResult;
    try {
      result = step.kind === "delete" ? await applyDelete(api, step, accessUrl, kept) : await applyEnable(api, step, accessUrl);
    } catch (error) {
      if (isAdoError(error, "cancelled")) throw error;
      if (isStepError(error)) {
        result = { step, outcome: "failed", message: error.message };
      } else {
        stoppedBy = error instanceof Error ? error.message : String(error);
        result = await settle(api, step, error, stoppedBy);
      }
    }
    progress(
      `${step.kind === "delete" ? "Delete" : "Re-enable"} ${step.subscription.id}: ${result.outcome}${result.message ? ` (${result.message})` : ""}`,
    );
    results.push(result);
  }
  return results;
}

/** A 403 on the write itself names the permission it needs; any other error is passed on. */
function namedRefusal(error: unknown, step: HooksPlanStep): unknown {
  if (!isAdoError(error, "forbidden")) return error;
  const what = `the ${step.kind === "delete" ? "delete" : "update"} of subscription ${step.subscription.id}`;
  return new AdoError("forbidden", writeRefusedMessage(what, subscriptionWritePermission(step.kind, step.subscription.id)), {
    status: error.status,
    url: error.url,
  });
}

/**
 * The step a stopping error hit: when its write may have reached the service (the answer was lost), a read
 * settles it if the network allows; otherwise it is reported unknown or failed.
 */
async function settle(api: HooksApi, step: HooksPlanStep, error: unknown, why: string): Promise<StepResult> {
  if (!isAdoError(error, "network") || !error.sent) return { step, outcome: "failed", message: why };
  try {
    const current = await api.getSubscription(step.subscription.id);
    if (step.kind === "delete") return current === undefined ? { step, outcome: "deleted", message: "" } : { step, outcome: "failed", message: why };
    const enabled = current !== undefined && (current.status === "enabled" || current.status === 0);
    return enabled ? { step, outcome: "enabled", message: "" } : { step, outcome: "failed", message: why };
  } catch {
    return { step, outcome: "unknown", message: `${why} The request may have been applied; run the same command again to settle it.` };
  }
}
