/**
 * Graph on the vssps host (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships, https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/graph/7.1). Everything is preview-only except
 * descriptors/storagekeys, so a released api-version gets 400 (https://learn.microsoft.com/azure/devops/integrate/concepts/rest-api-versioning). Lists page through
 * the `X-MS-ContinuationToken` response header.
 */
import type { IdentityRecord } from "../model/records";
import { decodeSubjectDescriptor, subjectDescriptor } from "../model/ids";
import { hostUrl, prop, sendEmpty, sendJson, sendList, type RequestContext, type RouteSpec } from "../http/context";
import { errors } from "../http/errors";
import { pageOf, decodeContinuation } from "../http/paging";
import { renderMembership, renderSubject, subjectKind } from "../render/subject";
import { SCOPES } from "../http/scopes";

/** Page size of Graph lists [I: the service pages groups at about 500]. */
export const GRAPH_PAGE_SIZE = 500;

const PREVIEW = "7.1-preview.1";

function subjectType(identity: IdentityRecord): string {
  return identity.subjectDescriptor.slice(0, identity.subjectDescriptor.indexOf("."));
}

function subjectParam(ctx: RequestContext, name: string): IdentityRecord {
  const identity = ctx.org.bySubjectDescriptor(ctx.params[name]);
  if (!identity) throw errors.notFound(`The subject ${ctx.params[name]} could not be found.`, "GraphSubjectNotFoundException");
  return identity;
}

function sendPage(ctx: RequestContext, items: IdentityRecord[]): void {
  const { page, next } = pageOf(items, decodeContinuation(ctx.query.get("continuationToken")), GRAPH_PAGE_SIZE);
  sendList(
    ctx,
    page.map((i) => renderSubject(ctx, i)),
    next ? { "X-MS-ContinuationToken": next } : {},
  );
}

function withSubjectTypes(ctx: RequestContext, items: IdentityRecord[]): IdentityRecord[] {
  const types = ctx.query.list("subjectTypes").map((t) => t.toLowerCase());
  return types.length === 0 ? items : items.filter((i) => types.includes(subjectType(i)));
}

function listUsers(ctx: RequestContext): void {
  sendPage(
    ctx,
    withSubjectTypes(
      ctx,
      ctx.org.identities.filter((i) => i.kind === "user" || i.kind === "serviceIdentity"),
    ),
  );
}

/**
 * All organization and project groups; `scopeDescriptor` (a project's `scp.` descriptor, see
 * descriptors/{projectId}) narrows to one project (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships).
 */
function listGroups(ctx: RequestContext): void {
  let groups = ctx.org.groups();
  const scope = ctx.query.get("scopeDescriptor");
  if (scope) {
    const decoded = decodeSubjectDescriptor(scope);
    if (!decoded || decoded.subjectType !== "scp") throw errors.badRequest(`The scope descriptor '${scope}' is not valid.`);
    const scopeId = decoded.identifier.toLowerCase();
    const orgId = ctx.org.id.toLowerCase();
    groups = groups.filter((g) => (g.group?.projectId ?? (g.origin === "vsts" ? orgId : null)) === scopeId);
  }
  sendPage(ctx, withSubjectTypes(ctx, groups));
}

function listServicePrincipals(ctx: RequestContext): void {
  sendPage(
    ctx,
    ctx.org.identities.filter((i) => i.kind === "servicePrincipal"),
  );
}

function getSubjectOf(kind: ReturnType<typeof subjectKind>, param: string) {
  return (ctx: RequestContext) => {
    const identity = subjectParam(ctx, param);
    if (subjectKind(identity) !== kind)
      throw errors.notFound(`The subject ${ctx.params[param]} could not be found.`, "GraphSubjectNotFoundException");
    sendJson(ctx, 200, renderSubject(ctx, identity));
  };
}

function getSubject(ctx: RequestContext): void {
  sendJson(ctx, 200, renderSubject(ctx, subjectParam(ctx, "subjectDescriptor")));
}

// ---- memberships -------------------------------------------------------------------------------------

function membershipPair(ctx: RequestContext): { member: IdentityRecord; container: IdentityRecord } {
  const member = subjectParam(ctx, "subjectDescriptor");
  const container = subjectParam(ctx, "containerDescriptor");
  if (container.kind !== "group") throw errors.badRequest(`The container ${ctx.params.containerDescriptor} is not a group.`);
  return { member, container };
}

