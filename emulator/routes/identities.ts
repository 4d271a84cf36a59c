/**
 * Identities (IMS) on the vssps host (https://learn.microsoft.com/rest/api/azure/devops/ims/identities/read-identities, https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/ims/7.1): exactly one selector
 * (`descriptors`, `subjectDescriptors`, `identityIds`, or `searchFilter` + `filterValue`) plus
 * `queryMembership`. Searches return every match so callers can detect ambiguity.
 */
import type { IdentityRecord } from "../model/records";
import { sendJson, sendList, type RequestContext, type RouteSpec } from "../http/context";
import { errors } from "../http/errors";
import { providerDisplayName, renderIdentity, type QueryMembership } from "../render/identity";
import { SCOPES } from "../http/scopes";

const MEMBERSHIPS: QueryMembership[] = ["None", "Direct", "Expanded", "ExpandedUp", "ExpandedDown"];

function queryMembership(ctx: RequestContext): QueryMembership {
  const raw = ctx.query.get("queryMembership");
  if (!raw) return "None";
  const found = MEMBERSHIPS.find((m) => m.toLowerCase() === raw.toLowerCase());
  if (!found) throw errors.badRequest(`The value '${raw}' is not valid for queryMembership.`);
  return found;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Which identity fields each search filter compares (exact, case-insensitive) (enum https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/ims/7.1, https://github.com/Azure/azure-devops-cli-extension DirectoryAlias). */
const startsWith = (a: string, b: string) => a.toLowerCase().startsWith(b.toLowerCase());

/**
 * General searches "display name, account name, or unique name" (the Read Identities reference). Display names
 * are also matched by prefix, as people pickers do (inferred, not documented): so a client cannot assume that a
 * single result is the identity it asked for, which is why the gateway only auto-picks exact matches.
 */
const SEARCH: Record<string, (i: IdentityRecord, v: string) => boolean> = {
  general: (i, v) =>
    startsWith(i.displayName, v) || same(i.principalName, v) || (i.mailAddress !== "" && same(i.mailAddress, v)) || same(providerDisplayName(i), v),
  accountname: (i, v) => same(i.principalName, v) || (i.group !== undefined && same(i.group.accountName, v)),
  displayname: (i, v) => same(i.displayName, v) || same(providerDisplayName(i), v),
  mailaddress: (i, v) => i.mailAddress !== "" && same(i.mailAddress, v),
  directoryalias: (i, v) => i.directoryAlias !== "" && same(i.directoryAlias, v),
  localgroupname: (i, v) => i.group !== undefined && (same(i.group.accountName, v) || same(i.principalName, v)),
};

function readIdentities(ctx: RequestContext): void {
  const membership = queryMembership(ctx);
  const selectors = ["descriptors", "subjectDescriptors", "identityIds", "searchFilter"].filter((s) => ctx.query.get(s));
  if (selectors.length !== 1) {
    throw errors.badRequest("Exactly one of descriptors, subjectDescriptors, identityIds or searchFilter with filterValue must be specified.");
  }
  const org = ctx.org;
  const render = (i: IdentityRecord | undefined) => (i ? renderIdentity(org, i, membership) : null);
  switch (selectors[0]) {
    // Unresolvable inputs yield null items, in request order (inferred: https://learn.microsoft.com/rest/api/azure/devops/ims/identities/read-identities).
    case "descriptors":
      return sendList(
        ctx,
        ctx.query.list("descriptors").map((d) => render(org.byIdentityDescriptor(d))),
      );
    case "subjectDescriptors":
      return sendList(
        ctx,
        ctx.query.list("subjectDescriptors").map((d) => render(org.bySubjectDescriptor(d))),
      );
    case "identityIds":
      return sendList(
        ctx,
        ctx.query.list("identityIds").map((d) => render(org.byStorageKey(d))),
      );
    default: {
      const filter = SEARCH[(ctx.query.get("searchFilter") as string).toLowerCase()];
      if (!filter) throw errors.badRequest(`The value '${ctx.query.get("searchFilter")}' is not valid for searchFilter.`);
      const value = ctx.query.get("filterValue");
      if (!value) throw errors.badRequest("Value cannot be null.\r\nParameter name: filterValue", "ArgumentNullException");
      return sendList(
        ctx,
        org.identities.filter((i) => filter(i, value)).map((i) => render(i)),
      );
    }
  }
}

/**
 * Identities - Read Identity Batch: `POST _apis/identitybatch` with an IdentityBatchInfo body; the same answer as
 * the GET with `descriptors=`, for lists too long for a URL. Descriptors are objects
 * `{ identityType, identifier }` (https://learn.microsoft.com/javascript/api/azure-devops-extension-api/identitybatchinfo;
 * the route and its preview version: `read_identity_batch` in
 * https://github.com/microsoft/azure-devops-python-api/blob/dev/azure-devops/azure/devops/v7_1/identity/identity_client.py).
 */
function readIdentityBatch(ctx: RequestContext): void {
  const body = (ctx.body ?? {}) as { descriptors?: unknown; subjectDescriptors?: unknown; identityIds?: unknown; queryMembership?: unknown };
  const membershipName = typeof body.queryMembership === "string" ? body.queryMembership : "None";
  const membership = MEMBERSHIPS.find((m) => m.toLowerCase() === membershipName.toLowerCase());
  if (!membership) throw errors.badRequest(`The value '${membershipName}' is not valid for queryMembership.`);
  const org = ctx.org;
  const render = (i: IdentityRecord | undefined) => (i ? renderIdentity(org, i, membership) : null);
  if (Array.isArray(body.descriptors)) {
    return sendList(
      ctx,
      body.descriptors.map((d) => {
        const type = typeof d === "object" && d !== null ? (d as { identityType?: unknown }).identityType : undefined;
        const identifier = typeof d === "object" && d !== null ? (d as { identifier?: unknown }).identifier : undefined;
        return typeof type === "string" && typeof identifier === "string" ? render(org.byIdentityDescriptor(`${type};${identifier}`)) : null;
      }),
    );
  }
  if (Array.isArray(body.subjectDescriptors))
    return sendList(
      ctx,
      body.subjectDescriptors.map((d) => render(org.bySubjectDescriptor(String(d)))),
    );
  if (Array.isArray(body.identityIds))
    return sendList(
      ctx,
      body.identityIds.map((d) => render(org.byStorageKey(String(d)))),
    );
  throw errors.badRequest("Value cannot be null.\r\nParameter name: batchInfo", "ArgumentNullException");
}

function readIdentity(ctx: RequestContext): void {
  const identity = ctx.org.byStorageKey(ctx.params.identityId);
  if (!identity) throw errors.notFound(`The identity ${ctx.params.identityId} does not exist.`, "IdentityNotFoundException");
  sendJson(ctx, 200, renderIdentity(ctx.org, identity, queryMembership(ctx)));
}

/** Identities - Read Identities: vso.identity (https://learn.microsoft.com/rest/api/azure/devops/ims/identities/read-identities). */
export const identityRoutes: RouteSpec[] = [
  {
    method: "GET",
    host: "vssps",
    path: "_apis/identities",
    version: "7.1",
    area: "identities",
    scopes: SCOPES.identityRead,
    handler: readIdentities,
  },
  {
    method: "POST",
    host: "vssps",
    path: "_apis/identitybatch",
    version: "7.1-preview.1",
    previewOnly: true,
    area: "identities",
    scopes: SCOPES.identityRead,
    handler: readIdentityBatch,
  },
  {
    method: "GET",
    host: "vssps",
    path: "_apis/identities/{identityId}",
    version: "7.1",
    area: "identities",
    scopes: SCOPES.identityRead,
    handler: readIdentity,
  },
];
