/**
 * User and service principal entitlements on the vsaex host (https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get, https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/memberEntitlementManagement/7.1): access level
 * (Basic = `express`, Stakeholder, …), status and last access. The list pages through a body
 * `continuationToken` and carries both `members` (what real clients read) and `items` (what the spec
 * names) (PY-MEM, VSTEAM; inferred: for sending both).
 */
import { LICENSE_DISPLAY_NAMES, type IdentityRecord } from "../model/records";
import { prop, sendJson, type RequestContext, type RouteSpec } from "../http/context";
import { errors } from "../http/errors";
import { decodeContinuation, pageOf } from "../http/paging";
import { renderSubject } from "../render/subject";
import { SCOPES } from "../http/scopes";

/** Page size of the entitlement list (inferred, not documented). */
export const ENTITLEMENTS_PAGE_SIZE = 100;

const NEVER = "0001-01-01T00:00:00Z";

/** `licenseId` values of `$filter` and the access levels they mean (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/memberEntitlementManagement/7.1 filter text). */
const LICENSE_IDS: Record<string, string> = {
  "account-stakeholder": "stakeholder",
  "account-express": "express",
  "account-advanced": "advanced",
  "account-professional": "professional",
  "account-earlyadopter": "earlyAdopter",
};

const GROUP_TYPES: Record<string, string> = {
  readers: "projectReader",
  contributors: "projectContributor",
  projectAdministrators: "projectAdministrator",
};
const GROUP_RANK = ["custom", "projectReader", "projectContributor", "projectAdministrator"];

function accessLevel(identity: IdentityRecord): Record<string, string> {
  const e = identity.entitlement!;
  return {
    licensingSource: "account",
    accountLicenseType: e.accountLicenseType,
    msdnLicenseType: "none",
    // As recorded from the live service (tests/fixtures/recorded, UserEntitlements).
    gitHubLicenseType: "none",
    licenseDisplayName: e.licenseDisplayName,
    status: e.status,
    statusMessage: "",
    assignmentSource: "unknown",
  };
}

/** Project entitlements derived from the project groups the identity is (transitively) in. */
function projectEntitlements(ctx: RequestContext, identity: IdentityRecord): unknown[] {
  const best = new Map<string, { groupType: string; displayName: string }>();
  for (const group of ctx.org.expandedParents(identity)) {
    const projectId = group.group?.projectId;
    if (!projectId || group.group?.wellKnown === "projectValidUsers") continue;
    const groupType = GROUP_TYPES[group.group?.wellKnown ?? ""] ?? "custom";
    const current = best.get(projectId);
    if (!current || GROUP_RANK.indexOf(groupType) > GROUP_RANK.indexOf(current.groupType)) {
      best.set(projectId, { groupType, displayName: group.displayName });
    }
  }
  return [...best].map(([projectId, group]) => ({
    assignmentSource: "unknown",
    group,
    projectPermissionInherited: "notSet",
    projectRef: { id: projectId, name: ctx.org.project(projectId)?.name ?? "" },
    teamRefs: [],
  }));
}

function renderEntitlement(ctx: RequestContext, identity: IdentityRecord, withProjects: boolean): Record<string, unknown> {
  const e = identity.entitlement!;
  return {
    id: identity.id,
    [identity.kind === "servicePrincipal" ? "servicePrincipal" : "user"]: renderSubject(ctx, identity),
    accessLevel: accessLevel(identity),
    lastAccessedDate: e.lastAccessedDate ?? NEVER,
    dateCreated: e.dateCreated,
    projectEntitlements: withProjects ? projectEntitlements(ctx, identity) : [],
    extensions: [],
    groupAssignments: [],
  };
}

type Clause = (i: IdentityRecord) => boolean;

function clause(text: string): Clause {
  const match = /^\(?\s*(\w+)\s+eq\s+'([^']*)'\s*\)?$/i.exec(text.trim());
  if (!match) throw errors.badRequest(`The filter clause '${text}' is not valid.`);
  const [, field, raw] = match;
  const value = raw.toLowerCase();
  switch (field.toLowerCase()) {
    // `name` is a contains match on display name or email (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/memberEntitlementManagement/7.1).
    case "name":
      return (i) =>
        i.displayName.toLowerCase().includes(value) || i.mailAddress.toLowerCase().includes(value) || i.principalName.toLowerCase().includes(value);
    case "licenseid": {
      const level = LICENSE_IDS[value];
      if (!level) throw errors.badRequest(`The licenseId '${raw}' is not valid.`);
      return (i) => i.entitlement?.accountLicenseType === level;
    }
    case "licensestatus":
      return (i) => (i.entitlement?.status ?? "").toLowerCase() === value;
    case "usertype":
      return (i) => i.entitlement?.userType === value;
    default:
      throw errors.badRequest(`The filter field '${field}' is not supported.`);
  }
}

/** Clauses joined by `and`; a clause may list alternatives with `or` (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/memberEntitlementManagement/7.1). */
function parseFilter(filter: string | undefined): Clause {
  if (!filter || filter.trim() === "") return () => true;
  const all = filter.split(/\s+and\s+/i).map((part) => {
    const any = part
      .replace(/^\s*\(|\)\s*$/g, "")
      .split(/\s+or\s+/i)
      .map(clause);
    return (i: IdentityRecord) => any.some((c) => c(i));
  });
  return (i) => all.every((c) => c(i));
}

