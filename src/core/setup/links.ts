/**
 * Deep links to the exact pages where each setup step is done, and the exact values to paste there.
 * Pure string building: nothing here checks that a page exists.
 *
 * Sources:
 * - Entra blades (`#view/Microsoft_AAD_RegisteredApps/...`) are the conventional portal fragments used by
 *   public scripts, not a documented contract; `#@{tenantId}/view/...` pins the portal to one tenant.
 * - Azure DevOps settings pages: `/_settings/organizationAad`, `/_settings/users` (Learn docs text),
 *   `/_settings/groups` (community, unverified), `/_settings/organizationPolicy`; project pages
 *   `/{project}/_settings/serviceHooks`, `/_settings/permissions`, `/_settings/repositories?_a=permissions`,
 *   and `?repo={repoId}&_a=permissionsMid` for one repository (seen in public scanner code).
 * - dbt Cloud: `/settings/accounts/{id}` is in dbt's docs; `/pages/integrations` is inferred (see below).
 * - Redirect URIs: `https://{access}/complete/azure_active_directory` (personal OAuth; service principal mode
 *   uses only this one) and `.../complete/azure_active_directory_service_user` (service-user mode).
 */
import { parseAccessUrl, type AccessUrlInfo } from "./access-url";
import { validateAccountId, validateApplicationId, validateGuid, validateOrganizationName, validateTenantId } from "./validate";

export type LinkOwner = "entraAdmin" | "adoAdmin" | "dbtAdmin";

/**
 * How dbt Cloud reaches Azure DevOps. dbt's current "Set up Azure DevOps" page recommends the Entra app's own
 * service principal (client ID + secret); the service user is the older route, with a documented migration
 * (https://docs.getdbt.com/docs/cloud/git/setup-service-principal,
 * https://github.com/dbt-labs/docs.getdbt.com/blob/current/website/docs/docs/cloud/git/setup-azure.md).
 */
export type SetupRoute = "servicePrincipal" | "serviceUser";

/** New setups follow dbt's recommendation. */
export const DEFAULT_ROUTE: SetupRoute = "servicePrincipal";

export type LinkId =
  | "entra.appRegistrations"
  | "entra.appOverview"
  | "entra.appAuthentication"
  | "entra.appApiPermissions"
  | "entra.appCredentials"
  | "entra.userAuthMethods"
  | "entra.perUserMfa"
  | "entra.managedApplication"
  | "ado.organizationAad"
  | "ado.users"
  | "ado.groups"
  | "ado.organizationPolicy"
  | "ado.projectServiceHooks"
  | "ado.projectPermissions"
  | "ado.repositoriesSecurity"
  | "ado.repositorySecurity"
  | "dbt.integrations"
  | "dbt.account";

export interface Link {
  id: LinkId;
  label: string;
  url: string;
  owner: LinkOwner;
  /** The project or repository a project-level link is about (its display name). */
  about?: string;
}

export type CopyValueId = "dbt.organizationName" | "dbt.applicationId" | "dbt.tenantId" | "entra.redirectUri" | "entra.redirectUriServiceUser";

/** A value to copy from here and paste somewhere else, exactly as shown. */
export interface CopyValue {
  id: CopyValueId;
  label: string;
  value: string;
  owner: LinkOwner;
}

/** An Azure DevOps organization: its name and base URL (dev.azure.com, visualstudio.com or an emulator). */
export interface OrganizationRef {
  name: string;
  url: string;
}

export interface RepositoryRef {
  id: string;
  name: string;
}

export interface ProjectRef {
  /** Azure DevOps accepts a project's name or id in its URLs; the name reads better. */
  name: string;
  repositories?: RepositoryRef[];
}

// ---- Entra ID ---------------------------------------------------------------------------------------------

const PORTAL = "https://portal.azure.com";
const ENTRA = "https://entra.microsoft.com";

export type EntraAppBlade = "Overview" | "Authentication" | "CallAnAPI" | "Credentials";

