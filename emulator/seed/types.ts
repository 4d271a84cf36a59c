/**
 * The seed format: one JSON document describes one Azure DevOps organization. It is explicit (every
 * group, ACL and subscription is listed) so that what the emulator serves is exactly what the file says.
 * See emulator/README.md for a walk-through.
 *
 * Identity references ("ref" below) name an identity in one of these ways, compared case-insensitively:
 *  - its identity descriptor: `Microsoft.TeamFoundation.Identity;S-1-9-…`;
 *  - a user's or service principal's principal name: `svc-dbt@contoso.com`;
 *  - a group's principal name: `[Analytics]\Readers`, `[contoso]\Project Collection Administrators`,
 *    `[TEAM FOUNDATION]\Data Platform Engineers` (Entra groups);
 *  - a service identity's display name: `Analytics Build Service (contoso)`.
 */

export interface OrgSeed {
  /** Free text for people reading the file. */
  description?: string;
  organization: OrganizationSeed;
  users: UserSeed[];
  servicePrincipals?: ServicePrincipalSeed[];
  /** Service identities such as `{Project} Build Service ({org})`. */
  serviceIdentities?: ServiceIdentitySeed[];
  groups: GroupSeed[];
  projects: ProjectSeed[];
  /**
   * Ids of projects that were deleted: their Project-namespace ACLs stay, as on the live service, whose unfiltered
   * listing returns ACLs of deleted projects (a recording shows 371 ACLs for 12 live projects).
   */
  deletedProjectIds?: string[];
  acls: AclSeed[];
  subscriptions?: SubscriptionSeed[];
  /** Credentials the emulator accepts for this organization. */
  tokens: TokenSeed[];
  /**
   * For seeds built to exercise an audit: every (project, repository?, permission) cell the named
   * identity is NOT effectively allowed; every cell not listed is `allow`.
   */
  expectedGaps?: ExpectedGap[];
  /** Whose gaps `expectedGaps` lists (a ref); defaults to the first user whose principal name starts with "svc-dbt". */
  expectedGapsFor?: string;
}

export interface OrganizationSeed {
  name: string;
  /** Organization (collection) id; `instanceId` in connectionData. */
  id: string;
  /** Entra tenant id: the domain of Entra users and the tenant part of their identity descriptors. */
  tenantId: string;
  /**
   * The tenant announced in every response's `X-VSS-ResourceTenant` header; defaults to `tenantId`. All zeros
   * (`00000000-0000-0000-0000-000000000000`) for an organization not connected to Microsoft Entra ID.
   */
  resourceTenantId?: string;
  /** Scope part of organization-level group SIDs, e.g. `S-1-9-1551374245-1204400969-2402986413-2179408616`. Derived from `id` when absent. */
  collectionSid?: string;
}

export type AccountLicenseType = "none" | "earlyAdopter" | "express" | "professional" | "advanced" | "stakeholder";
export type EntitlementStatus = "none" | "active" | "disabled" | "deleted" | "pending" | "expired" | "pendingDisabled";

export interface AccessLevelSeed {
  accountLicenseType: AccountLicenseType;
  /** Defaults from the license type: express → "Basic", stakeholder → "Stakeholder", advanced → "Basic + Test Plans". */
  licenseDisplayName?: string;
  status?: EntitlementStatus;
}

interface EntitledSeed {
  /** Identity storage key (VSID), a GUID. */
  id: string;
  displayName: string;
  /** Entra object id. */
  originId: string;
  /** Overrides the derived Graph subject descriptor. */
  subjectDescriptor?: string;
  accessLevel: AccessLevelSeed;
  /** ISO timestamp; omitted = never (`0001-01-01T00:00:00Z`). */
  lastAccessedDate?: string;
  dateCreated?: string;
  isActive?: boolean;
}

export interface UserSeed extends EntitledSeed {
  /** UPN, e.g. `svc-dbt@contoso.com`. */
  principalName: string;
  mailAddress?: string;
  userType?: "member" | "guest";
}

export interface ServicePrincipalSeed extends EntitledSeed {
  /** Entra application (client) id. */
  applicationId: string;
}

export interface ServiceIdentitySeed {
  id: string;
  displayName: string;
  /** The identifier after `Microsoft.TeamFoundation.ServiceIdentity;`, e.g. `{guid}:Build:{projectId}`. */
  identifier: string;
}

export type WellKnownGroupSeed =
  | "projectCollectionAdministrators"
  | "projectCollectionValidUsers"
  | "projectAdministrators"
  | "projectValidUsers"
  | "readers"
  | "contributors"
  | "buildAdministrators"
  | "team";

