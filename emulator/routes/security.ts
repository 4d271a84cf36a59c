/**
 * Security: namespaces (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference), ACL queries (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query), ACE/ACL writes
 * (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries), and the
 * caller-only permission checks (https://learn.microsoft.com/rest/api/azure/devops/security/permissions). `extendedInfo` comes from the emulator's own evaluator.
 */
import type { AceRecord, AclRecord } from "../model/records";
import { evaluate, hasPermission, type Evaluation } from "../model/evaluator";
import { SECURITY_NAMESPACES, findNamespace, isDescendant, tokenKey, type SecurityNamespaceDescription } from "../model/namespaces";
import { isIdentityDescriptor } from "../model/ids";
import { prop, sendEmpty, sendJson, sendList, type RequestContext, type RouteSpec } from "../http/context";
import { errors } from "../http/errors";
import { SCOPES } from "../http/scopes";

const VERSION = "7.1";
const ALL_NAMESPACES = "00000000-0000-0000-0000-000000000000";

function namespaceParam(ctx: RequestContext): SecurityNamespaceDescription {
  const ns = findNamespace(ctx.params.securityNamespaceId);
  if (!ns) {
    throw errors.notFound(`The security namespace ${ctx.params.securityNamespaceId} does not exist.`, "InvalidSecurityNamespaceException");
  }
  return ns;
}

/** Writes need the namespace's write permission on the token (inferred: https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries); collection admins always pass. */
function requireWrite(ctx: RequestContext, ns: SecurityNamespaceDescription, token: string): void {
  if (ctx.org.isCollectionAdministrator(ctx.caller)) return;
  if (hasPermission(ctx.org, ns, token, ctx.caller, ns.writePermission)) return;
  const needed = ns.actions.filter((a) => (a.bit & ns.writePermission) !== 0).map((a) => a.displayName);
  throw errors.accessDenied(ctx.caller.displayName, token, needed.join(", "));
}

// ---- namespaces -------------------------------------------------------------------------------------

function listNamespaces(ctx: RequestContext): void {
  const id = ctx.params.securityNamespaceId;
  // A single namespace still comes back as a list (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference).
  const found = !id || id === ALL_NAMESPACES ? [...SECURITY_NAMESPACES] : [findNamespace(id)].filter((n) => n !== undefined);
  sendList(ctx, found);
}

// ---- ACL query ---------------------------------------------------------------------------------------

/** Zero fields are omitted, as the service does (https://learn.microsoft.com/rest/api/azure/devops/). */
function renderExtendedInfo(e: Evaluation): Record<string, number> {
  const info: Record<string, number> = {};
  if (e.inheritedAllow) info.inheritedAllow = e.inheritedAllow;
  if (e.inheritedDeny) info.inheritedDeny = e.inheritedDeny;
  if (e.effectiveAllow) info.effectiveAllow = e.effectiveAllow;
  if (e.effectiveDeny) info.effectiveDeny = e.effectiveDeny;
  return info;
}

function renderAcl(
  ctx: RequestContext,
  ns: SecurityNamespaceDescription,
  acl: AclRecord,
  descriptors: string[],
  extended: boolean,
): Record<string, unknown> {
  // With a descriptors filter every ACL shows an entry per descriptor, zero when nothing is set (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query).
  const entries: AceRecord[] =
    descriptors.length > 0 ? descriptors.map((d) => acl.aces.get(d.toLowerCase()) ?? { descriptor: d, allow: 0, deny: 0 }) : [...acl.aces.values()];
  const acesDictionary: Record<string, unknown> = {};
  for (const ace of entries) {
    const rendered: Record<string, unknown> = { descriptor: ace.descriptor, allow: ace.allow, deny: ace.deny };
    if (extended) rendered.extendedInfo = renderExtendedInfo(evaluate(ctx.org, ns, acl.token, ace.descriptor));
    acesDictionary[ace.descriptor] = rendered;
  }
  return { inheritPermissions: acl.inheritPermissions, token: acl.token, acesDictionary, includeExtendedInfo: extended };
}

/**
 * No token: every ACL of the namespace. A token: the ACL stored on exactly it (none → empty list
 * (inferred: https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query)), plus with recurse every descendant ACL, never ancestors (documented).
 */
function queryAcls(ctx: RequestContext): void {
  const ns = namespaceParam(ctx);
  const all = ctx.org.namespaceAcls(ns.namespaceId);
  const token = ctx.query.get("token");
  const recurse = ctx.query.bool("recurse");
  let selected: AclRecord[];
  if (token === undefined || token === "") {
    selected = [...all.values()];
  } else {
    const key = tokenKey(ns, token);
    selected = [];
    const own = all.get(key);
    if (own) selected.push(own);
    if (recurse) for (const [other, acl] of all) if (isDescendant(ns, other, key)) selected.push(acl);
  }
  const descriptors = ctx.query.list("descriptors");
  const extended = ctx.query.bool("includeExtendedInfo");
  sendList(
    ctx,
    selected.map((acl) => renderAcl(ctx, ns, acl, descriptors, extended)),
  );
}

