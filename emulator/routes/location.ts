/**
 * Discovery: resource areas (which host serves which API) and connectionData (who am I)
 * (https://learn.microsoft.com/rest/api/azure/devops/locations/resource-areas/list). Clients must find the Graph, Identities and entitlement hosts here rather than
 * hard-code them; the emulator places them under `/vssps/{org}` and `/vsaex/{org}`.
 */
import { stableGuid } from "../model/ids";
import type { OrgState } from "../model/state";
import { hostUrl, sendJson, sendList, type HostKind, type RequestContext, type RouteSpec } from "../http/context";
import { errors } from "../http/errors";
import { renderConnectionUser } from "../render/identity";

interface Area {
  id: string;
  name: string;
  host: HostKind;
}

/** Area ids and names from the live list (https://learn.microsoft.com/azure/devops/extend/develop/work-with-urls, https://learn.microsoft.com/rest/api/azure/devops/locations/resource-areas/list, https://github.com/microsoft/playwright (tests/playwright-test/assets/azure-reporter/azureAreas.js)). */
export const RESOURCE_AREAS: readonly Area[] = [
  { id: "79134c72-4a58-4b42-976c-04e7115f32bf", name: "core", host: "core" },
  { id: "4e080c62-fa21-4fbc-8fef-2a10a2b38049", name: "git", host: "core" },
  { id: "6f0d0cb2-7079-41fa-aeef-4772f7a835f7", name: "hookssvc", host: "core" },
  { id: "4e40f190-2e3f-4d9f-8331-c7788e833080", name: "GraphProfile", host: "core" },
  { id: "bb1e7ec9-e901-4b68-999a-de7012b920f8", name: "Graph", host: "vssps" },
  { id: "8a3d49b8-91f0-46ef-b33d-dda338c25db3", name: "IMS", host: "vssps" },
  { id: "68ddce18-2501-45f1-a17b-7931a9922690", name: "MemberEntitlementManagement", host: "vsaex" },
];

/** `locationUrl` carries a trailing slash (inferred: https://learn.microsoft.com/rest/api/azure/devops/locations/resource-areas/list). */
export function renderArea(ctx: Pick<RequestContext, "baseUrl" | "org">, area: Area): Record<string, string> {
  return { id: area.id, name: area.name, locationUrl: `${hostUrl(ctx, area.host)}/` };
}

export function findArea(areaId: string): Area | undefined {
  return RESOURCE_AREAS.find((a) => a.id === areaId.toLowerCase());
}

function listAreas(ctx: RequestContext): void {
  sendList(
    ctx,
    RESOURCE_AREAS.map((a) => renderArea(ctx, a)),
  );
}

function getArea(ctx: RequestContext): void {
  const area = findArea(ctx.params.areaId);
  if (!area) throw errors.notFound(`The resource area ${ctx.params.areaId} does not exist.`, "ResourceAreaNotFoundException");
  sendJson(ctx, 200, renderArea(ctx, area));
}

function connectionData(ctx: RequestContext): void {
  const org: OrgState = ctx.org;
  const user = renderConnectionUser(ctx.caller);
  sendJson(ctx, 200, {
    authenticatedUser: user,
    authorizedUser: user,
    instanceId: org.id,
    deploymentId: stableGuid("deployment", org.id),
    deploymentType: "hosted",
    locationServiceData: {
      serviceOwner: "00025394-6065-48ca-87d9-7f5672854ef7",
      defaultAccessMappingMoniker: "PublicAccessMapping",
      lastChangeId: org.changeId,
      lastChangeId64: org.changeId,
    },
  });
}

const HOSTS: HostKind[] = ["core", "vssps", "vsaex"];

/** Both resources exist on every host; both are preview-only (releasedVersion "0.0") (https://learn.microsoft.com/azure/devops/integrate/concepts/rest-api-versioning). */
export const locationRoutes: RouteSpec[] = HOSTS.flatMap((host): RouteSpec[] => [
  { method: "GET", host, path: "_apis/resourceAreas", version: "7.1-preview.1", previewOnly: true, anonymous: true, handler: listAreas },
  { method: "GET", host, path: "_apis/resourceAreas/{areaId}", version: "7.1-preview.1", previewOnly: true, anonymous: true, handler: getArea },
  { method: "GET", host, path: "_apis/connectionData", version: "7.1-preview.1", previewOnly: true, handler: connectionData },
]);
