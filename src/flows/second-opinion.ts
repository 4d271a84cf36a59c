/**
 * The second opinion, shared by the audit and the grant flows: after the local evaluation, ask Azure DevOps for
 * its own effective bits where the mode says (core/audit/service-check.ts decides which namespaces and cells),
 * let its answer decide, and carry the cells it already allows to the planner (OrgSnapshot.alreadyEffective).
 */
import type { AdoGateway } from "../ado";
import { audit } from "../core/audit/audit";
import type { AuditReport, VerifyMode } from "../core/audit/report";
import { applyServiceEvaluation, namespacesToVerify } from "../core/audit/service-check";
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
  let requests = 0;
  let evaluation = {};
  if (namespaces.length > 0) {
    report(context, run, "Asking Azure DevOps for its own evaluation of the identity's permissions");
    ({ evaluation, requests } = await run.readServiceEvaluation(
      snapshot.identity.descriptor,
      namespaces,
      snapshot.projects.map((project) => project.id),
    ));
    throwIfCancelled(context);
  }
  const verified = applyServiceEvaluation(local, evaluation, mode, requests);
  const alreadyEffective = alreadyEffectiveCells(verified);
  return { report: verified, snapshot: alreadyEffective.length > 0 ? { ...snapshot, alreadyEffective } : snapshot };
}