// ---- ACE / ACL writes ----------------------------------------------------------------------------------

function bitsOf(value: unknown, field: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === "number" && Number.isInteger(value)) return value >>> 0;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value) >>> 0;
  throw errors.serialization(`Could not convert ${JSON.stringify(value)} to an integer for '${field}'.`);
}

/** An ACE from a request body; a descriptor that is not an identity descriptor cannot be bound (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries, https://github.com/MicrosoftDocs/vsts-rest-api-specs/issues/223). */
function aceFromBody(entry: unknown, fallbackDescriptor?: string): AceRecord {
  const descriptor = prop(entry, "descriptor") ?? fallbackDescriptor;
  if (typeof descriptor !== "string" || !isIdentityDescriptor(descriptor)) {
    throw errors.serialization(
      `Error converting value ${JSON.stringify(descriptor ?? null)} to type 'Microsoft.VisualStudio.Services.Identity.IdentityDescriptor'.`,
    );
  }
  return { descriptor, allow: bitsOf(prop(entry, "allow"), "allow"), deny: bitsOf(prop(entry, "deny"), "deny") };
}

function requireToken(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw errors.badRequest("Value cannot be null.\r\nParameter name: token", "ArgumentNullException");
  }
  return value;
}

/** Merge semantics per https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries (documented; the allow-clears-deny detail inferred); see OrgState.writeAce. */
function setAces(ctx: RequestContext): void {
  const ns = namespaceParam(ctx);
  const token = requireToken(prop(ctx.body, "token"));
  const entries = prop(ctx.body, "accessControlEntries");
  if (!Array.isArray(entries)) {
    throw errors.serialization(
      "Cannot deserialize the current JSON object into type 'System.Collections.Generic.IEnumerable`1[Microsoft.VisualStudio.Services.Security.AccessControlEntry]' because the type requires a JSON array.",
    );
  }
  const aces = entries.map((e) => aceFromBody(e));
  requireWrite(ctx, ns, token);
  const merge = prop(ctx.body, "merge") === true || prop(ctx.body, "merge") === "true";
  const results = aces.map((ace) => ctx.org.writeAce(ns.namespaceId, token, ace, merge));
  sendList(
    ctx,
    // The answer names each written entry without extendedInfo (recorded: tests/fixtures/recorded, AccessControlEntries POST).
    results.map((r) => ({ descriptor: r.descriptor, allow: r.allow, deny: r.deny })),
  );
}

function removeAces(ctx: RequestContext): void {
  const ns = namespaceParam(ctx);
  const token = requireToken(ctx.query.get("token"));
  const descriptors = ctx.query.list("descriptors");
  if (descriptors.length === 0) throw errors.badRequest("Value cannot be null.\r\nParameter name: descriptors", "ArgumentNullException");
  requireWrite(ctx, ns, token);
  sendJson(ctx, 200, ctx.org.removeAces(ns.namespaceId, token, descriptors));
}

/** Overwrites whole ACLs (the way to flip inheritPermissions) → 204 (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/set-access-control-lists). */
function setAcls(ctx: RequestContext): void {
  const ns = namespaceParam(ctx);
  const list = Array.isArray(ctx.body) ? ctx.body : prop(ctx.body, "value");
  if (!Array.isArray(list)) throw errors.serialization("The request body must carry a 'value' array of access control lists.");
  const acls = list.map((item) => {
    const token = requireToken(prop(item, "token"));
    const dictionary = prop(item, "acesDictionary") ?? {};
    if (typeof dictionary !== "object" || dictionary === null) throw errors.serialization("'acesDictionary' must be an object.");
    const aces = Object.entries(dictionary as Record<string, unknown>).map(([key, entry]) => aceFromBody(entry, key));
    const inherit = prop(item, "inheritPermissions");
    return { token, inheritPermissions: inherit === undefined ? true : inherit === true || inherit === "true", aces };
  });
  for (const acl of acls) requireWrite(ctx, ns, acl.token);
  for (const acl of acls) ctx.org.replaceAcl(ns.namespaceId, acl.token, acl.inheritPermissions, acl.aces);
  sendEmpty(ctx, 204);
}

function removeAcls(ctx: RequestContext): void {
  const ns = namespaceParam(ctx);
  const tokenList = ctx.query.list("tokens");
  if (tokenList.length === 0) throw errors.badRequest("Value cannot be null.\r\nParameter name: tokens", "ArgumentNullException");
  for (const token of tokenList) requireWrite(ctx, ns, token);
  sendJson(ctx, 200, ctx.org.removeAcls(ns.namespaceId, tokenList, ctx.query.bool("recurse")));
}

// ---- permission checks (caller only) --------------------------------------------------------------------

function permissionBits(raw: string): number {
  if (!/^\d+$/.test(raw)) throw errors.badRequest(`The value '${raw}' is not valid for permissions.`);
  return Number(raw);
}