export interface GroupSeed {
  /** Security identifier, e.g. `S-1-9-1551374245-…-0-0-0-0-1`. */
  sid: string;
  /** Storage key; derived from the SID when absent. */
  id?: string;
  /** `Readers`, `Project Collection Administrators`, `Data Platform Engineers`. */
  displayName: string;
  /** Project name for project groups; absent for organization-level and Entra groups. */
  project?: string;
  /** `vsts` (Azure DevOps group, default) or `aad` (Entra group). */
  origin?: "vsts" | "aad";
  /** Entra object id of an Entra group. */
  originId?: string;
  description?: string;
  wellKnown?: WellKnownGroupSeed;
  /** Direct members (refs). */
  members?: string[];
  /**
   * Members only the service's permission evaluation knows (refs): Identities and Graph never list these
   * memberships, as with an Entra group whose membership Azure DevOps resolves without enumerating it. The
   * ACL query's `extendedInfo` (includeExtendedInfo=true) reflects them; nothing else does.
   */
  hiddenMembers?: string[];
  /**
   * Direct members that only Graph memberships list: the Identities API's memberOf and the permission evaluation do
   * not know them (as with an Entra group membership one source has not caught up with), to exercise the audit's
   * cross-check of the two sources.
   */
  graphOnlyMembers?: string[];
}

export interface ProjectSeed {
  id: string;
  name: string;
  description?: string;
  visibility: "private" | "public";
  revision?: number;
  lastUpdateTime?: string;
  repositories: RepositorySeed[];
}

export interface RepositorySeed {
  id: string;
  name: string;
  /** Absent for an empty repository (the real API omits it) (https://learn.microsoft.com/rest/api/azure/devops/git/repositories/list). */
  defaultBranch?: string;
  isDisabled?: boolean;
  size?: number;
}

export interface AceSeed {
  /** Ref of the identity the entry is for. */
  identity: string;
  allow?: number;
  deny?: number;
  note?: string;
}

export interface AclSeed {
  /** Namespace id, name (`Git Repositories`) or catalogue key (`gitRepositories`). */
  namespace: string;
  /** Explicit token; or give `project` (and `repository`) and the token is built from their ids. */
  token?: string;
  project?: string;
  repository?: string;
  /** Defaults to true. */
  inheritPermissions?: boolean;
  aces: AceSeed[];
  note?: string;
}

export type SubscriptionStatus = "enabled" | "onProbation" | "disabledByUser" | "disabledBySystem" | "disabledByInactiveIdentity";

export interface SubscriptionSeed {
  id: string;
  /** Project name; becomes `publisherInputs.projectId`. */
  project: string;
  /** Repository name; becomes `publisherInputs.repository` (absent = any repository). */
  repository?: string;
  publisherId?: string;
  eventType: string;
  resourceVersion?: string;
  consumerId?: string;
  consumerActionId?: string;
  /** Extra publisher inputs (branch, notificationType, …). */
  publisherInputs?: Record<string, string>;
  /** Consumer inputs; `url` is required for webHooks. Secrets are stored and served masked. */
  consumerInputs: Record<string, string>;
  status?: SubscriptionStatus;
  probationRetries?: number;
  lastProbationRetryDate?: string;
  /** Ref of the creating identity. */
  createdBy: string;
  createdDate: string;
  modifiedBy?: string;
  modifiedDate?: string;
  notifications?: NotificationSeed[];
  note?: string;
}

export interface NotificationSeed {
  result: "pending" | "succeeded" | "failed" | "filtered";
  status?: "queued" | "processing" | "requestInProgress" | "completed";
  createdDate: string;
  /** HTTP status the consumer answered with. */
  responseStatusCode?: number;
  errorMessage?: string;
  errorDetail?: string;
}

export type ApiArea = "graph" | "entitlements" | "identities";

export interface TokenSeed {
  token: string;
  /** Ref of the identity the token authenticates as. */
  identity: string;
  /** `pat` is sent as Basic auth, `bearer` as `Authorization: Bearer`. */
  kind: "pat" | "bearer";
  /** An expired token is answered like an unknown one (203 + sign-in page). */
  expired?: boolean;
  /** API areas this token is refused (403) in, to exercise permission errors. */
  denyAreas?: ApiArea[];
  /**
   * The OAuth scopes the token carries (e.g. an extension's token carries its manifest's scopes); a route that
   * needs another answers 401. Absent: full access, like a full-scope PAT.
   */
  scopes?: string[];
}

export type PermissionName =
  "GENERIC_READ" | "ViewSubscriptions" | "EditSubscriptions" | "DeleteSubscriptions" | "GenericRead" | "GenericContribute" | "PullRequestContribute";

export interface ExpectedGap {
  project: string;
  repository?: string;
  permission: PermissionName;
  effective: "deny" | "notSet";
  note?: string;
}
