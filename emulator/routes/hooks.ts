/**
 * Service hook subscriptions and their notification history (https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions, https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/hooks/7.1).
 * Reading needs ViewSubscriptions on `PublisherSecurity/{projectId}` and the list silently leaves out
 * what the caller cannot view (200 with an empty list, not 403 (inferred: https://github.com/mondoohq/mql)); creating, replacing and
 * deleting need EditSubscriptions (https://docs.getdbt.com/docs/cloud/git/setup-azure, https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference).
 */
import { randomUUID } from "node:crypto";
import type { IdentityRecord, NotificationRecord, SubscriptionRecord } from "../model/records";
import type { SubscriptionStatus } from "../seed/types";
import { hasPermission } from "../model/evaluator";
import { findNamespace, tokens, type SecurityNamespaceDescription } from "../model/namespaces";
import { hostUrl, prop, sendEmpty, sendJson, sendList, wireDate, wireEnum, type RequestContext, type RouteSpec } from "../http/context";
import { errors } from "../http/errors";
import { SCOPES } from "../http/scopes";

const HOOKS_NS = findNamespace("ServiceHooks") as SecurityNamespaceDescription;
const VIEW = 1;
const EDIT = 2;
const MASK = "********";

/** Enum numbers of the extension API client (azure-devops-extension-api ServiceHooks.d.ts). */
const SUBSCRIPTION_STATUS: Record<SubscriptionStatus, number> = {
  enabled: 0,
  onProbation: 10,
  disabledByUser: 20,
  disabledBySystem: 30,
  disabledByInactiveIdentity: 40,
};
const NOTIFICATION_STATUS = { queued: 10, processing: 20, requestInProgress: 30, queuedForRetry: 40, completed: 100 };
const NOTIFICATION_RESULT = { pending: 0, succeeded: 10, failed: 20, filtered: 30 };

/** Confidential consumer inputs come back masked (https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions: `password`, `apiToken`, `basicAuthPassword`). */
const CONFIDENTIAL = /password|secret|token|apikey/i;

function maskInputs(inputs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(inputs)) out[name] = CONFIDENTIAL.test(name) && value !== "" ? MASK : value;
  return out;
}

function can(ctx: RequestContext, projectId: string | undefined, bit: number): boolean {
  const token = projectId ? tokens.hooksProject(projectId) : tokens.hooksRoot;
  return hasPermission(ctx.org, HOOKS_NS, token, ctx.caller, bit, true);
}

function identityRef(ctx: RequestContext, id: string): Record<string, unknown> {
  const identity: IdentityRecord | undefined = ctx.org.byStorageKey(id);
  if (!identity) return { id };
  return {
    displayName: identity.displayName,
    url: `${hostUrl(ctx, "vssps")}/_apis/Identities/${identity.id}`,
    id: identity.id,
    uniqueName: identity.principalName,
    descriptor: identity.subjectDescriptor,
  };
}

function describeEvent(ctx: RequestContext, s: SubscriptionRecord): string {
  const repository = s.publisherInputs.repository ? ctx.org.repository(s.publisherInputs.repository) : undefined;
  return repository ? `Repository ${repository.name}` : "Any repository";
}

function describeAction(s: SubscriptionRecord): string {
  try {
    return `To host ${new URL(s.consumerInputs.url ?? "").host}`;
  } catch {
    return "";
  }
}

function renderSubscription(ctx: RequestContext, s: SubscriptionRecord): Record<string, unknown> {
  const self = `${hostUrl(ctx, "core")}/_apis/hooks/subscriptions/${s.id}`;
  const body: Record<string, unknown> = {
    id: s.id,
    url: self,
    status: wireEnum(ctx, s.status, SUBSCRIPTION_STATUS),
    publisherId: s.publisherId,
    eventType: s.eventType,
    resourceVersion: s.resourceVersion,
    eventDescription: describeEvent(ctx, s),
    consumerId: s.consumerId,
    consumerActionId: s.consumerActionId,
    actionDescription: describeAction(s),
    probationRetries: s.probationRetries,
  };
  if (s.lastProbationRetryDate) body.lastProbationRetryDate = wireDate(ctx, s.lastProbationRetryDate);
  Object.assign(body, {
    createdBy: identityRef(ctx, s.createdById),
    createdDate: wireDate(ctx, s.createdDate),
    modifiedBy: identityRef(ctx, s.modifiedById),
    modifiedDate: wireDate(ctx, s.modifiedDate),
    publisherInputs: { ...s.publisherInputs },
    consumerInputs: maskInputs(s.consumerInputs),
    _links: {
      self: { href: self },
      consumer: { href: `${hostUrl(ctx, "core")}/_apis/hooks/consumers/${s.consumerId}` },
      actions: { href: `${hostUrl(ctx, "core")}/_apis/hooks/consumers/${s.consumerId}/actions` },
      notifications: { href: `${self}/notifications` },
      publisher: { href: `${hostUrl(ctx, "core")}/_apis/hooks/publishers/${s.publisherId}` },
    },
  });
  return body;
}

