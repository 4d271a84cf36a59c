/**
 * The dbt Cloud "Set up Azure DevOps" procedure as data, for both routes: the service principal dbt now recommends
 * (https://docs.getdbt.com/docs/cloud/git/setup-service-principal) and the older service user
 * (https://docs.getdbt.com/docs/cloud/git/setup-service-user), and `buildChecklist`, which gives each step a state from what an admin typed, what they
 * confirmed, and what Azure DevOps can tell.
 *
 * States:
 * - done     the step is complete as far as this product can know
 * - todo     something is left to do (including "rotate the client secret soon")
 * - problem  something is wrong and will break, or has broken, the integration
 * - manual   only a person can check it outside Azure DevOps (Entra, dbt Cloud) and nobody has confirmed it
 * - unknown  Azure DevOps could tell, but that fact was not read (yet)
 *
 * There is no client secret anywhere in the input: the product never asks for it or keeps it. Only the
 * secret's expiry date is recorded, to warn before it lapses.
 */
import { parseAccessUrl, type AccessUrlInfo } from "./access-url";
import {
  buildLinks,
  DEFAULT_ROUTE,
  type CopyValue,
  type Link,
  type LinkId,
  type LinkOwner,
  type LinkSet,
  type OrganizationRef,
  type ProjectRef,
  type SetupRoute,
} from "./links";
import type { AuditReport, Finding } from "../audit/report";
import { isoDateToInstant, validateAccountId, validateApplicationId, validateIsoDate, validateTenantId, type Validation } from "./validate";

export type StepOwner = LinkOwner;
export type StepState = "done" | "todo" | "problem" | "manual" | "unknown";

export const OWNER_ORDER: readonly StepOwner[] = ["entraAdmin", "adoAdmin", "dbtAdmin"];

export const OWNER_LABELS: Readonly<Record<StepOwner, string>> = {
  entraAdmin: "Microsoft Entra ID admin",
  adoAdmin: "Azure DevOps admin",
  dbtAdmin: "dbt Cloud account admin",
};

/** A secret expiring within this many days is flagged for rotation. */
export const SECRET_WARNING_DAYS = 30;

/** dbt keeps `getdbt.com` access URLs working for integrations until this date (account-url-migration.md). */
export const GETDBT_COM_INTEGRATIONS_END = "2026-11-01";

/** dbt Cloud needs a relink of the service user after this many days without runs (setup-azure). */
export const SERVICE_USER_IDLE_DAYS = 90;

const DAY_MS = 24 * 60 * 60 * 1000;

export type StepId =
  | "register-app"
  | "multitenant"
  | "redirect-uris"
  | "api-permission"
  | "client-secret"
  | "service-user-mfa"
  | "connect-directory"
  | "choose-service-user"
  | "service-user-permissions"
  | "pat-policies"
  | "service-hooks"
  | "access-url"
  | "account-url-migration"
  | "add-app-to-dbt"
  | "link-service-user"
  | "service-user-idle"
  | "ip-restrictions"
  | "add-service-principal"
  | "service-principal-permissions"
  | "link-developer-accounts";

export type { SetupRoute } from "./links";
export { DEFAULT_ROUTE } from "./links";

export interface StepDefinition {
  id: StepId;
  owner: StepOwner;
  title: string;
  /** What to do, in the words of dbt's procedure, for the person who owns the step. */
  detail: string;
  /** The routes this step belongs to; undefined = both. */
  routes?: readonly SetupRoute[];
}

export interface ChecklistStep extends StepDefinition {
  state: StepState;
  /** Why the step has this state, with the facts that decided it. */
  why?: string;
  links: Link[];
  /** Exact values to copy into another system (redirect URIs, the organization name for dbt Cloud…). */
  values?: CopyValue[];
}