function required<T>(result: { ok: true; value: T } | { ok: false; message: string }): T {
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** `https://portal.azure.com/#view/...`, or `#@{tenantId}/view/...` to open it in that tenant. */
function portalView(view: string, tenantId?: string): string {
  const pin = tenantId === undefined ? "" : `@${required(validateTenantId(tenantId))}/`;
  return `${PORTAL}/#${pin}view/${view}`;
}

/** Entra ID > App registrations (the list). */
export function entraAppRegistrationsUrl(tenantId?: string): string {
  return portalView("Microsoft_AAD_RegisteredApps/ApplicationsListBlade", tenantId);
}

/**
 * One blade of an app registration: Overview, Authentication (redirect URIs, supported account types),
 * CallAnAPI (API permissions, admin consent) or Credentials (Certificates & secrets).
 */
export function entraAppBladeUrl(applicationId: string, blade: EntraAppBlade, tenantId?: string): string {
  const appId = required(validateApplicationId(applicationId));
  return portalView(`Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/${blade}/appId/${appId}`, tenantId);
}

/**
 * The service user's Authentication methods blade in the Entra admin center. It is keyed by the user's
 * Entra object id (a UPN does not work), so without one there is no link.
 */
export function entraUserAuthMethodsUrl(userObjectId: string | undefined): string | undefined {
  if (userObjectId === undefined) return undefined;
  const result = validateGuid(userObjectId, "Entra object id", "It is the user's Object ID in Microsoft Entra ID.");
  if (!result.ok) return undefined;
  return `${ENTRA}/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/UserAuthMethods/userId/${result.value}`;
}

/** The legacy per-user MFA page, which dbt's own instructions use to disable MFA for the service user. */
export function entraPerUserMfaUrl(tenantId?: string): string {
  const base = "https://account.activedirectory.windowsazure.com/UserManagement/MultifactorVerification.aspx";
  return tenantId === undefined ? base : `${base}?tenantId=${required(validateTenantId(tenantId))}`;
}

// ---- Azure DevOps -----------------------------------------------------------------------------------------

/** The organization's base URL without a trailing slash; refuses anything that is not an http(s) URL. */
export function organizationBaseUrl(organization: OrganizationRef): string {
  const raw = typeof organization?.url === "string" ? organization.url.trim() : "";
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new Error(`The Azure DevOps organization URL "${raw}" is not a URL, e.g. https://dev.azure.com/contoso`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new Error(`The Azure DevOps organization URL "${raw}" must start with https://`);
  }
  if (parsed.search !== "" || parsed.hash !== "" || parsed.username !== "" || parsed.password !== "") {
    throw new Error(`The Azure DevOps organization URL "${raw}" must be a plain base URL, e.g. https://dev.azure.com/contoso`);
  }
  return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, "");
}

export type OrganizationSettingsPage = "organizationAad" | "users" | "groups" | "organizationPolicy";

/** Organization settings pages: Microsoft Entra ID connection, Users, Permissions (groups), Policies. */
export function adoOrganizationSettingsUrl(organization: OrganizationRef, page: OrganizationSettingsPage): string {
  return `${organizationBaseUrl(organization)}/_settings/${page}`;
}

function projectBase(organization: OrganizationRef, project: string): string {
  if (typeof project !== "string" || project.trim() === "") throw new Error("A project name or id is required for a project link");
  return `${organizationBaseUrl(organization)}/${encodeURIComponent(project)}`;
}

/** Project settings > Service hooks (there is no organization-level service hooks page). */
export function adoProjectServiceHooksUrl(organization: OrganizationRef, project: string): string {
  return `${projectBase(organization, project)}/_settings/serviceHooks`;
}

/** Project settings > Permissions (the project's groups, e.g. Readers). */
export function adoProjectPermissionsUrl(organization: OrganizationRef, project: string): string {
  return `${projectBase(organization, project)}/_settings/permissions`;
}

/** Project settings > Repositories > Security (all repositories of the project). */
export function adoRepositoriesSecurityUrl(organization: OrganizationRef, project: string): string {
  return `${projectBase(organization, project)}/_settings/repositories?_a=permissions`;
}

/** Project settings > Repositories > one repository > Security. */
export function adoRepositorySecurityUrl(organization: OrganizationRef, project: string, repositoryId: string): string {
  if (typeof repositoryId !== "string" || repositoryId.trim() === "") throw new Error("A repository id is required for a repository link");
  return `${projectBase(organization, project)}/_settings/repositories?repo=${encodeURIComponent(repositoryId)}&_a=permissionsMid`;
}

// ---- dbt Cloud --------------------------------------------------------------------------------------------

function accessOrigin(accessUrl: string): string {
  return required(parseAccessUrl(accessUrl)).origin;
}

/** Account settings root: `https://{access}/settings/accounts/{id}` (documented by dbt). */
export function dbtAccountSettingsUrl(accessUrl: string, accountId: string | number): string {
  return `${accessOrigin(accessUrl)}/settings/accounts/${required(validateAccountId(accountId))}`;
}

/**
 * Account settings > Integrations, where the Azure DevOps app is entered and the service user linked.
 * INFERRED, unverified: dbt documents `/settings/accounts/{id}/pages/personal-tokens` and `/pages/projects`,
 * not this one; `dbtAccountSettingsUrl` is the documented fallback and is always offered next to it.
 */