function renderNotification(ctx: RequestContext, s: SubscriptionRecord, n: NotificationRecord): Record<string, unknown> {
  const date = wireDate(ctx, n.createdDate);
  const response = n.responseStatusCode !== undefined ? `HTTP/1.1 ${n.responseStatusCode}\r\nContent-Type: text/plain\r\n\r\n` : undefined;
  return {
    id: n.id,
    subscriptionId: s.id,
    subscriberId: s.createdById,
    eventId: n.eventId,
    status: wireEnum(ctx, n.status, NOTIFICATION_STATUS),
    result: wireEnum(ctx, n.result, NOTIFICATION_RESULT),
    createdDate: date,
    modifiedDate: wireDate(ctx, n.modifiedDate),
    details: {
      publisherId: s.publisherId,
      eventType: s.eventType,
      publisherInputs: { ...s.publisherInputs },
      consumerId: s.consumerId,
      consumerActionId: s.consumerActionId,
      consumerInputs: maskInputs(s.consumerInputs),
      event: { id: n.eventId, eventType: s.eventType, publisherId: s.publisherId, createdDate: date },
      request: `POST ${s.consumerInputs.url ?? ""}`,
      ...(response ? { response } : {}),
      ...(n.errorMessage ? { errorMessage: n.errorMessage } : {}),
      ...(n.errorDetail ? { errorDetail: n.errorDetail } : {}),
      queuedDate: date,
      dequeuedDate: date,
      processedDate: date,
      completedDate: date,
      requestAttempts: n.result === "failed" ? 3 : 1,
      requestDuration: 0.42,
    },
  };
}

/** A subscription the caller may view; otherwise 404 like an unknown one (inferred, not documented). */
function viewable(ctx: RequestContext): SubscriptionRecord {
  const s = ctx.org.subscriptions.get(ctx.params.subscriptionId.toLowerCase());
  if (!s || !can(ctx, s.publisherInputs.projectId, VIEW)) {
    throw errors.notFound(`Subscription ${ctx.params.subscriptionId} does not exist.`, "SubscriptionNotFoundException");
  }
  return s;
}

function requireEdit(ctx: RequestContext, projectId: string | undefined): void {
  if (!can(ctx, projectId, EDIT)) {
    const token = projectId ? tokens.hooksProject(projectId) : tokens.hooksRoot;
    throw errors.accessDenied(ctx.caller.displayName, token, "Edit Subscription");
  }
}

const FILTER_FIELDS = ["publisherId", "eventType", "consumerId", "consumerActionId"] as const;

/** Whether the subscription matches every filter field given (absent or empty = any), case-insensitively. */
function fieldsMatch(s: SubscriptionRecord, wanted: (field: (typeof FILTER_FIELDS)[number]) => unknown): boolean {
  return FILTER_FIELDS.every((f) => {
    const value = wanted(f);
    return typeof value !== "string" || value === "" || value.toLowerCase() === s[f].toLowerCase();
  });
}

function listSubscriptions(ctx: RequestContext): void {
  const visible = [...ctx.org.subscriptions.values()].filter(
    (s) => fieldsMatch(s, (f) => ctx.query.get(f)) && can(ctx, s.publisherInputs.projectId, VIEW),
  );
  sendList(
    ctx,
    visible.map((s) => renderSubscription(ctx, s)),
  );
}

function getSubscription(ctx: RequestContext): void {
  sendJson(ctx, 200, renderSubscription(ctx, viewable(ctx)));
}

function stringRecord(value: unknown, field: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) throw errors.badRequest(`'${field}' must be an object of string inputs.`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = v === null || v === undefined ? "" : String(v);
  return out;
}

function requiredString(body: unknown, field: string): string {
  const value = prop(body, field);
  if (typeof value !== "string" || value.trim() === "") {
    throw errors.badRequest(`Value cannot be null.\r\nParameter name: subscription.${field}`, "ArgumentNullException");
  }
  return value;
}

