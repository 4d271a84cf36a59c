/**
 * The result of the hooks analysis: plain, serialisable data that the CLI prints (`hooks list --format json`)
 * and the hubs render. Finding ids and state names are stable; messages and advice are for people and may
 * change.
 */
import type { DeliveryHealth } from "./delivery";
import type { SubscriptionStatus } from "./model";
import type { LegacyHost } from "./target-host";

export const HOOKS_REPORT_SCHEMA_VERSION = 1 as const;

/**
 * One word per dbt Cloud subscription, most urgent reason first:
 * - `duplicate`: another copy with the same filters and target is kept; this one should be deleted;
 * - `disabledByUser`, `disabledBySystem`, `disabledByInactiveIdentity`: the status says so;
 * - `onProbation`: deliveries fail and Azure DevOps is retrying;
 * - `failing`: enabled, but the newest finished delivery failed;
 * - `unknownStatus`: a status this tool does not know;
 * - `healthy`: enabled, and the newest finished delivery (if any) succeeded.
 */
export type HookState =
  "healthy" | "failing" | "onProbation" | "disabledByUser" | "disabledBySystem" | "disabledByInactiveIdentity" | "duplicate" | "unknownStatus";

/**
 * What to do: `delete` and `reEnable` are what `hooks prune --yes` does; `reconnect` needs people (fix
 * permissions, then reconnect the repository in dbt Cloud); `watch` means wait and look again; `check`
 * means look at it by hand.
 */
export type HookAction = "none" | "watch" | "check" | "reEnable" | "reconnect" | "delete";

export type HookSeverity = "ok" | "warning" | "error";

export interface HookLink {
  label: string;
  url: string;
  /** Who acts on the page. */
  owner: "adoAdmin" | "dbtAdmin";
}

export interface NamedRef {
  /** Null when the subscription has no such filter (any repository, or an organization-wide subscription). */
  id: string | null;
  /** Null when unknown to the reader (deleted, or not visible to the token): show the id instead. */
  name: string | null;
}

export interface HookCreator {
  id: string | null;
  displayName: string | null;
  uniqueName: string | null;
  /** Null when the service user is not known, or the creator cannot be compared with it. */
  isServiceUser: boolean | null;
}

export interface DbtHookView {
  id: string;
  /** The reported status; `enabled` when the service left it out. */
  status: SubscriptionStatus | "unknown";
  /** The status exactly as the service sent it (absent -> null). */
  reportedStatus: string | null;
  state: HookState;
  severity: HookSeverity;
  action: HookAction;
  /** What to do, in words an Azure DevOps or dbt Cloud admin can follow. */
  advice: string;
  links: HookLink[];
  project: NamedRef;
  /** `id: null` = any repository. */
  repository: NamedRef;
  publisherId: string;
  eventType: string;
  consumerId: string;
  consumerActionId: string;
  /** `branch` when filtered on, else null (= any branch). */
  branch: string | null;
  /** Other publisher filters (notificationType, mergeResult, …), empty ones left out. */
  filters: Record<string, string>;
  /** The target without query or user info (which can hold secrets). */
  target: string;
  targetHost: string | null;
  probationRetries: number;
  lastProbationRetryDate: string | null;
  delivery: DeliveryHealth;
  creator: HookCreator;
  createdDate: string | null;
  modifiedDate: string | null;
  /** For a duplicate: the id of the copy that is kept. */
  duplicateOf: string | null;
  /** For a kept copy: the ids of its duplicates. */
  duplicates: string[];
  /** Set when it still posts to a getdbt.com host, which dbt supports for integrations only until 2026-11-01. */
  legacyHost: LegacyHost | null;
}

/** Someone else's subscription: listed so nothing is hidden, never analysed further and never touched. */
export interface OtherHookView {
  id: string;
  status: SubscriptionStatus | "unknown";
  project: NamedRef;
  repository: NamedRef;
  publisherId: string;
  eventType: string;
  consumerId: string;
  consumerActionId: string;
  /** Only the host: other services' URLs often carry tokens in the path. */
  targetHost: string | null;
  /** The dbt name its host imitates (`getdbt.com` for `getdbt.com.evil.example`): suspicious; null otherwise. */
  lookAlike: string | null;
}

/**
 * - `visible`: the caller has ViewSubscriptions here (or subscriptions came back), so an empty list means none;
 * - `cannotSee`: the caller lacks ViewSubscriptions, and the service answers an empty list instead of an error;
 * - `unchecked`: no subscriptions came back and the permission could not be checked.
 */
export type SubscriptionVisibility = "visible" | "cannotSee" | "unchecked";

export interface ProjectHooksView {
  id: string;
  name: string;
  visibility: SubscriptionVisibility;
  /** Repositories in scope that are not disabled. */
  repositories: number;
  dbtSubscriptions: number;
  otherSubscriptions: number;
  /** Repositories but no dbt Cloud subscription, while dbt Cloud has subscriptions elsewhere. */
  missingDbtSubscription: boolean;
  serviceHooksUrl: string;
}

export type HookFindingId =
  | "hook-duplicate"
  | "hook-disabled-by-user"
  | "hook-disabled-by-system"
  | "hook-disabled-by-inactive-identity"
  | "hook-on-probation"
  | "hook-failing"
  | "hook-status-unknown"
  | "hook-not-created-by-service-user"
  | "hook-legacy-host"
  | "hook-look-alike-host"
  | "hooks-cannot-see"
  | "hooks-visibility-unchecked"
  | "hooks-missing-in-project"
  | "no-dbt-hooks";

export interface HookFinding {
  id: HookFindingId;
  severity: "error" | "warning" | "info";
  message: string;
  subscriptionId?: string;
  projectId?: string;
}

export interface HooksSummary {
  dbt: number;
  healthy: number;
  duplicates: number;
  /** Disabled or failing, duplicates not counted. */
  unhealthy: number;
  other: number;
  projectsCannotSee: number;
}

export interface HooksReport {
  schemaVersion: typeof HOOKS_REPORT_SCHEMA_VERSION;
  organization: string;
  /** The configured dbt Cloud access URL's host, when one was given. */
  accessUrl: string | null;
  serviceUser: { id: string | null; displayName: string | null; principalName: string | null } | null;
  /** No finding is an error. */
  ok: boolean;
  summary: HooksSummary;
  findings: HookFinding[];
  projects: ProjectHooksView[];
  dbtSubscriptions: DbtHookView[];
  otherSubscriptions: OtherHookView[];
}