/** The procedure, in order within each owner. */
export const SETUP_PROCEDURE: readonly StepDefinition[] = [
  {
    id: "register-app",
    owner: "entraAdmin",
    title: "Register a Microsoft Entra ID app",
    detail:
      "In Microsoft Entra ID > App registrations, select New registration and name it, for example, " +
      '"dbt Labs Azure DevOps app". Use a different app from the one used for dbt Cloud SSO. Then enter its ' +
      "Application (client) ID and Directory (tenant) ID here.",
  },
  {
    id: "multitenant",
    owner: "entraAdmin",
    title: "Make the app multitenant",
    detail:
      'Supported account types must be "Accounts in any organizational directory (Multitenant)". Azure DevOps ' +
      "and Microsoft Entra ID count as separate tenants, so a single-tenant app fails; dbt says this is the step " +
      "customers most often get wrong.",
  },
  {
    id: "redirect-uris",
    routes: ["serviceUser"],
    owner: "entraAdmin",
    title: "Add both redirect URIs (Web)",
    detail:
      "Under Authentication, add two Web redirect URIs for your dbt Cloud access URL: " +
      "https://YOUR_ACCESS_URL/complete/azure_active_directory (developers) and " +
      "https://YOUR_ACCESS_URL/complete/azure_active_directory_service_user (the service user). " +
      "When the access URL changes, add the URIs for the new one.",
  },
  {
    id: "api-permission",
    owner: "entraAdmin",
    title: "Grant only the Azure DevOps user_impersonation API permission",
    detail:
      "Under API permissions, remove Microsoft Graph / User.Read, then Add a permission > Azure DevOps > " +
      "user_impersonation (the only Azure DevOps permission).",
  },
  {
    id: "client-secret",
    owner: "entraAdmin",
    title: "Create a client secret and record its expiry date",
    detail:
      "Under Certificates & secrets > Client secrets, create a secret and share its Value securely with the dbt " +
      "Cloud account admin, who pastes it into dbt Cloud. Never enter the secret here; record only its expiry " +
      "date, so you are warned " +
      `${SECRET_WARNING_DAYS}` +
      " days before it expires.",
  },
  {
    id: "service-user-mfa",
    routes: ["serviceUser"],
    owner: "entraAdmin",
    title: "Turn off MFA for the service user",
    detail:
      "MFA must be explicitly disabled for the service user (per-user MFA; this may require turning off Security " +
      "Defaults, and Conditional Access must not demand a second factor). Otherwise production runs fail to clone " +
      "because dbt Cloud is prompted to set up MFA.",
  },
  {
    id: "connect-directory",
    owner: "adoAdmin",
    title: "Connect the organization to Microsoft Entra ID",
    detail:
      "Organization settings > Microsoft Entra ID > Connect directory, choosing the tenant that owns the app " +
      "(needs an Azure admin with rights in both Entra ID and Azure DevOps). You can only add a service principal " +
      "for the tenant to which your organization is connected.",
  },
  {
    id: "choose-service-user",
    routes: ["serviceUser"],
    owner: "adoAdmin",
    title: "Choose the service user",
    detail:
      "Create a dedicated user (not a person's account, which breaks production runs when they leave) with Basic " +
      "access or higher; Stakeholder access cannot read repositories.",
  },
  {
    id: "service-user-permissions",
    routes: ["serviceUser"],
    owner: "adoAdmin",
    title: "Grant the service user its permissions",
    detail:
      "In every project and repository dbt Cloud uses: Project Reader; ServiceHooks View, Edit and Delete " +
      "subscriptions; Git Read, Contribute and Contribute to pull requests. The ServiceHooks bits cannot be set in " +
      "the web UI. Grant Project Reader before creating the dbt Cloud project.",
  },
  {
    id: "pat-policies",
    routes: ["serviceUser"],
    owner: "adoAdmin",
    title: "Let the service user create short-lived PATs",
    detail:
      "dbt Cloud mints 5-minute, single-use personal access tokens for the service user (scopes vso.code_full, " +
      "vso.project, vso.build_execute). If a tenant or organization policy restricts PAT creation, put the service " +
      "user on its allow list.",
  },
  {
    id: "add-service-principal",
    owner: "adoAdmin",
    routes: ["servicePrincipal"],
    title: "Add the app's service principal to the organization",
    detail:
      "Organization settings > Users > Add users: add the Entra app (its service principal, listed in Entra as the " +
      "app's Managed application in local directory) with the Basic access level, and add it to every project " +
      "dbt Cloud uses. Stakeholder access cannot read repositories.",
  },
  {
    id: "service-principal-permissions",
    owner: "adoAdmin",
    routes: ["servicePrincipal"],
    title: "Grant the service principal its permissions",
    detail:
      "In every project and repository dbt Cloud uses: Project Reader; ServiceHooks View, Edit and Delete " +
      "subscriptions; Git Read, Contribute and Contribute to pull requests. dbt's page adds the service principal to " +
      "Project Administrators; this product checks and grants only the bits dbt uses. The ServiceHooks bits cannot " +
      "be set in the web UI.",
  },
  {
    id: "service-hooks",
    owner: "adoAdmin",
    title: "Keep dbt Cloud's service hooks healthy",
    detail:
      "dbt Cloud creates a service hook subscription when a repository is connected; CI depends on it. Azure DevOps " +
      "disables hooks that keep failing, and duplicates make CI run twice.",
  },
  {
    id: "access-url",
    owner: "dbtAdmin",
    title: "Enter the dbt Cloud access URL and account id",
    detail:
      "Copy the access URL from dbt Cloud > Account settings > Access URLs (e.g. abc123.us1.dbt.com) and the account " +
      "id (the number after /accounts/ in dbt Cloud's address bar).",
  },
  {
    id: "account-url-migration",
    owner: "dbtAdmin",
    title: "Move to your account-scoped access URL",
    detail:
      "dbt Cloud is replacing getdbt.com access URLs with account-scoped ones (e.g. abc123.dbt.com, listed under " +
      "Account settings > Access URLs). Add the redirect URIs for the new URL to the Entra app, then enter the new " +
      `URL here. getdbt.com keeps working for integrations until ${GETDBT_COM_INTEGRATIONS_END}.`,
  },
  {
    id: "add-app-to-dbt",
    owner: "dbtAdmin",
    title: "Add the Entra app to dbt Cloud",
    detail:
      "dbt Cloud > Account settings > Integrations > Azure DevOps: enter the Azure DevOps Organization (the bare " +
      "name, without dev.azure.com/), the Application (client) ID, the Client Secret Value and the Directory " +
      "(tenant) ID. Note the secret's expiry date for rotation.",
  },
  {
    id: "link-service-user",
    routes: ["serviceUser"],
    owner: "dbtAdmin",
    title: "Link the service user in dbt Cloud",
    detail:
      "Sign in to Azure DevOps as the service user, then in dbt Cloud click Link Azure Service User and accept the " +
      "app's permissions. If Entra SSO links your own account instead, sign out of the Azure portal, disconnect, " +
      "and link again. dbt Cloud then shows the service user's email.",
  },
  {
    id: "service-user-idle",
    routes: ["serviceUser"],
    owner: "dbtAdmin",
    title: `Relink the service user after ${SERVICE_USER_IDLE_DAYS} days without runs`,
    detail:
      "dbt Cloud refreshes the service user's authorization on every scheduled, API or CI run. After " +
      `${SERVICE_USER_IDLE_DAYS} days without runs, disconnect and relink the service user to resume deployments and CI.`,
  },
  {
    id: "link-developer-accounts",
    owner: "dbtAdmin",
    routes: ["servicePrincipal"],
    title: "Developers link their own Azure DevOps accounts",
    detail:
      "Once the app is saved in dbt Cloud, each developer links their own Azure DevOps account in dbt Cloud " +
      "(Account settings > Your profile > Linked accounts) to work in the IDE.",
  },
  {
    id: "ip-restrictions",
    owner: "dbtAdmin",
    title: "Allow Azure DevOps through IP restrictions",
    detail: "Only if IP restrictions are turned on in dbt Cloud: allow Azure DevOps' IP ranges, or its service hooks " + "cannot reach dbt Cloud.",
  },
];