/** Parses a subscription body (POST and PUT take the same shape) and checks its project and repository. */
function subscriptionFromBody(ctx: RequestContext) {
  const body = ctx.body;
  const fields = {
    publisherId: requiredString(body, "publisherId"),
    eventType: requiredString(body, "eventType"),
    consumerId: requiredString(body, "consumerId"),
    consumerActionId: requiredString(body, "consumerActionId"),
    resourceVersion: typeof prop(body, "resourceVersion") === "string" ? (prop(body, "resourceVersion") as string) : "1.0",
    publisherInputs: stringRecord(prop(body, "publisherInputs"), "publisherInputs"),
    consumerInputs: stringRecord(prop(body, "consumerInputs"), "consumerInputs"),
  };
  const inputs = fields.publisherInputs;
  const projectKey = Object.keys(inputs).find((k) => k.toLowerCase() === "projectid");
  const project = projectKey ? ctx.org.project(inputs[projectKey]) : undefined;
  if (!project || project.id !== inputs[projectKey as string].toLowerCase()) {
    throw errors.badRequest(`The publisher input projectId '${projectKey ? inputs[projectKey] : ""}' is not a valid project id.`);
  }
  const repoKey = Object.keys(inputs).find((k) => k.toLowerCase() === "repository");
  if (repoKey && inputs[repoKey] !== "" && !ctx.org.repository(inputs[repoKey], project.id)) {
    throw errors.badRequest(`The publisher input repository '${inputs[repoKey]}' is not a repository of project ${project.name}.`);
  }
  return { ...fields, projectId: project.id };
}

function statusFromBody(ctx: RequestContext): SubscriptionStatus | undefined {
  const raw = prop(ctx.body, "status");
  if (raw === undefined || raw === null) return undefined;
  const entries = Object.entries(SUBSCRIPTION_STATUS) as Array<[SubscriptionStatus, number]>;
  const found = entries.find(([name, number]) => raw === number || String(raw).toLowerCase() === name.toLowerCase());
  if (!found) throw errors.badRequest(`The value '${String(raw)}' is not valid for status.`);
  return found[0];
}

function createSubscription(ctx: RequestContext): void {
  const parsed = subscriptionFromBody(ctx);
  requireEdit(ctx, parsed.projectId);
  const now = new Date().toISOString();
  const id = randomUUID();
  const record: SubscriptionRecord = {
    id,
    publisherId: parsed.publisherId,
    eventType: parsed.eventType,
    resourceVersion: parsed.resourceVersion,
    consumerId: parsed.consumerId,
    consumerActionId: parsed.consumerActionId,
    // The server adds hostId and tfsSubscriptionId (https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions).
    publisherInputs: { ...parsed.publisherInputs, projectId: parsed.projectId, hostId: ctx.org.id, tfsSubscriptionId: randomUUID() },
    consumerInputs: parsed.consumerInputs,
    status: statusFromBody(ctx) ?? "enabled",
    probationRetries: 0,
    createdById: ctx.caller.id,
    modifiedById: ctx.caller.id,
    createdDate: now,
    modifiedDate: now,
    notifications: [],
  };
  ctx.org.subscriptions.set(id, record);
  ctx.org.changeId++;
  sendJson(ctx, 200, renderSubscription(ctx, record));
}

/** Same body as POST; a masked secret sent back keeps the stored one (inferred: https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions). */
function replaceSubscription(ctx: RequestContext): void {
  const existing = viewable(ctx);
  requireEdit(ctx, existing.publisherInputs.projectId);
  const parsed = subscriptionFromBody(ctx);
  requireEdit(ctx, parsed.projectId);
  const consumerInputs: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.consumerInputs)) {
    consumerInputs[name] = value === MASK ? (existing.consumerInputs[name] ?? "") : value;
  }
  const status = statusFromBody(ctx) ?? existing.status;
  Object.assign(existing, {
    publisherId: parsed.publisherId,
    eventType: parsed.eventType,
    resourceVersion: parsed.resourceVersion,
    consumerId: parsed.consumerId,
    consumerActionId: parsed.consumerActionId,
    publisherInputs: {
      ...parsed.publisherInputs,
      projectId: parsed.projectId,
      hostId: existing.publisherInputs.hostId,
      tfsSubscriptionId: existing.publisherInputs.tfsSubscriptionId,
    },
    consumerInputs,
    status,
    probationRetries: status === "enabled" ? 0 : existing.probationRetries,
    modifiedById: ctx.caller.id,
    modifiedDate: new Date().toISOString(),
  });
  ctx.org.changeId++;
  sendJson(ctx, 200, renderSubscription(ctx, existing));
}

