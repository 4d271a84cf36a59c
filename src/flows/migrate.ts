/**
 * Moving dbt Cloud from a service user to the Entra app's service principal, as dbt's setup page recommends
 * (https://docs.getdbt.com/docs/cloud/git/setup-service-principal): audit both identities, show their required
 * permissions side by side, and plan (least privilege, the grant planner) what the service principal lacks.
 * Applying writes only the service principal's grants: nothing of the service user is changed.
 */
import { AdoError, type AdoGateway, type IdentityRef } from "../ado";
import { audit } from "../core/audit/audit";
import { parityRows, type ParityRow } from "../core/audit/parity";
import type { AuditReport } from "../core/audit/report";
import type { GrantPlan, GrantScope } from "../core/grant/model";
import type { OrgSnapshot } from "../core/snapshot";
import { nowOf, report, scopedGateway, throwIfCancelled, type FlowContext } from "./context";
import { findIdentity } from "./audit";
import { applyGrant, planGrant, type GrantApplyResult } from "./grant";
import { identityDependencies, type IdentityDependencies } from "../core/audit/dependencies";
import { analyzeHooks } from "../core/hooks/index";

/** A dbt Cloud service hook subscription the service user created: at risk once that user is removed. */
export interface HookAtRisk {
  id: string;
  project: string | null;
  repository: string | null;
  eventType: string;
  state: string;
}

export interface MigrateRequest {
  /** The service user dbt Cloud uses today (as for the audit). */
  from: string;
  /** The service principal it moves to. */
  to: string;
  projects?: string[];
  scope: GrantScope;
}

export interface MigrationState {
  from: AuditReport;
  to: AuditReport;
  parity: ParityRow[];
  /** What the service principal lacks, planned from its own snapshot. */
  plan: GrantPlan;
  toSnapshot: OrgSnapshot;
  /**
   * dbt Cloud's subscriptions created by the service user. Azure DevOps disables a subscription whose creator
   * loses access (https://learn.microsoft.com/azure/devops/service-hooks/troubleshoot), so they need recreating
   * (reconnecting the repositories in dbt Cloud) before the service user is removed.
   */
  hooksAtRisk: HookAtRisk[];
  /**
   * The service user's own permission entries and direct group memberships: left in place by the migration,
   * for an administrator to review before removing it. Its personal access tokens are not among them (an
   * administrator lists those in the Token Administration API, which this read does not use).
   */
  dependencies: IdentityDependencies;
}

/**
 * The two identities a migration names, found like `--identity` (not found, ambiguous: refused), and refused
 * as a pair unless they are two different identities, a user moving to a service principal.
 */
export async function findMigrationPair(
  gateway: AdoGateway,
  names: { from: string; to: string },
  context: FlowContext = {},
): Promise<{ from: IdentityRef; to: IdentityRef }> {
  const [from, to] = await Promise.all([findIdentity(gateway, names.from, context), findIdentity(gateway, names.to, context)]);
  if (from.descriptor === to.descriptor) throw new AdoError("usage", `--from and --to name the same identity (${from.displayName})`);
  if (from.kind !== "user") throw new AdoError("usage", `--from must be a service user; ${from.displayName} is a service principal`);
  if (to.kind !== "servicePrincipal")
    throw new AdoError("usage", `--to must be a service principal; ${to.principalName || to.displayName} is a user`);
  return { from, to };
}

/** Reads the organization once for both identities, then compares them and plans the service principal's grants. */
export async function readMigration(gateway: AdoGateway, request: MigrateRequest, context: FlowContext = {}): Promise<MigrationState> {
  const run = scopedGateway(gateway, context);
  const paired = await run.readPairedSnapshot({ from: request.from, to: request.to, projects: request.projects ?? [] });
  throwIfCancelled(context);
  report(context, run, "Comparing both identities");
  const now = nowOf(context);
  const from = audit(paired.from, { now });
  const to = audit(paired.to, { now });
  const hooksAtRisk = analyzeHooks(paired.hooks)
    .dbtSubscriptions.filter((hook) => hook.creator.isServiceUser === true)
    .map((hook) => ({ id: hook.id, project: hook.project.name, repository: hook.repository.name, eventType: hook.eventType, state: hook.state }));
  return {
    from,
    to,
    parity: parityRows(from, to),
    plan: planGrant(paired.to, request.scope, context),
    toSnapshot: paired.to,
    hooksAtRisk,
    dependencies: identityDependencies(paired.from),
  };
}

/** Applies the service principal's plan, then re-reads it (the grant flow's pieces). */
export function applyMigration(gateway: AdoGateway, request: MigrateRequest, plan: GrantPlan, context: FlowContext = {}): Promise<GrantApplyResult> {
  return applyGrant(gateway, { identity: request.to, projects: request.projects, scope: request.scope }, plan, { verify: "whenComplete" }, context);
}
