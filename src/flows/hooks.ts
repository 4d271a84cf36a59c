/**
 * dbt Cloud's service hook subscriptions, once for every face (`dbt-ado hooks list|prune`, the hubs' Service
 * hooks tab): read → analyse (core) → plan the clean-up (core) → apply (gateway) → re-read.
 */
import type { AdoGateway } from "../ado";
import { analyzeHooks, planHooksCleanup, type HooksPlan, type HooksReport, type HooksSnapshot, type StepResult } from "../core/hooks/index";
import { report, scopedGateway, throwIfCancelled, type FlowContext } from "./context";

export interface HooksRequest {
  /** Project names or ids; every project (and organization-wide subscriptions) when empty or absent. */
  projects?: string[];
  /** The dbt service user, to tell whether it created each subscription. */
  identity?: string;
  /** The dbt Cloud access URL's host, so a host on the customer's own domain counts as dbt Cloud's. */
  accessUrl?: string;
  /** The dbt Cloud account id, for links straight to the account's projects. */
  dbtAccountId?: string;
}

export interface HooksRead {
  snapshot: HooksSnapshot;
  report: HooksReport;
}

export async function readHooks(gateway: AdoGateway, request: HooksRequest, context: FlowContext = {}): Promise<HooksRead> {
  const run = scopedGateway(gateway, context);
  const snapshot = await run.readHooksSnapshot({ projects: request.projects ?? [], serviceUser: request.identity, accessUrl: request.accessUrl });
  throwIfCancelled(context);
  report(context, run, "Analysing the subscriptions");
  return { snapshot, report: analyzeHooks(snapshot, { accessUrl: request.accessUrl, dbtAccountId: request.dbtAccountId }) };
}

/** The clean-up a read calls for: delete duplicates, re-enable what a user disabled. */
export function planHooks(read: HooksRead): HooksPlan {
  return planHooksCleanup(read.snapshot, read.report);
}

export interface HooksCleanupResult {
  results: StepResult[];
  /** The subscriptions as re-read afterwards. */
  after: HooksRead;
  /** What would still be cleaned up. */
  remaining: HooksPlan;
}

export interface CleanUpHooksOptions {
  /**
   * Called with what the writes did before the re-read, so that a face can show it even when the re-read
   * then fails (the writes happened either way).
   */
  onApplied?: (results: StepResult[]) => void;
}

/** Applies the steps in order (each re-checked right before its write), then re-reads. */
export async function cleanUpHooks(
  gateway: AdoGateway,
  request: HooksRequest,
  plan: HooksPlan,
  context: FlowContext = {},
  options: CleanUpHooksOptions = {},
): Promise<HooksCleanupResult> {
  const run = scopedGateway(gateway, context);
  const results = await run.applyHooksPlan(plan);
  options.onApplied?.(results);
  report(context, run, "Re-reading the subscriptions to report the result");
  const after = await readHooks(gateway, request, context);
  return { results, after, remaining: planHooks(after) };
}