/** EditSubscriptions deletes; DeleteSubscriptions is no longer used (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference). → 204 (example). */
function deleteSubscription(ctx: RequestContext): void {
  const existing = viewable(ctx);
  requireEdit(ctx, existing.publisherInputs.projectId);
  ctx.org.subscriptions.delete(existing.id.toLowerCase());
  ctx.org.changeId++;
  sendEmpty(ctx, 204);
}

function listNotifications(ctx: RequestContext): void {
  const s = viewable(ctx);
  const max = ctx.query.int("maxResults") ?? 100;
  const status = ctx.query.get("status")?.toLowerCase();
  const result = ctx.query.get("result")?.toLowerCase();
  const found = [...s.notifications]
    .filter((n) => (!status || n.status.toLowerCase() === status) && (!result || n.result.toLowerCase() === result))
    .sort((a, b) => b.createdDate.localeCompare(a.createdDate))
    .slice(0, max);
  sendList(
    ctx,
    found.map((n) => renderNotification(ctx, s, n)),
  );
}

function getNotification(ctx: RequestContext): void {
  const s = viewable(ctx);
  const n = s.notifications.find((x) => String(x.id) === ctx.params.notificationId);
  if (!n) throw errors.notFound(`Notification ${ctx.params.notificationId} does not exist.`, "NotificationNotFoundException");
  sendJson(ctx, 200, renderNotification(ctx, s, n));
}

/** An InputFilter matches when any of its condition groups matches (https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions). */
function inputFiltersMatch(filters: unknown, inputs: Record<string, string>): boolean {
  if (!Array.isArray(filters) || filters.length === 0) return true;
  return filters.some((filter) => {
    const conditions = prop(filter, "conditions");
    if (!Array.isArray(conditions)) return true;
    return conditions.every((c) => {
      const inputId = String(prop(c, "inputId") ?? "");
      const key = Object.keys(inputs).find((k) => k.toLowerCase() === inputId.toLowerCase());
      const actual = key ? inputs[key] : "";
      const expected = String(prop(c, "inputValue") ?? "");
      const sensitive = prop(c, "caseSensitive") === true;
      const equal = sensitive ? actual === expected : actual.toLowerCase() === expected.toLowerCase();
      return String(prop(c, "operator") ?? "equals").toLowerCase() === "notequals" ? !equal : equal;
    });
  });
}

function querySubscriptions(ctx: RequestContext): void {
  const body = ctx.body ?? {};
  const results = [...ctx.org.subscriptions.values()].filter((s) => {
    if (!can(ctx, s.publisherInputs.projectId, VIEW) || !fieldsMatch(s, (f) => prop(body, f))) return false;
    const subscriber = prop(body, "subscriberId");
    if (typeof subscriber === "string" && subscriber !== "" && subscriber.toLowerCase() !== s.createdById.toLowerCase()) return false;
    return (
      inputFiltersMatch(prop(body, "publisherInputFilters"), s.publisherInputs) &&
      inputFiltersMatch(prop(body, "consumerInputFilters"), s.consumerInputs)
    );
  });
  const echo: Record<string, unknown> = {};
  for (const f of [...FILTER_FIELDS, "subscriberId", "publisherInputFilters", "consumerInputFilters"]) echo[f] = prop(body, f) ?? null;
  sendJson(ctx, 200, { ...echo, results: results.map((s) => renderSubscription(ctx, s)) });
}

const VERSION = "7.1";
/**
 * Subscriptions - List/Get/Query and Notifications: vso.hooks; Create/Replace/Delete: vso.hooks_write; both are
 * included in vso.code, vso.work and vso.build (https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions/create; scopes.ts).
 */
const route = (method: RouteSpec["method"], path: string, handler: RouteSpec["handler"]): RouteSpec => ({
  method,
  host: "core",
  path: `_apis/hooks/${path}`,
  version: VERSION,
  scopes: method === "GET" || path === "subscriptionsquery" ? SCOPES.hooksRead : SCOPES.hooksWrite,
  handler,
});

export const hookRoutes: RouteSpec[] = [
  route("GET", "subscriptions", listSubscriptions),
  route("POST", "subscriptions", createSubscription),
  route("GET", "subscriptions/{subscriptionId}", getSubscription),
  route("PUT", "subscriptions/{subscriptionId}", replaceSubscription),
  route("DELETE", "subscriptions/{subscriptionId}", deleteSubscription),
  route("GET", "subscriptions/{subscriptionId}/notifications", listNotifications),
  route("GET", "subscriptions/{subscriptionId}/notifications/{notificationId}", getNotification),
  route("POST", "subscriptionsquery", querySubscriptions),
];