// ---- Inputs -----------------------------------------------------------------------------------------------

/** Values an admin typed (raw; each is validated here). */
export interface SetupSettings {
  applicationId?: string;
  tenantId?: string;
  accessUrl?: string;
  accountId?: string | number;
  /** ISO date (`2027-03-14`) from Certificates & secrets > Expires. */
  clientSecretExpiresOn?: string;
}

/** Ticks an admin gave for things Azure DevOps cannot see. */
export interface SetupConfirmations {
  multitenant?: boolean;
  userImpersonationOnly?: boolean;
  serviceUserMfaDisabled?: boolean;
  /** The organization is connected to the app's tenant (the hub cannot read the connection). */
  directoryConnected?: boolean;
  /** PAT creation is not restricted, or the service user is on the allow list. */
  patCreationAllowed?: boolean;
  /** The Entra app's values are saved in dbt Cloud's Azure DevOps integration. */
  appAddedToDbt?: boolean;
  /** dbt Cloud shows the service user's email under its Azure DevOps integration. */
  serviceUserLinked?: boolean;
  /** dbt Cloud runs (scheduled, API or CI) at least every 90 days, which keeps the service user's link alive. */
  runsRegularly?: boolean;
  /** Developers can link their own Azure DevOps accounts in dbt Cloud. */
  developerAccountsLinked?: boolean;
  /** dbt Cloud's IP restrictions are off, or allow Azure DevOps' IP ranges. */
  ipRestrictionsAllowAdo?: boolean;
  /**
   * The access URL the redirect URIs were confirmed for. Kept as a URL rather than a tick so that a later
   * change of access URL shows the old confirmation no longer covers it.
   */
  redirectUrisAddedFor?: string;
}

export interface ServiceUserFact {
  chosen: boolean;
  /** Whether the chosen identity exists in the organization; undefined = not looked up yet. */
  found?: boolean;
  displayName?: string;
  principalName?: string;
  /** Entra object id (Graph `originId`), for the Authentication methods link. */
  entraObjectId?: string;
  /** The identity's kind, when it was looked up: it infers the route when none was chosen. */
  kind?: "user" | "servicePrincipal";
}

/** Counts over the service hook subscriptions that point at dbt Cloud. */
export interface HookHealthSummary {
  total: number;
  /** Enabled and delivering. */
  healthy: number;
  /** Enabled but on probation or with recent failed deliveries. */
  failing: number;
  /** Disabled by a user, by the system after failures, or because its creator became inactive. */
  disabled: number;
  /** Subscriptions beyond the first for the same event, project, repository and dbt URL. */
  duplicates: number;
  /** Subscriptions (duplicates aside) that still post to a getdbt.com host; counted apart from the buckets above. */
  legacyHost?: number;
  /** The configured access URL's host, to reconnect them from. */
  newAccessHost?: string;
}

/** What Azure DevOps told us; a field left undefined means "not read", shown as unknown. */
export interface SetupFacts {
  /** Tenant the organization is connected to; null = not connected to any directory. */
  connectedTenantId?: string | null;
  /** Why the tenant is not known though it was asked for (a browser page may not read the header), for people. */
  connectedTenantUnreadable?: string;
  serviceUser?: ServiceUserFact;
  audit?: Pick<AuditReport, "ok" | "findings">;
  hooks?: HookHealthSummary;
}