/**
 * Changing a group's members needs administration of its scope: Project Collection Administrators for
 * any group, a project's Project Administrators for that project's groups (inferred, not documented).
 */
function requireManage(ctx: RequestContext, container: IdentityRecord): void {
  const org = ctx.org;
  if (org.isCollectionAdministrator(ctx.caller)) return;
  const projectId = container.group?.projectId;
  const admins = projectId ? org.groups().find((g) => g.group?.projectId === projectId && g.group.wellKnown === "projectAdministrators") : undefined;
  if (admins && org.closure(ctx.caller).has(admins.descriptor.toLowerCase())) return;
  throw errors.accessDenied(ctx.caller.displayName, container.principalName, "Manage group membership");
}

function addMembership(ctx: RequestContext): void {
  const { member, container } = membershipPair(ctx);
  requireManage(ctx, container);
  ctx.org.addMembership(member, container);
  sendJson(ctx, 201, renderMembership(ctx, member, container));
}

function getMembership(ctx: RequestContext): void {
  const { member, container } = membershipPair(ctx);
  if (!ctx.org.hasMembership(member, container)) {
    throw errors.notFound(
      `The membership of ${member.subjectDescriptor} in ${container.subjectDescriptor} does not exist.`,
      "GraphMembershipNotFoundException",
    );
  }
  if (ctx.method === "HEAD") return sendEmpty(ctx, 200);
  sendJson(ctx, 200, renderMembership(ctx, member, container));
}

function removeMembership(ctx: RequestContext): void {
  const { member, container } = membershipPair(ctx);
  requireManage(ctx, container);
  if (!ctx.org.removeMembership(member, container)) {
    throw errors.notFound(
      `The membership of ${member.subjectDescriptor} in ${container.subjectDescriptor} does not exist.`,
      "GraphMembershipNotFoundException",
    );
  }
  sendEmpty(ctx, 200);
}

/** Direct edges only; `up` (default) lists containers, `down` members (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships). */
function listMemberships(ctx: RequestContext): void {
  const subject = subjectParam(ctx, "subjectDescriptor");
  const direction = (ctx.query.get("direction") ?? "up").toLowerCase();
  if (direction !== "up" && direction !== "down") throw errors.badRequest(`The value '${direction}' is not valid for direction.`);
  const depth = ctx.query.get("depth");
  if (depth !== undefined && depth !== "1") throw errors.badRequest("The only supported value of depth is 1.");
  const edges =
    direction === "up"
      ? ctx.org.graphParents(subject).map((c) => renderMembership(ctx, subject, c))
      : subject.kind === "group"
        ? ctx.org.directMembers(subject).map((m) => renderMembership(ctx, m, subject))
        : [];
  sendList(ctx, edges);
}

function membershipState(ctx: RequestContext): void {
  const subject = subjectParam(ctx, "subjectDescriptor");
  sendJson(ctx, 200, {
    _links: { self: { href: `${hostUrl(ctx, "vssps")}/_apis/Graph/MembershipStates/${encodeURIComponent(subject.subjectDescriptor)}` } },
    active: subject.isActive,
  });
}

// ---- queries and descriptor mapping -----------------------------------------------------------------

/** Prefix match on display name, principal name and mail; at most 100 results (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships). */
function subjectQuery(ctx: RequestContext): void {
  const query = prop(ctx.body, "query");
  if (typeof query !== "string" || query.trim() === "")
    throw errors.badRequest("Value cannot be null.\r\nParameter name: query", "ArgumentNullException");
  const kinds = prop(ctx.body, "subjectKind");
  const wanted = Array.isArray(kinds) ? kinds.map((k) => String(k).toLowerCase()) : [];
  const q = query.toLowerCase();
  const found = ctx.org.identities
    .filter((i) => i.kind !== "serviceIdentity")
    .filter((i) => wanted.length === 0 || wanted.includes(subjectKind(i).toLowerCase()))
    .filter((i) => [i.displayName, i.principalName, i.mailAddress].some((f) => f.toLowerCase().startsWith(q)))
    .slice(0, 100);
  sendList(
    ctx,
    found.map((i) => renderSubject(ctx, i)),
  );
}

