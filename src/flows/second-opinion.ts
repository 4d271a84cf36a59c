/**
 * The second opinion, shared by the audit and the grant flows: after the local evaluation, ask Azure DevOps for
 * its own effective bits where the mode says (core/audit/service-check.ts decides which namespaces and cells),
 * let its answer decide, and carry the cells it already allows to the planner (OrgSnapshot.alreadyEffective).
 */
import type { AdoGateway } from "../ado";
import { audit, auditView, evaluateAudit } from "../core/audit/audit";
import type { AuditReport, AuditView, VerifyMode } from "../core/audit/report";
import { applyServiceEvaluation, namespacesToVerify, planVerification, verifiedView, type ServiceEvaluation } from "../core/audit/service-check";
import { alreadyEffectiveCells } from "../core/grant/cells";
import type { OrgSnapshot } from "../core/snapshot";
import { report, throwIfCancelled, type FlowContext } from "./context";

export interface VerifiedState {
  report: AuditReport;
  /** The snapshot, with `alreadyEffective` set from the service's answers. */
  snapshot: OrgSnapshot;
}

export async function auditWithSecondOpinion(
  run: AdoGateway,
  snapshot: OrgSnapshot,
  mode: VerifyMode,
  now: Date,
  context: FlowContext,
  options: { explainAllowed?: boolean } = {},
): Promise<VerifiedState> {
  const local = audit(snapshot, { now, explainAllowed: options.explainAllowed });
  if (mode === "none") return { report: local, snapshot };
  const namespaces = namespacesToVerify(local, mode);
  const { evaluation, requests } = await askTheService(run, snapshot, namespaces, context);
  const verified = applyServiceEvaluation(local, evaluation, mode, requests);
  const alreadyEffective = alreadyEffectiveCells(verified);
  return { report: verified, snapshot: alreadyEffective.length > 0 ? { ...snapshot, alreadyEffective } : snapshot };
}

/**
 * The same second opinion on a view (see AuditView): the cells are evaluated again on each pass instead of kept,
 * once to plan the question, once to judge the answers, and once more each time the view's projects are read.
 */
export async function viewWithSecondOpinion(
  run: AdoGateway,
  snapshot: OrgSnapshot,
  mode: VerifyMode,
  now: Date,
  context: FlowContext,
  options: { explainAllowed?: boolean } = {},
): Promise<AuditView> {
  const local = evaluateAudit(snapshot, { now, explainAllowed: options.explainAllowed });
  if (mode === "none") return auditView(local);
  const plan = planVerification(local.projects, mode);
  const { evaluation, requests } = await askTheService(run, snapshot, plan.namespaces, context);
  return verifiedView(local, evaluation, mode, requests, plan.allowedLive);
}

async function askTheService(
  run: AdoGateway,
  snapshot: OrgSnapshot,
  namespaces: ReturnType<typeof namespacesToVerify>,
  context: FlowContext,
): Promise<{ evaluation: ServiceEvaluation; requests: number }> {
  if (namespaces.length === 0) return { evaluation: {}, requests: 0 };
  report(context, run, "Asking Azure DevOps for its own evaluation of the identity's permissions");
  const answer = await run.readServiceEvaluation(
    snapshot.identity.descriptor,
    namespaces,
    snapshot.projects.map((project) => project.id),
  );
  throwIfCancelled(context);
  return answer;
}
