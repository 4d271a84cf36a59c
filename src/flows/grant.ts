/**
 * Granting what is missing, once for every face: read the organization → plan (core) → check that the caller
 * may write → apply (gateway) → re-read and verify (core). The faces decide what to show between the steps
 * (the CLI prints the plan and needs --yes; a hub shows a preview and a Confirm button).
 */
import type { AdoGateway } from "../ado";
import type { VerifyMode } from "../core/audit/report";
import type { ApplyOutcome, CallerCheck } from "../core/grant/apply-outcome";
import type { GrantPlan, GrantScope } from "../core/grant/model";
import { planGrants } from "../core/grant/planner";
import { verifyGrant, type GrantVerification } from "../core/grant/verification";
import type { OrgSnapshot } from "../core/snapshot";
import { nowOf, report, scopedGateway, throwIfCancelled, type FlowContext } from "./context";
import { auditWithSecondOpinion } from "./second-opinion";

export interface GrantRequest {
  /** The identity to grant to (as for the audit). */
  identity: string;
  projects?: string[];
  scope: GrantScope;
  /** Ask Azure DevOps for its own evaluation before planning (default `missing`), so nothing it already allows is written. */
  verify?: VerifyMode;
}

/** The state plans are made from: a fresh read, so a plan never rests on what a screen showed minutes ago. */
export async function readGrantState(gateway: AdoGateway, request: Omit<GrantRequest, "scope">, context: FlowContext = {}): Promise<OrgSnapshot> {
  const run = scopedGateway(gateway, context);
  const read = await run.readSnapshot({ identity: request.identity, projects: request.projects ?? [] });
  throwIfCancelled(context);
  return (await auditWithSecondOpinion(run, read, request.verify ?? "missing", nowOf(context), context)).snapshot;
}

/** The least-privilege plan for a state at a scope. */
export function planGrant(state: OrgSnapshot, scope: GrantScope, context: FlowContext = {}): GrantPlan {
  return planGrants(state, { scope, now: nowOf(context) });
}

/** May the signed-in caller make the plan's writes? Nothing to check for an empty plan. */
export async function checkCaller(gateway: AdoGateway, plan: GrantPlan, state: OrgSnapshot, context: FlowContext = {}): Promise<CallerCheck | null> {
  if (plan.changes.length === 0) return null;
  return scopedGateway(gateway, context).checkCallerCanApply(plan, state.groups);
}

export type VerificationResult = { ok: true; value: GrantVerification } | { ok: false; error: unknown };

export interface GrantApplyResult {
  outcome: ApplyOutcome;
  /** The re-read after the writes; absent when `verify` said not to re-read. */
  verification?: VerificationResult;
}

export interface ApplyGrantOptions {
  /**
   * When to re-read the organization afterwards: `always` (a hub refreshes its matrix even after a partial
   * apply) or `whenComplete` (only when every change was applied).
   */
  verify: "always" | "whenComplete";
}

/**
 * Writes the plan (a few writes at a time, no new one after the first failure), then re-reads and verifies.
 * Writes are not cancellable half-way: a request may already have reached the service, so the context's
 * signal is not passed to them.
 */
export async function applyGrant(
  gateway: AdoGateway,
  request: GrantRequest,
  plan: GrantPlan,
  options: ApplyGrantOptions,
  context: FlowContext = {},
): Promise<GrantApplyResult> {
  const run = scopedGateway(gateway, { ...context, signal: undefined });
  const total = plan.changes.length;
  const outcome = await run.applyGrantPlan(plan, {
    onProgress: (message, step) => context.onProgress?.({ message, completed: step.completed, total: step.total, requests: run.requestCount() }),
  });
  if (!outcome.failed)
    context.onProgress?.({ message: `Applied ${total} of ${total} changes`, completed: total, total, requests: run.requestCount() });
  if (outcome.failed && options.verify === "whenComplete") return { outcome };

  report(context, run, "Re-reading the organization to check the result");
  try {
    throwIfCancelled(context);
    const after = await readGrantState(gateway, request, context);
    return { outcome, verification: { ok: true, value: verifyGrant(plan, after, { scope: request.scope, now: nowOf(context) }) } };
  } catch (error) {
    return { outcome, verification: { ok: false, error } };
  }
}
