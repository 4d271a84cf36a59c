/**
 * Service hook subscriptions as the gateway reads them (plain data shaped like the wire format of
 * https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/hooks/7.1)), and the small rules every other hooks module builds on: what a status means
 * when it is absent, which subscriptions are dbt Cloud's, and which publisher inputs are filters.
 */
import { hostOf, isDbtCloudHost } from "../setup/access-url";
import type { ProjectInfo, RepositoryInfo } from "../snapshot";

/** `SubscriptionStatus` (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/hooks/7.1 enum); the numbers are the enum values some clients send instead. */
export const SUBSCRIPTION_STATUSES = ["enabled", "onProbation", "disabledByUser", "disabledBySystem", "disabledByInactiveIdentity"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

const STATUS_NUMBERS: Readonly<Record<number, SubscriptionStatus>> = {
  0: "enabled",
  10: "onProbation",
  20: "disabledByUser",
  30: "disabledBySystem",
  40: "disabledByInactiveIdentity",
};

/** `IdentityRef` as service hooks return it: examples show only `id`; real payloads add the rest (inferred; https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions). */
export interface HookIdentityRef {
  id?: string;
  displayName?: string;
  uniqueName?: string;
  descriptor?: string;
}

/** A `Subscription` with the fields the analysis reads; anything else on the wire is ignored. */
export interface HookSubscription {
  id: string;
  /** Absent in several of Microsoft's own examples: absent means enabled (inferred: https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions, https://learn.microsoft.com/rest/api/azure/devops/). */
  status?: string | number;
  publisherId?: string;
  eventType?: string;
  resourceVersion?: string;
  consumerId?: string;
  consumerActionId?: string;
  publisherInputs?: Record<string, string>;
  consumerInputs?: Record<string, string>;
  probationRetries?: number;
  lastProbationRetryDate?: string;
  lastSuccessfulAttemptDate?: string;
  createdBy?: HookIdentityRef;
  createdDate?: string;
  modifiedBy?: HookIdentityRef;
  modifiedDate?: string;
  eventDescription?: string;
  actionDescription?: string;
}

/** `NotificationDetails`, only what tells how a delivery went. */
export interface HookNotificationDetails {
  errorMessage?: string;
  errorDetail?: string;
  /** The consumer's response as text, e.g. `HTTP/1.1 500 Internal Server Error …` (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/hooks/7.1). */
  response?: string;
  completedDate?: string;
  requestAttempts?: number;
}

/** One delivery (`Notification` (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/hooks/7.1)); `result` ∈ pending | succeeded | failed | filtered. */
export interface HookNotification {
  id: number;
  subscriptionId?: string;
  status?: string | number;
  result?: string | number;
  createdDate?: string;
  modifiedDate?: string;
  details?: HookNotificationDetails;
}

/** Who dbt Cloud acts as in Azure DevOps; any of the keys may be known. */
export interface ServiceUserRef {
  /** Identity storage key (VSID), what `createdBy.id` holds. */
  id?: string;
  displayName?: string;
  /** UPN, what `createdBy.uniqueName` holds. */
  principalName?: string;
  /** Graph subject descriptor (`aad.…`), what `createdBy.descriptor` holds in current payloads (inferred, not documented). */
  subjectDescriptor?: string;
}

/** Everything the hooks analysis computes from. */
export interface HooksSnapshot {
  organization: { name: string; url: string };
  /** The projects in scope. */
  projects: ProjectInfo[];
  /**
   * The repositories of those projects that dbt Cloud's service user can reach. The CLI passes every
   * repository its token lists; a caller that knows the service user's effective Read may pass fewer.
   */
  repositories: RepositoryInfo[];
  /** Every subscription the caller can see in the organization (the list is org-wide (https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions/list)). */
  subscriptions: HookSubscription[];
  /** Recent deliveries by subscription id; a subscription without an entry had its history not read. */
  notifications: Record<string, HookNotification[]>;
  /**
   * By project id: whether the caller has ViewSubscriptions on `PublisherSecurity/{projectId}`. Without it
   * the list answers 200 with no items instead of 403 (inferred: https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions), so an empty list proves nothing.
   * A project without an entry was not checked.
   */
  canViewSubscriptions: Record<string, boolean>;
  /** dbt Cloud's service user (or service principal), when known. */
  serviceUser?: ServiceUserRef;
}

/** The status, with absent meaning `enabled`; an unknown value is kept as text so nothing is guessed. */
export function subscriptionStatus(subscription: Pick<HookSubscription, "status">): SubscriptionStatus | "unknown" {
  const raw = subscription.status;
  if (raw === undefined || raw === null || raw === "") return "enabled";
  if (typeof raw === "number") return STATUS_NUMBERS[raw] ?? "unknown";
  const match = SUBSCRIPTION_STATUSES.find((status) => status.toLowerCase() === String(raw).trim().toLowerCase());
  return match ?? "unknown";
}

function sameText(a: string | undefined, b: string): boolean {
  return typeof a === "string" && a.trim().toLowerCase() === b.toLowerCase();
}

/** A publisher or consumer input by name, compared case-insensitively (inputs are bound that way (https://learn.microsoft.com/rest/api/azure/devops/)). */
export function inputValue(inputs: Record<string, string> | undefined, name: string): string | undefined {
  if (!inputs) return undefined;
  const key = Object.keys(inputs).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : inputs[key];
  return typeof value === "string" ? value : undefined;
}

/** The URL a web hook posts to (`consumerInputs.url` (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/hooks/7.1 webHooks/httpRequest)). */
export function targetUrl(subscription: HookSubscription): string | undefined {
  const url = inputValue(subscription.consumerInputs, "url")?.trim();
  return url === undefined || url === "" ? undefined : url;
}

/** The host a web hook actually connects to (WHATWG parsing, so `https://getdbt.com@evil.example` is evil.example). */
export function targetHost(subscription: HookSubscription): string | undefined {
  const url = targetUrl(subscription);
  return url === undefined ? undefined : hostOf(url);
}

/**
 * dbt Cloud's subscriptions: web hook consumers whose target URL is on a dbt Cloud host or on the configured
 * access URL. dbt does not publish its event types [https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions], so the target is the only reliable sign.
 * Everything else is someone else's and is never touched.
 */
export function isDbtCloudSubscription(subscription: HookSubscription, accessUrl?: string): boolean {
  if (!sameText(subscription.consumerId, "webHooks")) return false;
  const url = targetUrl(subscription);
  return url !== undefined && isDbtCloudHost(url, accessUrl);
}

/** Inputs the service adds itself (`hostId`, `tfsSubscriptionId` (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/hooks/7.1 examples)): not filters. */
const SERVER_ADDED_INPUTS = new Set(["hostid", "tfssubscriptionid"]);
/** Inputs shown as their own columns, not as "other filters". */
const SCOPE_INPUTS = new Set(["projectid", "repository"]);

/** The project the subscription is scoped to (`publisherInputs.projectId`), lower-case; undefined = none. */
export function subscriptionProjectId(subscription: HookSubscription): string | undefined {
  const value = inputValue(subscription.publisherInputs, "projectId")?.trim().toLowerCase();
  return value === undefined || value === "" ? undefined : value;
}

/** The repository filter (`publisherInputs.repository`, a repository id), lower-case; undefined = any. */
export function subscriptionRepositoryId(subscription: HookSubscription): string | undefined {
  const value = inputValue(subscription.publisherInputs, "repository")?.trim().toLowerCase();
  return value === undefined || value === "" ? undefined : value;
}

/**
 * The other publisher filters (branch, notificationType, pullrequestCreatedBy, mergeResult, …), without the
 * ones the service adds, sorted by name. An empty value means "any" (https://learn.microsoft.com/azure/devops/service-hooks/events), so it is left out.
 */
export function subscriptionFilters(subscription: HookSubscription): Record<string, string> {
  const filters: Record<string, string> = {};
  const entries = Object.entries(subscription.publisherInputs ?? {})
    .filter(([, value]) => typeof value === "string" && value.trim() !== "")
    .filter(([name]) => !SERVER_ADDED_INPUTS.has(name.toLowerCase()) && !SCOPE_INPUTS.has(name.toLowerCase()))
    .sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()));
  for (const [name, value] of entries) filters[name] = value.trim();
  return filters;
}

/** Milliseconds since the epoch for an ISO date; undefined when absent or not a date. */
export function instant(value: string | undefined): number | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
