/**
 * The audit, once for every face (`dbt-ado audit`, the hubs' Permissions tab, the pipeline task): read the
 * organization for the identity, then let the core judge every required permission on every project and
 * repository.
 */
import { isAdoError, type AdoGateway, type IdentityChoice, type IdentityRef } from "../ado";
import type { AuditReport, AuditView, VerifyMode } from "../core/audit/report";
import { tenantFindings } from "../core/audit/tenant";
import type { OrgSnapshot } from "../core/snapshot";
import { nowOf, report, scopedGateway, throwIfCancelled, type FlowContext } from "./context";
import { auditWithSecondOpinion, viewWithSecondOpinion } from "./second-opinion";

export interface AuditRequest {
  /** UPN, e-mail, display name, identity descriptor or Graph subject descriptor. */
  identity: string;
  /**
   * Explain allowed cells too (reason and deciding entry; default true). A face that shows only what is missing
   * (the CLI's table, Markdown, JUnit and compact JSON) leaves them out: at 10,000 projects they are most of the
   * report's memory.
   */
  explainAllowed?: boolean;
  /** Project names or ids; every project when empty or absent. */
  projects?: string[];
  /**
   * The app's Directory (tenant) ID (a validated GUID): when given, the organization's own tenant is read and
   * compared (tenant-mismatch, organization-not-connected-to-entra); when absent, nothing is compared.
   */
  tenantId?: string;
  /**
   * Azure DevOps' own evaluation as a second opinion (default `missing`: every cell not allowed plus a sample
   * of allowed ones; `all`; `none`: the local evaluation only). Where they differ, the service's answer counts.
   */
  verify?: VerifyMode;
}

export interface AuditResult {
  report: AuditReport;
  /** What the report was computed from (the grant planner starts from the same data), with the service's answers. */
  snapshot: OrgSnapshot;
}

export async function runAudit(gateway: AdoGateway, request: AuditRequest, context: FlowContext = {}): Promise<AuditResult> {
  const run = scopedGateway(gateway, context);
  const read = await readForAudit(run, request, context);
  const { report: result, snapshot } = await auditWithSecondOpinion(run, read, request.verify ?? "missing", nowOf(context), context, {
    explainAllowed: request.explainAllowed,
  });
  return { snapshot, report: await withTenant(run, result, request, context) };
}

/**
 * The same audit as a view whose projects are evaluated again, one at a time, each time they are read (see
 * AuditView): for writing a report of any size in bounded memory (`dbt-ado audit --format json`). It evaluates the
 * cells about three times instead of once (the second opinion's plan and judgement, then the writing).
 */
export async function runAuditView(gateway: AdoGateway, request: AuditRequest, context: FlowContext = {}): Promise<AuditView> {
  const run = scopedGateway(gateway, context);
  const read = await readForAudit(run, request, context);
  const view = await viewWithSecondOpinion(run, read, request.verify ?? "missing", nowOf(context), context, {
    explainAllowed: request.explainAllowed,
  });
  return withTenant(run, view, request, context);
}

async function readForAudit(run: AdoGateway, request: AuditRequest, context: FlowContext): Promise<OrgSnapshot> {
  // An audit evaluates the identity's own groups only: the organization's group list is the grant planner's need.
  const read = await run.readSnapshot({ identity: request.identity, projects: request.projects ?? [], projectGroups: false });
  throwIfCancelled(context);
  report(context, run, "Evaluating permissions");
  return read;
}

async function withTenant<R extends AuditView>(run: AdoGateway, result: R, request: AuditRequest, context: FlowContext): Promise<R> {
  if (request.tenantId === undefined) return result;
  report(context, run, "Reading the organization's Entra tenant");
  const organizationTenantId = await run.readResourceTenant();
  throwIfCancelled(context);
  return withTenantCheck(result, request.tenantId, organizationTenantId);
}

/** The report with the tenant comparison added: its findings, the organization's tenant, and `ok` updated. */
function withTenantCheck<R extends AuditView>(result: R, appTenantId: string, organizationTenantId: string | null | undefined): R {
  const findings = [...result.findings, ...tenantFindings(appTenantId, organizationTenantId)];
  const checked: R = { ...result, findings, ok: result.ok && findings.every((finding) => finding.severity !== "error") };
  if (organizationTenantId !== undefined) checked.organizationTenantId = organizationTenantId;
  return checked;
}

/**
 * The one user or service principal a query names, before anything else is read (the hubs show it at once).
 * A name several identities share, or one that only loosely matches (a prefix of a display name), is refused
 * with an `ambiguous` error whose choices `identityChoicesOf` returns.
 */
export async function findIdentity(gateway: AdoGateway, query: string, context: FlowContext = {}): Promise<IdentityRef> {
  const identity = await scopedGateway(gateway, context).resolveIdentity(query);
  throwIfCancelled(context);
  return identity;
}

/** The identities an `ambiguous` refusal of `findIdentity` offers ("did you mean …"); empty for any other error. */
export function identityChoicesOf(error: unknown): IdentityChoice[] {
  return isAdoError(error, "ambiguous") ? [...(error.choices ?? [])] : [];
}