function hasPermissions(ctx: RequestContext): void {
  const ns = namespaceParam(ctx);
  const bits = permissionBits(ctx.params.permissions);
  const delimiter = ctx.query.get("delimiter") || ",";
  const tokenList = ctx.query.get("tokens") !== undefined ? ctx.query.list("tokens", delimiter) : [];
  const single = ctx.query.get("token");
  if (single !== undefined) tokenList.push(single);
  if (tokenList.length === 0) throw errors.badRequest("Value cannot be null.\r\nParameter name: tokens", "ArgumentNullException");
  const admins = ctx.query.bool("alwaysAllowAdministrators");
  sendList(
    ctx,
    tokenList.map((t) => hasPermission(ctx.org, ns, t, ctx.caller, bits, admins)),
  );
}

/** Clears bits from both allow and deny of one ACE and returns it (shape, inferred: semantics https://learn.microsoft.com/rest/api/azure/devops/security/permissions/remove). */
function removePermission(ctx: RequestContext): void {
  const ns = namespaceParam(ctx);
  const bits = permissionBits(ctx.params.permissions);
  const token = requireToken(ctx.query.get("token"));
  const descriptor = ctx.query.get("descriptor");
  if (!descriptor) throw errors.badRequest("Value cannot be null.\r\nParameter name: descriptor", "ArgumentNullException");
  requireWrite(ctx, ns, token);
  const old = ctx.org.acl(ns.namespaceId, token)?.aces.get(descriptor.toLowerCase());
  const next = { descriptor: old?.descriptor ?? descriptor, allow: (old?.allow ?? 0) & ~bits, deny: (old?.deny ?? 0) & ~bits };
  const result = ctx.org.writeAce(ns.namespaceId, token, next, false);
  sendJson(ctx, 200, { descriptor: result.descriptor, allow: result.allow, deny: result.deny });
}

/** No aggregation, no short-circuit: one answer per evaluation (https://learn.microsoft.com/rest/api/azure/devops/security/permissions/has-permissions-batch). */
function evaluationBatch(ctx: RequestContext): void {
  const evaluations = prop(ctx.body, "evaluations");
  if (!Array.isArray(evaluations)) throw errors.badRequest("Value cannot be null.\r\nParameter name: evaluations", "ArgumentNullException");
  const admins = prop(ctx.body, "alwaysAllowAdministrators") === true;
  const answered = evaluations.map((e) => {
    const namespaceId = String(prop(e, "securityNamespaceId") ?? "");
    const token = String(prop(e, "token") ?? "");
    const permissions = bitsOf(prop(e, "permissions"), "permissions");
    const ns = findNamespace(namespaceId);
    const value = ns ? hasPermission(ctx.org, ns, token, ctx.caller, permissions, admins) : false;
    return { securityNamespaceId: namespaceId, token, permissions, value };
  });
  sendJson(ctx, 200, { alwaysAllowAdministrators: admins, evaluations: answered });
}

/**
 * Reads (namespaces, ACLs, permissions, evaluation batch) are in the vso.base set any token may call; ACL, ACE and
 * permission writes need vso.security_manage (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries).
 */
export const securityRoutes: RouteSpec[] = [
  { method: "GET", host: "core", path: "_apis/securitynamespaces", version: VERSION, handler: listNamespaces },
  { method: "GET", host: "core", path: "_apis/securitynamespaces/{securityNamespaceId}", version: VERSION, handler: listNamespaces },
  { method: "GET", host: "core", path: "_apis/accesscontrollists/{securityNamespaceId}", version: VERSION, handler: queryAcls },
  {
    method: "POST",
    host: "core",
    path: "_apis/accesscontrollists/{securityNamespaceId}",
    version: VERSION,
    scopes: SCOPES.securityWrite,
    handler: setAcls,
  },
  {
    method: "DELETE",
    host: "core",
    path: "_apis/accesscontrollists/{securityNamespaceId}",
    version: VERSION,
    scopes: SCOPES.securityWrite,
    handler: removeAcls,
  },
  {
    method: "POST",
    host: "core",
    path: "_apis/accesscontrolentries/{securityNamespaceId}",
    version: VERSION,
    scopes: SCOPES.securityWrite,
    handler: setAces,
  },
  {
    method: "DELETE",
    host: "core",
    path: "_apis/accesscontrolentries/{securityNamespaceId}",
    version: VERSION,
    scopes: SCOPES.securityWrite,
    handler: removeAces,
  },
  {
    method: "GET",
    host: "core",
    path: "_apis/permissions/{securityNamespaceId}/{permissions}",
    version: VERSION,
    handler: hasPermissions,
  },
  {
    method: "DELETE",
    host: "core",
    path: "_apis/permissions/{securityNamespaceId}/{permissions}",
    version: VERSION,
    scopes: SCOPES.securityWrite,
    handler: removePermission,
  },
  { method: "POST", host: "core", path: "_apis/security/permissionevaluationbatch", version: VERSION, handler: evaluationBatch },
];
