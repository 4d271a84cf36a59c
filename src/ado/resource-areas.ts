/**
 * Where each API family lives. Hosts are never hard-coded: Graph and Identities live on vssps, entitlements
 * on vsaex in the cloud, elsewhere on other hosts (or one host) for a server or an emulator, and the
 * organization says which through its resource areas (https://learn.microsoft.com/azure/devops/extend/develop/work-with-urls, https://learn.microsoft.com/rest/api/azure/devops/locations/resource-areas/list).
 *
 * In the CLI they are read from `GET {org}/_apis/ResourceAreas` (one request, cached); in the extension the
 * SDK's location service answers the same question, so the resolver is injected.
 */
import { LocationsRestClient } from "./rest/api-clients";
import { AdoError, isAdoError } from "./http/errors";
import type { Organization } from "./organization";
import { createRoutedClient } from "./rest/routed-clients";
import type { Transport } from "./http/transport";

/** Resource area ids (https://learn.microsoft.com/azure/devops/extend/develop/work-with-urls, https://learn.microsoft.com/rest/api/azure/devops/locations/resource-areas/list (https://github.com/microsoft/playwright (tests/playwright-test/assets/azure-reporter/azureAreas.js))). */
export const RESOURCE_AREAS = {
  core: "79134c72-4a58-4b42-976c-04e7115f32bf",
  git: "4e080c62-fa21-4fbc-8fef-2a10a2b38049",
  graph: "bb1e7ec9-e901-4b68-999a-de7012b920f8",
  ims: "8a3d49b8-91f0-46ef-b33d-dda338c25db3",
  memberEntitlementManagement: "68ddce18-2501-45f1-a17b-7931a9922690",
} as const;

const AREA_NAMES: Record<string, string> = {
  [RESOURCE_AREAS.core]: "core (projects)",
  [RESOURCE_AREAS.git]: "git",
  [RESOURCE_AREAS.graph]: "Graph",
  [RESOURCE_AREAS.ims]: "IMS (identities)",
  [RESOURCE_AREAS.memberEntitlementManagement]: "MemberEntitlementManagement (access levels)",
};

/** Resolves a resource area id to the base URL of its host for this organization (trailing slash). */
export type HostResolver = (areaId: string) => Promise<string>;

/** Areas that live on the organization's own URL when the list does not name them. */
const ON_ORGANIZATION_HOST = new Set<string>([RESOURCE_AREAS.core, RESOURCE_AREAS.git]);

export function withTrailingSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}

/** Reads the organization's resource areas once and answers from that list. */
export function resourceAreaHostResolver(org: Organization, transport: Transport, onProgress?: (message: string) => void): HostResolver {
  let areas: Promise<Map<string, string>> | undefined;
  const load = async (): Promise<Map<string, string>> => {
    onProgress?.(`Discovering the service hosts of ${org.name} (${org.url}_apis/ResourceAreas)`);
    const locations = createRoutedClient(LocationsRestClient, org.url, transport);
    let list: unknown;
    try {
      list = await locations.getResourceAreas();
    } catch (error) {
      if (isAdoError(error, "notFound")) {
        throw new AdoError(
          "notFound",
          `Organization "${org.name}" was not found at ${org.url} (its resource areas answered HTTP 404): check --org.`,
          {
            status: 404,
            url: error.url,
          },
        );
      }
      throw error;
    }
    const items = Array.isArray(list) ? list : (((list as { value?: unknown } | null)?.value as unknown[] | undefined) ?? []);
    const byId = new Map<string, string>();
    for (const item of items as { id?: string; locationUrl?: string }[]) {
      if (item && typeof item.id === "string" && typeof item.locationUrl === "string" && item.locationUrl !== "") {
        byId.set(item.id.toLowerCase(), withTrailingSlash(item.locationUrl));
      }
    }
    return byId;
  };

  return async (areaId: string) => {
    areas ??= load();
    let byId: Map<string, string>;
    try {
      byId = await areas;
    } catch (error) {
      areas = undefined; // a failed discovery is not cached: the next call may succeed
      throw error;
    }
    const id = areaId.toLowerCase();
    const url = byId.get(id);
    if (url) return url;
    if (ON_ORGANIZATION_HOST.has(id)) return org.url;
    throw new AdoError(
      "notFound",
      `${org.name} does not advertise the ${AREA_NAMES[id] ?? areaId} service in its resource areas (${org.url}_apis/ResourceAreas), so its host is unknown.`,
    );
  };
}

/** A resolver from a fixed map (tests, or a caller that already knows the hosts). */
export function fixedHostResolver(hosts: Record<string, string>): HostResolver {
  const byId = new Map(Object.entries(hosts).map(([id, url]) => [id.toLowerCase(), withTrailingSlash(url)]));
  return async (areaId: string) => {
    const url = byId.get(areaId.toLowerCase());
    if (!url) throw new AdoError("notFound", `No host is known for resource area ${areaId}.`);
    return url;
  };
}

/** Answers each area from the first successful lookup, so every run of one gateway asks only once. */
export function memoizedHostResolver(resolve: HostResolver): HostResolver {
  const known = new Map<string, Promise<string>>();
  return (areaId: string) => {
    const id = areaId.toLowerCase();
    let url = known.get(id);
    if (!url) {
      url = resolve(areaId);
      // A failed lookup is not kept: a later call may succeed.
      url.catch(() => known.delete(id));
      known.set(id, url);
    }
    return url;
  };
}
