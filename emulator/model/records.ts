/**
 * The emulator's live records: what an organization holds, in the emulator's own shapes (the JSON the
 * API returns is rendered from these by emulator/render). Descriptors are kept exactly as given; maps
 * are keyed by their lower-case form because Azure DevOps compares descriptors case-insensitively.
 */
import type { AccountLicenseType, EntitlementStatus, ExpectedGap, SubscriptionStatus, ApiArea } from "../seed/types";

export type IdentityKind = "user" | "servicePrincipal" | "group" | "serviceIdentity";

/** `licenseDisplayName` of each access level (https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get; inferred: for the rarer ones). */
export const LICENSE_DISPLAY_NAMES: Record<string, string> = {
  none: "None",
  earlyAdopter: "Early Adopter",
  express: "Basic",
  professional: "Visual Studio Professional",
  advanced: "Basic + Test Plans",
  stakeholder: "Stakeholder",
};

export interface EntitlementRecord {
  accountLicenseType: AccountLicenseType;
  licenseDisplayName: string;
  status: EntitlementStatus;
  /** ISO timestamp, or null for never signed in. */
  lastAccessedDate: string | null;
  dateCreated: string;
  userType: "member" | "guest";
}

export type WellKnownGroup =
  | "projectCollectionAdministrators"
  | "projectCollectionValidUsers"
  | "projectAdministrators"
  | "projectValidUsers"
  | "readers"
  | "contributors"
  | "buildAdministrators"
  | "team";

export interface GroupDetails {
  sid: string;
  /** Null for organization-level and Entra groups. */
  projectId: string | null;
  /** The bare group name, e.g. `Readers`. */
  accountName: string;
  /** `[Analytics]`, `[contoso]` or `[TEAM FOUNDATION]` without brackets. */
  scopeName: string;
  description: string;
  wellKnown?: WellKnownGroup;
  /** IMS `SpecialType` property: AdministrativeApplicationGroup, EveryoneApplicationGroup, Generic. */
  specialType: string;
}

export interface IdentityRecord {
  kind: IdentityKind;
  /** Storage key (VSID). */
  id: string;
  /** Identity descriptor, the key of ACEs. */
  descriptor: string;
  /** Graph subject descriptor (`aad.…`, `vssgp.…`, `aadgp.…`, `aadsp.…`, `svc.…`). */
  subjectDescriptor: string;
  displayName: string;
  /** UPN for users, `[scope]\Name` for groups, application id for service principals. */
  principalName: string;
  mailAddress: string;
  directoryAlias: string;
  origin: "aad" | "vsts";
  originId: string;
  domain: string;
  isActive: boolean;
  group?: GroupDetails;
  entitlement?: EntitlementRecord;
  applicationId?: string;
}

export interface ProjectRecord {
  id: string;
  name: string;
  description: string;
  visibility: "private" | "public";
  state: "wellFormed";
  revision: number;
  lastUpdateTime: string;
}

export interface RepositoryRecord {
  id: string;
  name: string;
  projectId: string;
  defaultBranch?: string;
  size: number;
  isDisabled: boolean;
}

export interface AceRecord {
  descriptor: string;
  allow: number;
  deny: number;
}

export interface AclRecord {
  /** The token as first written (served back as is). */
  token: string;
  inheritPermissions: boolean;
  /** Keyed by lower-case descriptor. */
  aces: Map<string, AceRecord>;
}

export type NotificationResult = "pending" | "succeeded" | "failed" | "filtered";
export type NotificationStatus = "queued" | "processing" | "requestInProgress" | "completed";

export interface NotificationRecord {
  id: number;
  eventId: string;
  status: NotificationStatus;
  result: NotificationResult;
  createdDate: string;
  modifiedDate: string;
  responseStatusCode?: number;
  errorMessage?: string;
  errorDetail?: string;
}

export interface SubscriptionRecord {
  id: string;
  publisherId: string;
  eventType: string;
  resourceVersion: string;
  consumerId: string;
  consumerActionId: string;
  /** Includes the server-added `hostId` and `tfsSubscriptionId`. */
  publisherInputs: Record<string, string>;
  /** Secrets are stored in clear and masked when rendered. */
  consumerInputs: Record<string, string>;
  status: SubscriptionStatus;
  probationRetries: number;
  lastProbationRetryDate?: string;
  /** Identity storage keys. */
  createdById: string;
  modifiedById: string;
  createdDate: string;
  modifiedDate: string;
  notifications: NotificationRecord[];
}

export interface TokenRecord {
  token: string;
  identity: IdentityRecord;
  kind: "pat" | "bearer";
  expired: boolean;
  denyAreas: ReadonlySet<ApiArea>;
  /** The OAuth scopes the token carries, expanded (scopes.ts); absent for a full-access token (a full-scope PAT). */
  scopes?: ReadonlySet<string>;
}

export type { ExpectedGap };