export function dbtIntegrationsUrl(accessUrl: string, accountId: string | number): string {
  return `${dbtAccountSettingsUrl(accessUrl, accountId)}/pages/integrations`;
}

export interface RedirectUris {
  /** Personal OAuth (developers); the only one service principal mode uses. */
  personal: string;
  /** Service-user mode: linking the service user for headless actions. */
  serviceUser: string;
}

/** Both Web redirect URIs the Entra app needs for this access URL. */
export function redirectUrisFor(accessUrl: string): RedirectUris {
  const origin = accessOrigin(accessUrl);
  return {
    personal: `${origin}/complete/azure_active_directory`,
    serviceUser: `${origin}/complete/azure_active_directory_service_user`,
  };
}

// ---- The whole set ----------------------------------------------------------------------------------------

export type LinksInputField = "organization" | "applicationId" | "tenantId" | "accessUrl" | "accountId" | "serviceUserObjectId";

export interface InputProblem {
  field: LinksInputField;
  message: string;
}

/** Raw values as typed by an admin or passed as CLI flags; each is validated here. */
export interface LinksInput {
  organization: OrganizationRef;
  applicationId?: string;
  tenantId?: string;
  accessUrl?: string;
  accountId?: string | number;
  /** The service user's Entra object id (Graph `originId` for an Entra user), when known. */
  serviceUserObjectId?: string;
  /** Projects (and their repositories) to link to; none gives the organization-level set only. */
  projects?: ProjectRef[];
  /** Only the links and values this route uses; undefined gives those of both routes. */
  route?: SetupRoute;
}

export interface LinkSet {
  links: Link[];
  values: CopyValue[];
  /** One per input that was given but invalid; links needing it are left out. Empty when all is well. */
  problems: InputProblem[];
}

function given(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === "string" && value.trim() === "");
}

function check<T>(
  problems: InputProblem[],
  field: LinksInputField,
  raw: unknown,
  validate: (raw: unknown) => { ok: true; value: T } | { ok: false; message: string },
): T | undefined {
  if (!given(raw)) return undefined;
  const result = validate(raw);
  if (result.ok) return result.value;
  problems.push({ field, message: result.message });
  return undefined;
}

function entraLinks(appId: string | undefined, tenantId: string | undefined, objectId: string | undefined, route: SetupRoute | undefined): Link[] {
  const links: Link[] = [
    { id: "entra.appRegistrations", label: "Entra ID: App registrations", url: entraAppRegistrationsUrl(tenantId), owner: "entraAdmin" },
  ];
  if (appId !== undefined) {
    const blade = (id: LinkId, label: string, name: EntraAppBlade): Link => ({
      id,
      label,
      url: entraAppBladeUrl(appId, name, tenantId),
      owner: "entraAdmin",
    });
    links.push(
      blade("entra.appOverview", "Entra app: Overview (Application and Directory IDs)", "Overview"),
      blade("entra.appAuthentication", "Entra app: Authentication (redirect URIs, multitenant)", "Authentication"),
      blade("entra.appApiPermissions", "Entra app: API permissions (Azure DevOps user_impersonation)", "CallAnAPI"),
      blade("entra.appCredentials", "Entra app: Certificates & secrets (client secret expiry)", "Credentials"),
    );
    // The app's service principal (its Enterprise application) is reached from the registration's Overview,
    // "Managed application in local directory"; its own blade is keyed by an object id this product does not know.
    if (route !== "serviceUser") {
      links.push(
        blade("entra.managedApplication", "Entra app: Overview > Managed application in local directory (the service principal)", "Overview"),
      );
    }
  }
  if (route === "servicePrincipal") return links;
  const authMethods = entraUserAuthMethodsUrl(objectId);
  if (authMethods !== undefined) {
    links.push({ id: "entra.userAuthMethods", label: "Service user: Authentication methods (MFA)", url: authMethods, owner: "entraAdmin" });
  }
  links.push({ id: "entra.perUserMfa", label: "Per-user MFA (legacy page)", url: entraPerUserMfaUrl(tenantId), owner: "entraAdmin" });
  return links;
}