const ORDER: Record<string, (a: IdentityRecord, b: IdentityRecord) => number> = {
  name: (a, b) => a.displayName.localeCompare(b.displayName),
  datecreated: (a, b) => a.entitlement!.dateCreated.localeCompare(b.entitlement!.dateCreated),
  lastaccessed: (a, b) => (a.entitlement!.lastAccessedDate ?? "").localeCompare(b.entitlement!.lastAccessedDate ?? ""),
};

function listUserEntitlements(ctx: RequestContext): void {
  const matches = parseFilter(ctx.query.get("$filter"));
  const users = ctx.org.identities.filter((i) => i.kind === "user" && i.entitlement && matches(i));
  const orderBy = ctx.query.get("$orderBy");
  if (orderBy) {
    const [field, direction] = orderBy.trim().split(/\s+/);
    const compare = ORDER[field.toLowerCase()];
    if (!compare) throw errors.badRequest(`The $orderBy value '${orderBy}' is not valid.`);
    users.sort((a, b) => (direction?.toLowerCase() === "desc" ? -compare(a, b) : compare(a, b)));
  }
  const withProjects = ctx.query.list("select").some((s) => s.toLowerCase() === "projects");
  const { page, next } = pageOf(users, decodeContinuation(ctx.query.get("continuationToken")), ENTITLEMENTS_PAGE_SIZE);
  const rendered = page.map((u) => renderEntitlement(ctx, u, withProjects));
  // The last page carries an empty continuationToken, not null (recorded: tests/fixtures/recorded, UserEntitlements?top=100).
  sendJson(ctx, 200, { members: rendered, items: rendered, continuationToken: next ?? "", totalCount: users.length });
}

function entitled(ctx: RequestContext, id: string, kind: "user" | "servicePrincipal"): IdentityRecord {
  const identity = ctx.org.byStorageKey(id);
  if (!identity || identity.kind !== kind || !identity.entitlement) {
    throw errors.notFound(
      `The ${kind === "user" ? "user" : "service principal"} with id ${id} does not exist in this organization.`,
      "MemberNotFoundException",
    );
  }
  return identity;
}

function getUserEntitlement(ctx: RequestContext): void {
  sendJson(ctx, 200, renderEntitlement(ctx, entitled(ctx, ctx.params.userId, "user"), true));
}

function getServicePrincipalEntitlement(ctx: RequestContext): void {
  sendJson(ctx, 200, renderEntitlement(ctx, entitled(ctx, ctx.params.servicePrincipalId, "servicePrincipal"), true));
}

/** `[{"op":"replace","path":"/accessLevel","value":{…}}]` (JsonPatch body, inferred: path/value https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get). */
function patchUserEntitlement(ctx: RequestContext): void {
  const user = entitled(ctx, ctx.params.userId, "user");
  if (!ctx.org.isCollectionAdministrator(ctx.caller)) {
    throw errors.accessDenied(ctx.caller.displayName, "user entitlements", "Edit instance-level information");
  }
  if (!Array.isArray(ctx.body)) throw errors.badRequest("The request body must be a JSON patch document (an array of operations).");
  for (const op of ctx.body) {
    const path = String(prop(op, "path") ?? "").toLowerCase();
    const value = prop(op, "value");
    if (String(prop(op, "op") ?? "").toLowerCase() !== "replace" || path !== "/accesslevel") {
      throw errors.badRequest(`The patch operation on '${path}' is not supported.`);
    }
    const license = prop(value, "accountLicenseType");
    if (typeof license !== "string" || !Object.values(LICENSE_IDS).includes(license)) {
      throw errors.badRequest(`The accountLicenseType '${String(license)}' is not valid.`);
    }
    const entitlement = user.entitlement!;
    entitlement.accountLicenseType = license as typeof entitlement.accountLicenseType;
    entitlement.licenseDisplayName = LICENSE_DISPLAY_NAMES[license] ?? license;
    ctx.org.changeId++;
  }
  const result = renderEntitlement(ctx, user, true);
  sendJson(ctx, 200, {
    isSuccess: true,
    haveResultsBeenSet: true,
    operationResults: [{ isSuccess: true, errors: [], userId: user.id, result }],
    userEntitlement: result,
  });
}

/** User Entitlements - Get/List: vso.memberentitlementmanagement; Update: vso.memberentitlementmanagement_write (https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get-user-entitlement). */
export const entitlementRoutes: RouteSpec[] = [
  {
    method: "GET",
    host: "vsaex",
    path: "_apis/userentitlements",
    version: "7.1",
    area: "entitlements",
    scopes: SCOPES.entitlementsRead,
    handler: listUserEntitlements,
  },
  {
    method: "GET",
    host: "vsaex",
    path: "_apis/userentitlements/{userId}",
    version: "7.1",
    area: "entitlements",
    scopes: SCOPES.entitlementsRead,
    handler: getUserEntitlement,
  },
  {
    method: "PATCH",
    host: "vsaex",
    path: "_apis/userentitlements/{userId}",
    version: "7.1",
    area: "entitlements",
    scopes: SCOPES.entitlementsWrite,
    handler: patchUserEntitlement,
  },
  {
    method: "GET",
    host: "vsaex",
    path: "_apis/serviceprincipalentitlements/{servicePrincipalId}",
    version: "7.1",
    area: "entitlements",
    scopes: SCOPES.entitlementsRead,
    handler: getServicePrincipalEntitlement,
  },
];