export interface ChecklistInput {
  organization: OrganizationRef;
  /** The route chosen by an admin; when undefined, the checked identity's kind decides, else `DEFAULT_ROUTE`. */
  route?: SetupRoute;
  settings?: SetupSettings;
  confirmations?: SetupConfirmations;
  facts?: SetupFacts;
  /** Projects whose pages the permission and hook steps link to. */
  projects?: ProjectRef[];
  /** The clock, injected so results are reproducible. */
  now: Date;
}

// ---- Evaluation -------------------------------------------------------------------------------------------

interface Evaluation {
  state: StepState;
  why?: string;
  links?: Link[];
  values?: CopyValue[];
}

/** Everything the evaluators share, validated once. */
interface Context {
  input: ChecklistInput;
  route: SetupRoute;
  now: Date;
  linkSet: LinkSet;
  appId: Validation<string> | undefined;
  tenantId: Validation<string> | undefined;
  access: Validation<AccessUrlInfo> | undefined;
  accountId: Validation<number> | undefined;
  confirmations: SetupConfirmations;
  facts: SetupFacts;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");
}

function validated<T>(raw: unknown, validate: (raw: unknown) => Validation<T>): Validation<T> | undefined {
  return present(raw) ? validate(raw) : undefined;
}

function valueOf<T>(result: Validation<T> | undefined): T | undefined {
  return result?.ok ? result.value : undefined;
}

function firstError(...results: (Validation<unknown> | undefined)[]): string | undefined {
  for (const result of results) if (result && !result.ok) return result.message;
  return undefined;
}

function pick(ctx: Context, ...ids: LinkId[]): Link[] {
  return ids.flatMap((id) => ctx.linkSet.links.filter((link) => link.id === id));
}

function pickValues(ctx: Context, ...ids: CopyValue["id"][]): CopyValue[] {
  return ids.flatMap((id) => ctx.linkSet.values.filter((value) => value.id === id));
}

