/**
 * Applies a hooks clean-up plan (DELETE duplicates, PUT re-enables), re-checking each subscription right
 * before writing with the core's checks, so a plan made minutes ago never deletes or enables the wrong thing.
 */
import { checkBeforeDelete, checkBeforeEnable, type DeleteStep, type EnableStep, type HooksPlan, type StepResult } from "../../core/hooks/index";
import { isAdoError, type AdoError } from "../http/errors";
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
  const result = await api.deleteSubscription(id);
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
  const updated = await api.replaceSubscription(step.subscription.id, { ...current!, status: "enabled" });
  if (updated !== undefined && updated.status !== undefined && updated.status !== "enabled" && updated.status !== 0) {
    return { step, outcome: "failed", message: `Azure DevOps kept its status ${String(updated.status)}` };
  }
  return { step, outcome: "enabled", message: "" };
}

/**
 * Applies the steps in order, one at a time (deletes first, as planned). Each write is preceded by a fresh
 * read and the core's check; a step that fails on its own (403, 5xx after the transport's retries) is
 * reported and the others go on; authentication, network and throttling errors stop the run (thrown).
 */
export async function applyHooksPlan(clients: GatewayClients, plan: HooksPlan, options: HooksApplyOptions = {}): Promise<StepResult[]> {
  const progress = options.onProgress ?? (() => undefined);
  const api = await HooksApi.of(clients);
  const accessUrl = plan.accessUrl ?? undefined;
  const kept = new Map<string, Promise<WireSubscription | undefined>>();
  const results: StepResult[] = [];
  for (const step of plan.steps) {
    let result: StepResult;
    try {
      result = step.kind === "delete" ? await applyDelete(api, step, accessUrl, kept) : await applyEnable(api, step, accessUrl);
    } catch (error) {
      if (!isStepError(error)) throw error;
      result = { step, outcome: "failed", message: error.message };
    }
    progress(
      `${step.kind === "delete" ? "Delete" : "Re-enable"} ${step.subscription.id}: ${result.outcome}${result.message ? ` (${result.message})` : ""}`,
    );
    results.push(result);
  }
  return results;
}
