/**
 * Everything the Setup tab shows, computed by src/core from what the admin typed and confirmed and what
 * the page knows (HubFacts): the checklist (buildChecklist), the validation messages of each field (the
 * core validators, through buildLinks' problems) and the client secret alert. The components only render it.
 */
import { parseAccessUrl } from "../../core/setup/access-url";
import {
  buildChecklist,
  countByState,
  resolveRoute,
  groupByOwner,
  type ChecklistInput,
  type ChecklistStep,
  type ServiceUserFact,
  type SetupConfirmations,
  type SetupRoute,
  type StepState,
} from "../../core/setup/checklist";
import { hookHealthSummary } from "../../core/hooks/summary";
import type { HooksReport } from "../../core/hooks/report";
import { buildLinks, type LinksInputField, type OrganizationRef, type ProjectRef } from "../../core/setup/links";
import { validateIsoDate } from "../../core/setup/validate";
import type { OrganizationTenant } from "../../flows";
import type { HubFactsSnapshot } from "./hubFacts";
import type { SetupFieldId, SetupFields } from "./setupRecord";

export interface SetupModelInput {
  organization: OrganizationRef;
  /** The project of a project hub: its service hooks and permissions pages are linked. */
  projects?: ProjectRef[];
  fields: SetupFields;
  confirmations: SetupConfirmations;
  /**
   * The route chosen on the tab. Undefined (nothing chosen yet): the checked identity's kind decides, else a
   * setup saved with service-user values before the choice existed stays on that route, else dbt's recommended
   * service principal (routeOf).
   */
  route?: SetupRoute;
  facts: HubFactsSnapshot;
  /** The newest service hooks read on this page (the Service hooks tab); absent = hooks not read. */
  hooksReport?: Pick<HooksReport, "dbtSubscriptions">;
  /** The organization's Entra tenant as read on this page; absent = not read (yet). */
  tenant?: OrganizationTenant;
  /** The identity last checked on the Permissions tab in an earlier visit, when this page has not looked one up. */
  rememberedServiceUser?: string;
  now: Date;
}

export interface SecretAlert {
  severity: "warning" | "error";
  message: string;
}

export interface SetupModel {
  /** The route shown: chosen, or inferred when nothing was chosen (routeOf). */
  route: SetupRoute;
  steps: ChecklistStep[];
  groups: ReturnType<typeof groupByOwner>;
  counts: Record<StepState, number>;
  /** One message per field whose value is invalid (empty fields have none). */
  fieldErrors: Partial<Record<SetupFieldId, string>>;
  /** Something wrong with the organization itself (its name as dbt Cloud needs it). */
  organizationProblem?: string;
  /** The access URL's host when the field holds a valid one: what redirect URIs are confirmed for. */
  accessHost?: string;
  /** Set when the client secret expires within the warning window or has expired. */
  secretAlert?: SecretAlert;
}

const FIELD_OF_PROBLEM: Partial<Record<LinksInputField, SetupFieldId>> = {
  applicationId: "applicationId",
  tenantId: "tenantId",
  accessUrl: "accessUrl",
  accountId: "accountId",
  serviceUserObjectId: "serviceUserObjectId",
};

function given(value: string): boolean {
  return value.trim() !== "";
}

function serviceUserFact(input: SetupModelInput): ServiceUserFact {
  const objectId = given(input.fields.serviceUserObjectId) ? input.fields.serviceUserObjectId.trim() : undefined;
  const known: ServiceUserFact =
    input.facts.serviceUser ??
    (input.rememberedServiceUser
      ? // Chosen in an earlier visit, but not looked up on this page: the core shows it as not checked yet.
        { chosen: true, principalName: input.rememberedServiceUser }
      : { chosen: false });
  return objectId === undefined ? known : { ...known, entraObjectId: objectId };
}

/** Values only the service-user route has: a setup saved with them before the route could be chosen used it. */
function hasServiceUserValues(input: Pick<SetupModelInput, "fields" | "confirmations">): boolean {
  const { confirmations } = input;
  return given(input.fields.serviceUserObjectId) || confirmations.serviceUserMfaDisabled === true || confirmations.redirectUrisAddedFor !== undefined;
}