function adoLinks(organization: OrganizationRef, projects: ProjectRef[]): Link[] {
  const org = (id: LinkId, label: string, page: OrganizationSettingsPage): Link => ({
    id,
    label,
    url: adoOrganizationSettingsUrl(organization, page),
    owner: "adoAdmin",
  });
  const links: Link[] = [
    org("ado.organizationAad", "Organization settings: Microsoft Entra ID (connected directory)", "organizationAad"),
    org("ado.users", "Organization settings: Users (access levels)", "users"),
    org("ado.groups", "Organization settings: Permissions", "groups"),
    org("ado.organizationPolicy", "Organization settings: Policies (third-party OAuth, PATs)", "organizationPolicy"),
  ];
  for (const project of projects) {
    const about = project.name;
    links.push(
      {
        id: "ado.projectServiceHooks",
        label: `${about}: Service hooks`,
        url: adoProjectServiceHooksUrl(organization, about),
        owner: "adoAdmin",
        about,
      },
      { id: "ado.projectPermissions", label: `${about}: Permissions`, url: adoProjectPermissionsUrl(organization, about), owner: "adoAdmin", about },
      {
        id: "ado.repositoriesSecurity",
        label: `${about}: Repositories security`,
        url: adoRepositoriesSecurityUrl(organization, about),
        owner: "adoAdmin",
        about,
      },
    );
    for (const repo of project.repositories ?? []) {
      links.push({
        id: "ado.repositorySecurity",
        label: `${about}/${repo.name}: Security`,
        url: adoRepositorySecurityUrl(organization, about, repo.id),
        owner: "adoAdmin",
        about: `${about}/${repo.name}`,
      });
    }
  }
  return links;
}

/**
 * Every link and copy value the inputs allow. Invalid inputs become `problems` (with the validator's
 * message) and only the links that need them are left out, so a typo in one field never hides the rest.
 */
export function buildLinks(input: LinksInput): LinkSet {
  const problems: InputProblem[] = [];
  const appId = check(problems, "applicationId", input.applicationId, validateApplicationId);
  const tenantId = check(problems, "tenantId", input.tenantId, validateTenantId);
  const objectId = check(problems, "serviceUserObjectId", input.serviceUserObjectId, (raw) =>
    validateGuid(raw, "Service user's Entra object id", "It is the user's Object ID in Microsoft Entra ID > Users."),
  );
  const access: AccessUrlInfo | undefined = check(problems, "accessUrl", input.accessUrl, parseAccessUrl);
  const accountId = check(problems, "accountId", input.accountId, validateAccountId);
  // The organization name is required: it is the value dbt Cloud's form needs most exactly.
  const orgNameResult = validateOrganizationName(input.organization?.name);
  if (!orgNameResult.ok) problems.push({ field: "organization", message: orgNameResult.message });
  const orgName = orgNameResult.ok ? orgNameResult.value : undefined;

  const links: Link[] = entraLinks(appId, tenantId, objectId, input.route);
  const values: CopyValue[] = [];

  let orgUsable = true;
  try {
    organizationBaseUrl(input.organization);
  } catch (error) {
    orgUsable = false;
    problems.push({ field: "organization", message: (error as Error).message });
  }
  if (orgUsable) links.push(...adoLinks(input.organization, input.projects ?? []));
  // The values dbt Cloud's Azure DevOps form asks for, in its order (the client secret is never among them).
  if (orgName !== undefined) {
    values.push({ id: "dbt.organizationName", label: "dbt Cloud > Azure DevOps Organization", value: orgName, owner: "dbtAdmin" });
  }
  if (appId !== undefined) {
    values.push({ id: "dbt.applicationId", label: "dbt Cloud > Application (client) ID", value: appId, owner: "dbtAdmin" });
  }
  if (tenantId !== undefined) {
    values.push({ id: "dbt.tenantId", label: "dbt Cloud > Directory (tenant) ID", value: tenantId, owner: "dbtAdmin" });
  }

  if (access !== undefined) {
    const uris = redirectUrisFor(access.host);
    values.push({ id: "entra.redirectUri", label: "Redirect URI (Web): personal OAuth", value: uris.personal, owner: "entraAdmin" });
    // The service user's redirect URI belongs to the service-user route: a service principal signs in with client credentials.
    if (input.route !== "servicePrincipal") {
      values.push({ id: "entra.redirectUriServiceUser", label: "Redirect URI (Web): service user", value: uris.serviceUser, owner: "entraAdmin" });
    }
    if (accountId !== undefined) {
      links.push(
        {
          id: "dbt.integrations",
          label: "dbt Cloud: Account settings > Integrations",
          url: dbtIntegrationsUrl(access.host, accountId),
          owner: "dbtAdmin",
        },
        { id: "dbt.account", label: "dbt Cloud: Account settings", url: dbtAccountSettingsUrl(access.host, accountId), owner: "dbtAdmin" },
      );
    }
  }
  return { links, values, problems };
}

/** The first link with this id (for project-level ids, the first project's). */
export function findLink(set: { links: readonly Link[] }, id: LinkId): Link | undefined {
  return set.links.find((link) => link.id === id);
}
