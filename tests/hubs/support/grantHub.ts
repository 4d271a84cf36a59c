/**
 * An in-memory organization for grant panel tests: an AuditSource and a GrantSource over one snapshot that
 * applying changes, so a refreshed matrix shows what was written. Audits and plans are the real core's;
 * writes are the core's own simulation of the service's merge rule (applyPlanToSnapshot), one change at a
 * time, like applyPlan. The caller check (an Azure DevOps answer) is configurable.
 *
 * The organization (the grant planner's test builders):
 *  - Analytics: the identity is in [Analytics]\Contributors (project read and Git through it); no service
 *    hooks permissions; `jaffle-shop` has inheritance switched off, so its allow must be on the repository.
 *  - Finance: the identity is in no group, so it needs the Readers membership and Contribute and hooks allows;
 *    its own entry denies Edit Subscription on PublisherSecurity/{Finance}: blocked.
 *  - Analytics/archive is disabled (left out).
 */
import { AdoError } from "../../../src/ado/http/errors";
import { audit } from "../../../src/core/audit/audit";
import { applyPlanToSnapshot, planGrants, type GrantPlan, type PlanChange } from "../../../src/core/grant/planner";
import type { AuditReport } from "../../../src/core/audit/report";
import type { OrgSnapshot } from "../../../src/core/snapshot";
import type { AuditSource, IdentityChoice, RunAuditOptions } from "../../../src/hubs/data/auditSource";
import type { ApplyOutcome, ApplyProgress, CallerCheck, GrantApplyResult, GrantIdentity, GrantSource } from "../../../src/hubs/data/grantSource";
import { verifyGrant } from "../../../src/core/grant/verification";
import { ANALYTICS, NOW, P1, P2, R2, SVC, acl, gitToken, org, serviceHooksToken } from "../../core/grant/support/org";

export { NOW, P1, P2, R2 };

export function grantTestOrg(): OrgSnapshot {
  return org({
    projects: [
      { id: P1, name: "Analytics" },
      { id: P2, name: "Finance" },
    ],
    memberOf: [ANALYTICS.contributors.descriptor],
    extraAcls: {
      serviceHooks: [acl(serviceHooksToken(P2), [[SVC, 0, 2]])],
      gitRepositories: [acl(gitToken(P1, R2), [], false)],
    },
  });
}

/** Analytics only, with every required permission effective (nothing to grant). */
export function completeTestOrg(): OrgSnapshot {
  return org({
    memberOf: [ANALYTICS.contributors.descriptor],
    extraAcls: { serviceHooks: [acl(serviceHooksToken(P1), [[SVC, 7, 0]])] },
  });
}

export interface GrantHubOptions {
  /** The caller check's answer for a plan; default: "Contoso Admin" may apply. */
  callerCheck?: (plan: GrantPlan) => CallerCheck;
  /** Fail the write of the change at this index (0-based), as applyPlan reports a refused write. */
  failAt?: { index: number; message: string; kind?: string };
  /** Awaited before each change is written, to observe progress. */
  beforeChange?: (index: number) => Promise<void>;
}

export interface GrantHub {
  auditSource: AuditSource;
  grantSource: GrantSource;
  /** The organization as it is now. */
  state(): OrgSnapshot;
  /** Every change written so far, in order. */
  written: PlanChange[];
  /** Plans passed to apply. */
  applied: GrantPlan[];
  progress: ApplyProgress[];
  audits: number;
  reads: number;
  /** Stop failing writes (the fault is fixed). */
  heal(): void;
}

export function grantHub(initial: OrgSnapshot = grantTestOrg(), options: GrantHubOptions = {}): GrantHub {
  let current = initial;
  let failAt = options.failAt;
  const hub: GrantHub = {
    state: () => current,
    written: [],
    applied: [],
    progress: [],
    audits: 0,
    reads: 0,
    heal: () => {
      failAt = undefined;
    },
    auditSource: {
      async resolveIdentity(query: string): Promise<IdentityChoice> {
        const { identity } = current;
        if (query.trim().toLowerCase() !== identity.principalName.toLowerCase()) {
          throw new AdoError("notFound", `No user or service principal matching "${query}" was found in contoso.`);
        }
        return { displayName: identity.displayName, principalName: identity.principalName, kind: identity.kind };
      },
      async runAudit(_identity: IdentityChoice, run: RunAuditOptions): Promise<AuditReport> {
        run.onProgress({ message: "Reading", requests: 1 });
        hub.audits++;
        return audit(current, { now: NOW });
      },
    },
    grantSource: {
      async readState(identity: GrantIdentity): Promise<OrgSnapshot> {
        if (identity.descriptor !== current.identity.descriptor) throw new Error(`Unexpected identity ${identity.descriptor}`);
        hub.reads++;
        return current;
      },
      plan(state, scope) {
        return planGrants(state, { scope, now: NOW });
      },
      async checkCaller(plan) {
        return options.callerCheck?.(plan) ?? { caller: "Contoso Admin", canApply: true, refused: [], unchecked: [] };
      },
      async apply(_identity, plan, scope, onProgress): Promise<GrantApplyResult> {
        const outcome = await applyInMemory(plan, onProgress);
        // As the flow does (verify "always"): re-read, and verify with the core's rule.
        hub.reads++;
        return { outcome, verification: { ok: true, value: verifyGrant(plan, current, { scope, now: NOW }) } };
      },
    },
  };

  async function applyInMemory(plan: GrantPlan, onProgress: (progress: ApplyProgress) => void): Promise<ApplyOutcome> {
    hub.applied.push(plan);
    const outcome: ApplyOutcome = { applied: [], notAttempted: [], writes: 0 };
    const total = plan.changes.length;
    for (let index = 0; index < total; index++) {
      const change = plan.changes[index];
      const progress = { completed: index, total, message: `Applying ${index + 1}/${total}` };
      hub.progress.push(progress);
      onProgress(progress);
      await options.beforeChange?.(index);
      if (failAt?.index === index) {
        outcome.failed = { change, message: failAt.message, kind: failAt.kind ?? "forbidden" };
        outcome.notAttempted = plan.changes.slice(index + 1);
        return outcome;
      }
      current = applyPlanToSnapshot(current, [change]);
      hub.written.push(change);
      outcome.applied.push({ change, outcome: "written" });
      outcome.writes++;
    }
    return outcome;
  }
  return hub;
}