function confirmed(flag: boolean | undefined, what: string): Evaluation {
  return flag === true
    ? { state: "done", why: `Confirmed by an admin: ${what}.` }
    : { state: "manual", why: `Azure DevOps cannot see this. Check it in Microsoft Entra ID, then confirm it here.` };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function evaluateRegisterApp(ctx: Context): Evaluation {
  const error = firstError(ctx.appId, ctx.tenantId);
  if (error) return { state: "problem", why: error };
  const appId = valueOf(ctx.appId);
  const tenantId = valueOf(ctx.tenantId);
  if (appId === undefined || tenantId === undefined) {
    const missing = [appId === undefined && "Application (client) ID", tenantId === undefined && "Directory (tenant) ID"].filter(Boolean);
    return { state: "todo", why: `Enter the app's ${missing.join(" and ")} (on its Overview page).` };
  }
  return { state: "done", why: `Application (client) ID ${appId} in tenant ${tenantId}.` };
}

function evaluateRedirectUris(ctx: Context): Evaluation {
  const access = valueOf(ctx.access);
  if (access === undefined) {
    return { state: "todo", why: "Enter the dbt Cloud access URL to see the exact redirect URIs to add." };
  }
  const values = pickValues(ctx, "entra.redirectUri", "entra.redirectUriServiceUser");
  const confirmedFor = ctx.confirmations.redirectUrisAddedFor;
  if (!present(confirmedFor)) {
    return { state: "manual", why: "Azure DevOps cannot see the app's redirect URIs. Add both, then confirm it here.", values };
  }
  const confirmedHost = valueOf(parseAccessUrl(confirmedFor))?.host;
  if (confirmedHost === access.host) {
    return { state: "done", why: `Confirmed by an admin for ${access.host}.`, values };
  }
  return {
    state: "problem",
    why:
      `The redirect URIs were confirmed for ${confirmedHost ?? String(confirmedFor)}, but the access URL is now ` +
      `${access.host}. Add the redirect URIs for ${access.host} to the app, then confirm again.`,
    values,
  };
}

function evaluateClientSecret(ctx: Context): Evaluation {
  const raw = ctx.input.settings?.clientSecretExpiresOn;
  if (!present(raw)) {
    return {
      state: "manual",
      why: "Azure DevOps cannot see Entra secrets. Record the secret's expiry date here to be warned before it expires.",
    };
  }
  const expiry = validateIsoDate(raw, "Client secret expiry date");
  if (!expiry.ok) return { state: "problem", why: expiry.message };
  const expiresAt = isoDateToInstant(expiry.value);
  const msLeft = expiresAt.getTime() - ctx.now.getTime();
  const rotate =
    "Create a new secret, paste its Value into dbt Cloud (Integrations > Azure DevOps), record the new expiry date " +
    "here, then delete the old secret.";
  if (msLeft <= 0) {
    return {
      state: "problem",
      why: `The client secret expired on ${expiry.value}: dbt Cloud can no longer sign in to Azure DevOps. ${rotate}`,
    };
  }
  const daysLeft = Math.ceil(msLeft / DAY_MS);
  if (msLeft <= SECRET_WARNING_DAYS * DAY_MS) {
    return { state: "todo", why: `The client secret expires in ${plural(daysLeft, "day")} (${expiry.value}). ${rotate}` };
  }
  return { state: "done", why: `The client secret expires on ${expiry.value}, in ${plural(daysLeft, "day")}.` };
}

function evaluateServiceUserMfa(ctx: Context): Evaluation {
  const result = confirmed(ctx.confirmations.serviceUserMfaDisabled, "MFA is disabled for the service user");
  const hasObjectId = pick(ctx, "entra.userAuthMethods").length > 0;
  if (result.state === "manual" && !hasObjectId) {
    result.why += " (The service user's Entra object id is not known, so there is no direct link to its Authentication methods.)";
  }
  return result;
}

function evaluateConnectDirectory(ctx: Context): Evaluation {
  const connected = ctx.facts.connectedTenantId;
  if (connected === undefined) {
    // What Azure DevOps says wins; where it was not read, an admin who looked can say so.
    if (ctx.confirmations.directoryConnected === true) {
      return { state: "done", why: "Confirmed by an admin: the organization is connected to the app's Microsoft Entra ID tenant." };
    }
    const unreadable = ctx.facts.connectedTenantUnreadable;
    if (unreadable !== undefined) {
      return {
        state: "unknown",
        why:
          `The organization's Microsoft Entra ID connection could not be read here: ${unreadable.replace(/\.$/, "")}. ` +
          "See which tenant it is on the organization's Microsoft Entra page (linked), then confirm it here.",
      };
    }
    return {
      state: "unknown",
      why: "The organization's Microsoft Entra ID connection was not read. Check it on the page below, then confirm it here.",
    };
  }
  if (connected === null || connected.trim() === "") {
    return { state: "todo", why: "The organization is not connected to any Microsoft Entra ID directory." };
  }
  const orgTenant = connected.trim().toLowerCase();
  const appTenant = valueOf(ctx.tenantId);
  if (appTenant === undefined) {
    return {
      state: "done",
      why: `Connected to tenant ${orgTenant}. Enter the app's Directory (tenant) ID to check it is the same tenant.`,
    };
  }
  if (appTenant !== orgTenant) {
    return {
      state: "problem",
      why:
        `The organization is connected to tenant ${orgTenant}, but the Entra app's Directory (tenant) ID is ` +
        `${appTenant}. Identities from the app's tenant (such as its service principal) cannot be added to this ` +
        "organization. Connect the organization to the app's tenant, or register the app in the organization's tenant.",
    };
  }
  return { state: "done", why: `Connected to tenant ${orgTenant}, the app's tenant.` };
}

function serviceUserName(user: ServiceUserFact): string {
  return user.principalName || user.displayName || "The chosen service user";
}

function evaluateChooseServiceUser(ctx: Context): Evaluation {
  const user = ctx.facts.serviceUser;
  if (user === undefined) return { state: "unknown", why: "No service user information was read." };
  if (!user.chosen) return { state: "todo", why: "Pick the Azure DevOps user (or service principal) dbt Cloud acts as." };
  if (user.found === undefined) return { state: "unknown", why: `${serviceUserName(user)} was not looked up yet.` };
  if (!user.found) {
    return {
      state: "problem",
      why: `${serviceUserName(user)} was not found in this organization. Add it under Organization settings > Users with Basic access.`,
    };
  }
  return { state: "done", why: `Service user: ${serviceUserName(user)}.` };
}

function evaluateAddServicePrincipal(ctx: Context): Evaluation {
  const identity = ctx.facts.serviceUser;
  if (identity === undefined) return { state: "unknown", why: "No service principal information was read." };
  if (!identity.chosen) return { state: "todo", why: "Pick the app's service principal dbt Cloud acts as." };
  const name = identity.displayName || identity.principalName || "The chosen service principal";
  if (identity.found === undefined) return { state: "unknown", why: `${name} was not looked up yet.` };
  if (!identity.found) {
    return {
      state: "problem",
      why: `${name} was not found in this organization. Add it under Organization settings > Users with Basic access.`,
    };
  }
  if (identity.kind === "user") {
    return { state: "problem", why: `${name} is a user, not a service principal. Choose the app's service principal, or the service user route.` };
  }
  return { state: "done", why: `Service principal: ${name}.` };
}

function findingsText(findings: readonly Finding[], severity: Finding["severity"]): string[] {
  return findings.filter((finding) => finding.severity === severity).map((finding) => finding.message);
}

function evaluatePermissions(ctx: Context): Evaluation {
  const audit = ctx.facts.audit;
  if (audit === undefined) {
    const chosen = ctx.facts.serviceUser?.chosen === true;
    return {
      state: "unknown",
      why: chosen ? "The service user's permissions were not checked yet." : "Choose the service user to check its permissions.",
    };
  }
  const errors = findingsText(audit.findings, "error");
  const warnings = findingsText(audit.findings, "warning");
  if (audit.ok) {
    const note = warnings.length > 0 ? ` Warnings: ${warnings.join(" ")}` : "";
    return { state: "done", why: `Every required permission is effectively allowed.${note}` };
  }
  const next = "Open the permissions view to see what is missing where, and why.";
  return { state: "problem", why: [...errors, next].join(" ") };
}

function evaluateHooks(ctx: Context): Evaluation {
  const hooks = ctx.facts.hooks;
  if (hooks === undefined) return { state: "unknown", why: "Service hook subscriptions were not read." };
  if (hooks.total === 0) {
    return {
      state: "todo",
      why: "No service hook points at dbt Cloud yet. dbt Cloud creates one when a repository is connected; CI needs it.",
    };
  }
  const issues: string[] = [];
  if (hooks.failing > 0) issues.push(`${plural(hooks.failing, "subscription")} failing`);
  if (hooks.disabled > 0) issues.push(`${plural(hooks.disabled, "subscription")} disabled`);
  if (hooks.duplicates > 0) issues.push(`${plural(hooks.duplicates, "duplicate subscription")} (CI may run twice)`);
  // Subscriptions in no bucket (a status the analysis does not know) are not healthy either.
  const unaccounted = hooks.total - hooks.healthy - hooks.failing - hooks.disabled - hooks.duplicates;
  if (unaccounted > 0) issues.push(`${plural(unaccounted, "subscription")} in a state that could not be read`);
  const legacy = hooks.legacyHost ?? 0;
  const pastEnd = ctx.now.getTime() >= isoDateToInstant(GETDBT_COM_INTEGRATIONS_END).getTime();
  if (legacy > 0) {
    const to = hooks.newAccessHost
      ? ` (reconnect the repositories in dbt Cloud at ${hooks.newAccessHost})`
      : " (reconnect the repositories in dbt Cloud at your new access URL)";
    issues.push(
      `${plural(legacy, "subscription")} still ${legacy === 1 ? "posts" : "post"} to a getdbt.com host, ` +
        `${pastEnd ? "which dbt stopped supporting for integrations on" : "supported for integrations only until"} ${GETDBT_COM_INTEGRATIONS_END}${to}`,
    );
  }
  const onlyLegacyBeforeEnd = issues.length === 1 && legacy > 0 && !pastEnd;
  if (issues.length > 0) {
    return { state: onlyLegacyBeforeEnd ? "todo" : "problem", why: `Of ${plural(hooks.total, "dbt Cloud subscription")}: ${issues.join(", ")}.` };
  }
  return { state: "done", why: `${plural(hooks.total, "dbt Cloud subscription")}, all enabled and delivering.` };
}

function describeAccess(access: AccessUrlInfo): string {
  if (access.region) return `${access.host} (${access.region.cloud}, ${access.region.location})`;
  if (access.isCustom) return `${access.host} (custom host: single-tenant or not a known dbt Cloud shape)`;
  return `${access.host} (account-scoped)`;
}

function evaluateAccessUrl(ctx: Context): Evaluation {
  const error = firstError(ctx.access, ctx.accountId);
  if (error) return { state: "problem", why: error };
  const access = valueOf(ctx.access);
  const accountId = valueOf(ctx.accountId);
  if (access === undefined) return { state: "todo", why: "Enter the dbt Cloud access URL." };
  if (accountId === undefined) return { state: "todo", why: `Access URL ${describeAccess(access)}. Enter the account id for direct links.` };
  return { state: "done", why: `Access URL ${describeAccess(access)}, account ${accountId}.` };
}

function evaluateMigration(ctx: Context): Evaluation {
  const access = valueOf(ctx.access);
  const host = access?.host ?? "";
  const end = isoDateToInstant(GETDBT_COM_INTEGRATIONS_END);
  if (ctx.now.getTime() >= end.getTime()) {
    return {
      state: "problem",
      why: `${host} is a getdbt.com access URL, and dbt Cloud stopped supporting those for integrations on ${GETDBT_COM_INTEGRATIONS_END}.`,
    };
  }
  return {
    state: "todo",
    why: `${host} is a getdbt.com access URL; it works for integrations only until ${GETDBT_COM_INTEGRATIONS_END}.`,
  };
}

function evaluateAddApp(ctx: Context): Evaluation {
  const values = pickValues(ctx, "dbt.organizationName", "dbt.applicationId", "dbt.tenantId");
  const has = (id: CopyValue["id"]): boolean => values.some((value) => value.id === id);
  const organizationProblem = ctx.linkSet.problems.find((problem) => problem.field === "organization");
  if (!has("dbt.organizationName")) {
    return { state: "problem", why: organizationProblem?.message ?? "The organization name is not known.", values };
  }
  if (!has("dbt.applicationId") || !has("dbt.tenantId")) {
    return {
      state: "todo",
      why: "Enter a valid Application (client) ID and Directory (tenant) ID above to get the exact values for dbt Cloud.",
      values,
    };
  }
  if (ctx.confirmations.appAddedToDbt === true) return { state: "done", why: "Confirmed by an admin: the app is saved in dbt Cloud.", values };
  return {
    state: "manual",
    why: "Azure DevOps cannot see dbt Cloud's settings. Enter these values there (and the client secret Value from Entra), then confirm it here.",
    values,
  };
}

function auditFinding(ctx: Context, id: Finding["id"]): Finding | undefined {
  return ctx.facts.audit?.findings.find((finding) => finding.id === id);
}

function evaluateLinkServiceUser(ctx: Context): Evaluation {
  const neverSignedIn = auditFinding(ctx, "never-signed-in");
  if (neverSignedIn) {
    return {
      state: "todo",
      why: `${neverSignedIn.message} Linking it in dbt Cloud needs a sign-in as the service user, so it is not linked yet.`,
    };
  }
  return confirmedOr(ctx.confirmations.serviceUserLinked, "dbt Cloud shows the service user's email", {
    state: "manual",
    why: "Azure DevOps cannot see dbt Cloud. Check that dbt Cloud shows the service user's email, then confirm it here.",
  });
}

/** Done once an admin ticked it; else what the step says without the tick. */
function confirmedOr(flag: boolean | undefined, what: string, otherwise: Evaluation): Evaluation {
  return flag === true ? { state: "done", why: `Confirmed by an admin: ${what}.` } : otherwise;
}

function evaluateDeveloperAccounts(ctx: Context): Evaluation {
  const idle = auditFinding(ctx, "inactive-service-principal");
  const note = idle ? ` ${idle.message}` : "";
  return confirmedOr(ctx.confirmations.developerAccountsLinked, `developers can link their accounts.${note}`, {
    state: "manual",
    why: `Azure DevOps cannot see dbt Cloud. Check that developers can link their accounts, then confirm it here.${note}`,
  });
}

function evaluateIdle(ctx: Context): Evaluation {
  const inactive = auditFinding(ctx, "inactive-service-user");
  if (inactive) {
    return {
      state: inactive.severity === "error" ? "problem" : "todo",
      why: `${inactive.message} If dbt Cloud has had no runs in ${SERVICE_USER_IDLE_DAYS} days, disconnect and relink the service user.`,
    };
  }
  const what = `dbt Cloud runs at least every ${SERVICE_USER_IDLE_DAYS} days`;
  if (ctx.facts.audit !== undefined && ctx.facts.serviceUser?.found === true) {
    return confirmedOr(ctx.confirmations.runsRegularly, `${what}; the service user signed in to Azure DevOps recently`, {
      state: "manual",
      why: `The service user signed in to Azure DevOps recently. After ${SERVICE_USER_IDLE_DAYS} days without dbt Cloud runs, relink it.`,
    });
  }
  return confirmedOr(ctx.confirmations.runsRegularly, what, {
    state: "manual",
    why: `After ${SERVICE_USER_IDLE_DAYS} days without dbt Cloud runs, relink the service user.`,
  });
}

const EVALUATORS: Record<StepId, (ctx: Context) => Evaluation> = {
  "register-app": (ctx) => ({ ...evaluateRegisterApp(ctx), links: pick(ctx, "entra.appRegistrations", "entra.appOverview") }),
  multitenant: (ctx) => ({
    ...confirmed(ctx.confirmations.multitenant, "the app is multitenant"),
    links: pick(ctx, "entra.appAuthentication"),
  }),
  "redirect-uris": (ctx) => ({ ...evaluateRedirectUris(ctx), links: pick(ctx, "entra.appAuthentication") }),
  "api-permission": (ctx) => ({
    ...confirmed(ctx.confirmations.userImpersonationOnly, "the app has only the Azure DevOps user_impersonation permission"),
    links: pick(ctx, "entra.appApiPermissions"),
  }),
  "client-secret": (ctx) => ({ ...evaluateClientSecret(ctx), links: pick(ctx, "entra.appCredentials") }),
  "service-user-mfa": (ctx) => ({ ...evaluateServiceUserMfa(ctx), links: pick(ctx, "entra.userAuthMethods", "entra.perUserMfa") }),
  "connect-directory": (ctx) => ({ ...evaluateConnectDirectory(ctx), links: pick(ctx, "ado.organizationAad") }),
  "choose-service-user": (ctx) => ({ ...evaluateChooseServiceUser(ctx), links: pick(ctx, "ado.users") }),
  "service-user-permissions": (ctx) => ({
    ...evaluatePermissions(ctx),
    links: pick(ctx, "ado.groups", "ado.projectPermissions", "ado.repositoriesSecurity"),
  }),
  "pat-policies": (ctx) => ({
    ...confirmedOr(ctx.confirmations.patCreationAllowed, "the service user may create PATs", {
      state: "manual",
      why: "Only needed when PAT creation is restricted; check the policies page.",
    }),
    links: pick(ctx, "ado.organizationPolicy"),
  }),
  "service-hooks": (ctx) => ({ ...evaluateHooks(ctx), links: pick(ctx, "ado.projectServiceHooks") }),
  "access-url": (ctx) => ({ ...evaluateAccessUrl(ctx), links: pick(ctx, "dbt.account") }),
  "account-url-migration": (ctx) => ({ ...evaluateMigration(ctx), links: pick(ctx, "dbt.account", "entra.appAuthentication") }),
  "add-app-to-dbt": (ctx) => ({ ...evaluateAddApp(ctx), links: pick(ctx, "dbt.integrations", "dbt.account") }),
  "link-service-user": (ctx) => ({ ...evaluateLinkServiceUser(ctx), links: pick(ctx, "dbt.integrations", "dbt.account") }),
  "service-user-idle": (ctx) => ({ ...evaluateIdle(ctx), links: pick(ctx, "dbt.integrations", "ado.users") }),
  "add-service-principal": (ctx) => ({ ...evaluateAddServicePrincipal(ctx), links: pick(ctx, "ado.users", "entra.managedApplication") }),
  "service-principal-permissions": (ctx) => ({
    ...evaluatePermissions(ctx),
    links: pick(ctx, "ado.groups", "ado.projectPermissions", "ado.repositoriesSecurity"),
  }),
  "link-developer-accounts": (ctx) => ({ ...evaluateDeveloperAccounts(ctx), links: pick(ctx, "dbt.integrations", "dbt.account") }),
  "ip-restrictions": (ctx) => ({
    ...confirmedOr(ctx.confirmations.ipRestrictionsAllowAdo, "dbt Cloud's IP restrictions let Azure DevOps through (or are off)", {
      state: "manual",
      why: "Only needed when dbt Cloud IP restrictions are on.",
    }),
    links: pick(ctx, "dbt.account"),
  }),
};

/** Steps that only apply in some setups. */
function applies(definition: StepDefinition, ctx: Context): boolean {
  if (definition.routes !== undefined && !definition.routes.includes(ctx.route)) return false;
  const id = definition.id;
  if (id === "account-url-migration") return valueOf(ctx.access)?.isGetdbtCom === true;
  return true;
}

/** The admin's choice wins; else the kind of the identity that was checked; else dbt's recommendation. */
export function resolveRoute(input: Pick<ChecklistInput, "route" | "facts">): SetupRoute {
  if (input.route !== undefined) return input.route;
  const kind = input.facts?.serviceUser?.kind;
  if (kind === "user") return "serviceUser";
  if (kind === "servicePrincipal") return "servicePrincipal";
  return DEFAULT_ROUTE;
}

function buildContext(input: ChecklistInput): Context {
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) {
    throw new Error("buildChecklist needs `now` as a valid Date");
  }
  const settings = input.settings ?? {};
  const facts = input.facts ?? {};
  const appId = validated(settings.applicationId, validateApplicationId);
  const tenantId = validated(settings.tenantId, validateTenantId);
  const access = validated(settings.accessUrl, parseAccessUrl);
  const accountId = validated(settings.accountId, validateAccountId);
  const route = resolveRoute(input);
  // Links only from values that validated, so a typo never produces a link to the wrong page.
  const linkSet = buildLinks({
    organization: input.organization,
    applicationId: valueOf(appId),
    tenantId: valueOf(tenantId),
    accessUrl: valueOf(access)?.host,
    accountId: valueOf(accountId),
    serviceUserObjectId: facts.serviceUser?.entraObjectId,
    projects: input.projects,
    route,
  });
  return { input, route, now: input.now, linkSet, appId, tenantId, access, accountId, confirmations: input.confirmations ?? {}, facts };
}