/**
 * The route the tab shows: the admin's choice; else the kind of the identity checked on the Permissions tab
 * (the core's resolveRoute); else the service-user route for a setup that has its values; else the service
 * principal dbt recommends for new setups.
 */
export function routeOf(input: Pick<SetupModelInput, "route" | "facts" | "fields" | "confirmations">): SetupRoute {
  if (input.route === undefined && input.facts.serviceUser?.kind === undefined && hasServiceUserValues(input)) return "serviceUser";
  return resolveRoute({ route: input.route, facts: { serviceUser: input.facts.serviceUser } });
}

function tenantFacts(
  tenant: OrganizationTenant | undefined,
): Pick<ChecklistInput["facts"] & object, "connectedTenantId" | "connectedTenantUnreadable"> {
  if (tenant === undefined) return {};
  if (tenant.state === "connected") return { connectedTenantId: tenant.tenantId };
  if (tenant.state === "notConnected") return { connectedTenantId: null };
  return { connectedTenantUnreadable: tenant.reason };
}

export function checklistInput(input: SetupModelInput): ChecklistInput {
  const { fields } = input;
  return {
    organization: input.organization,
    route: routeOf(input),
    projects: input.projects,
    now: input.now,
    settings: {
      applicationId: fields.applicationId,
      tenantId: fields.tenantId,
      accessUrl: fields.accessUrl,
      accountId: fields.accountId,
      clientSecretExpiresOn: fields.clientSecretExpiresOn,
    },
    confirmations: input.confirmations,
    facts: {
      // Azure DevOps names the organization's Entra tenant in the X-VSS-ResourceTenant response header (the CLI's
      // `audit --tenant-id` reads it too); a browser page reads it only where the service exposes it through CORS,
      // and otherwise says so: "unknown", with a link to Organization settings > Microsoft Entra ID.
      ...tenantFacts(input.tenant),
      serviceUser: serviceUserFact(input),
      audit: input.facts.audit,
      hooks: input.hooksReport ? hookHealthSummary(input.hooksReport) : undefined,
    },
  };
}

export function buildSetupModel(input: SetupModelInput): SetupModel {
  const steps = buildChecklist(checklistInput(input));
  const { fields } = input;

  const fieldErrors: Partial<Record<SetupFieldId, string>> = {};
  let organizationProblem: string | undefined;
  const { problems } = buildLinks({
    organization: input.organization,
    applicationId: fields.applicationId,
    tenantId: fields.tenantId,
    accessUrl: fields.accessUrl,
    accountId: fields.accountId,
    serviceUserObjectId: fields.serviceUserObjectId,
    route: routeOf(input),
  });
  for (const problem of problems) {
    const field = FIELD_OF_PROBLEM[problem.field];
    if (field) fieldErrors[field] ??= problem.message;
    else organizationProblem ??= problem.message;
  }
  if (given(fields.clientSecretExpiresOn)) {
    const expiry = validateIsoDate(fields.clientSecretExpiresOn, "Client secret expiry date");
    if (!expiry.ok) fieldErrors.clientSecretExpiresOn = expiry.message;
  }

  const access = given(fields.accessUrl) ? parseAccessUrl(fields.accessUrl) : undefined;
  const secretStep = steps.find((step) => step.id === "client-secret");
  let secretAlert: SecretAlert | undefined;
  if (secretStep?.why && !fieldErrors.clientSecretExpiresOn && given(fields.clientSecretExpiresOn)) {
    if (secretStep.state === "todo") secretAlert = { severity: "warning", message: secretStep.why };
    if (secretStep.state === "problem") secretAlert = { severity: "error", message: secretStep.why };
  }

  return {
    route: routeOf(input),
    steps,
    groups: groupByOwner(steps),
    counts: countByState(steps),
    fieldErrors,
    organizationProblem,
    accessHost: access?.ok ? access.value.host : undefined,
    secretAlert,
  };
}