/** The value is an object keyed by descriptor, not an array (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships). */
function subjectLookup(ctx: RequestContext): void {
  const keys = prop(ctx.body, "lookupKeys");
  if (!Array.isArray(keys)) throw errors.badRequest("Value cannot be null.\r\nParameter name: lookupKeys", "ArgumentNullException");
  const value: Record<string, unknown> = {};
  for (const key of keys) {
    const descriptor = String(prop(key, "descriptor") ?? "");
    const identity = ctx.org.bySubjectDescriptor(descriptor);
    if (identity) value[descriptor] = renderSubject(ctx, identity);
  }
  sendJson(ctx, 200, { count: Object.keys(value).length, value });
}

/** Storage key → subject descriptor; a project id gives the project's `scp.` scope descriptor (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships). */
function descriptorOf(ctx: RequestContext): void {
  const key = ctx.params.storageKey;
  const identity = ctx.org.byStorageKey(key);
  const project = identity ? undefined : ctx.org.project(key);
  const scopeIsOrg = !identity && key.toLowerCase() === ctx.org.id.toLowerCase();
  const value = identity
    ? identity.subjectDescriptor
    : project && project.id === key.toLowerCase()
      ? subjectDescriptor("scp", project.id)
      : scopeIsOrg
        ? subjectDescriptor("scp", ctx.org.id)
        : undefined;
  if (!value) throw errors.notFound(`No subject or scope has the storage key ${key}.`, "StorageKeyNotFoundException");
  const graph = `${hostUrl(ctx, "vssps")}/_apis/Graph`;
  sendJson(ctx, 200, {
    value,
    _links: { self: { href: `${graph}/Descriptors/${key}` }, storageKey: { href: `${graph}/StorageKeys/${encodeURIComponent(value)}` } },
  });
}

function storageKeyOf(ctx: RequestContext): void {
  const subject = subjectParam(ctx, "subjectDescriptor");
  const graph = `${hostUrl(ctx, "vssps")}/_apis/Graph`;
  sendJson(ctx, 200, {
    value: subject.id,
    _links: { self: { href: `${graph}/StorageKeys/${encodeURIComponent(subject.subjectDescriptor)}` } },
  });
}

/**
 * Graph reads (users, groups, memberships, subject query/lookup, descriptors, storage keys) need vso.graph; membership
 * writes vso.graph_manage (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships/add, .../memberships/list).
 */
function graphRoute(method: RouteSpec["method"], path: string, handler: RouteSpec["handler"], previewOnly = true): RouteSpec {
  const scopes = method === "PUT" || method === "DELETE" ? SCOPES.graphWrite : SCOPES.graphRead;
  return { method, host: "vssps", path: `_apis/graph/${path}`, version: previewOnly ? PREVIEW : "7.1", previewOnly, area: "graph", scopes, handler };
}

export const graphRoutes: RouteSpec[] = [
  graphRoute("GET", "users", listUsers),
  graphRoute("GET", "users/{userDescriptor}", getSubjectOf("user", "userDescriptor")),
  graphRoute("GET", "groups", listGroups),
  graphRoute("GET", "groups/{groupDescriptor}", getSubjectOf("group", "groupDescriptor")),
  graphRoute("GET", "serviceprincipals", listServicePrincipals),
  graphRoute("GET", "serviceprincipals/{servicePrincipalDescriptor}", getSubjectOf("servicePrincipal", "servicePrincipalDescriptor")),
  graphRoute("GET", "subjects/{subjectDescriptor}", getSubject),
  graphRoute("PUT", "memberships/{subjectDescriptor}/{containerDescriptor}", addMembership),
  graphRoute("GET", "memberships/{subjectDescriptor}/{containerDescriptor}", getMembership),
  graphRoute("HEAD", "memberships/{subjectDescriptor}/{containerDescriptor}", getMembership),
  graphRoute("DELETE", "memberships/{subjectDescriptor}/{containerDescriptor}", removeMembership),
  graphRoute("GET", "memberships/{subjectDescriptor}", listMemberships),
  graphRoute("GET", "membershipstates/{subjectDescriptor}", membershipState),
  graphRoute("POST", "subjectquery", subjectQuery),
  graphRoute("POST", "subjectlookup", subjectLookup),
  graphRoute("GET", "descriptors/{storageKey}", descriptorOf, false),
  graphRoute("GET", "storagekeys/{subjectDescriptor}", storageKeyOf, false),
];