/**
 * The setup checklist for one organization: the procedure's steps grouped by owner (Entra admin, Azure DevOps
 * admin, dbt Cloud admin, in that order), each with its state, the reason, deep links and values to copy.
 */
export function buildChecklist(input: ChecklistInput): ChecklistStep[] {
  const ctx = buildContext(input);
  const steps: ChecklistStep[] = [];
  for (const owner of OWNER_ORDER) {
    for (const definition of SETUP_PROCEDURE) {
      if (definition.owner !== owner || !applies(definition, ctx)) continue;
      const evaluation = EVALUATORS[definition.id](ctx);
      const step: ChecklistStep = { ...definition, state: evaluation.state, links: evaluation.links ?? [] };
      if (evaluation.why !== undefined) step.why = evaluation.why;
      if (evaluation.values !== undefined && evaluation.values.length > 0) step.values = evaluation.values;
      steps.push(step);
    }
  }
  return steps;
}

/** Steps per owner, in `OWNER_ORDER`, for rendering one section per persona. */
export function groupByOwner(steps: readonly ChecklistStep[]): { owner: StepOwner; label: string; steps: ChecklistStep[] }[] {
  return OWNER_ORDER.map((owner) => ({ owner, label: OWNER_LABELS[owner], steps: steps.filter((step) => step.owner === owner) }));
}

/** How many steps are in each state (for a summary line or a badge). */
export function countByState(steps: readonly ChecklistStep[]): Record<StepState, number> {
  const counts: Record<StepState, number> = { done: 0, todo: 0, problem: 0, manual: 0, unknown: 0 };
  for (const step of steps) counts[step.state] += 1;
  return counts;
}
