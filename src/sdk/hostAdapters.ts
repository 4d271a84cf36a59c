/**
 * Turns what the Azure DevOps host gives an extension (its location service and the user's access
 * token) into the two things the gateway is built from: a host resolver and an auth provider.
 * In the CLI the same two come from the organization URL and a PAT instead.
 */
import type { ILocationService } from "azure-devops-extension-api/Common";

/** Resource area id -> root URL of the service hosting it, always ending in "/". */
export type HostResolver = (areaId: string) => Promise<string>;

/** Same shape as azure-devops-extension-api's IAuthorizationTokenProvider. */
export interface AuthProvider {
  getAuthorizationHeader(forceRefresh?: boolean): Promise<string>;
}

/**
 * Resolves each area once per page: the location service answers from the host's page data or one
 * `_apis/ResourceAreas/{id}` call, and every gateway request needs a root.
 */
export function hostResolverFromLocationService(
  locationService: Pick<ILocationService, "getResourceAreaLocation">,
): HostResolver {
  const cache = new Map<string, Promise<string>>();
  return (areaId: string) => {
    const key = areaId.toLowerCase();
    let root = cache.get(key);
    if (!root) {
      root = locationService.getResourceAreaLocation(areaId).then((url) => {
        if (typeof url !== "string" || url.length === 0) {
          throw new Error(`The Azure DevOps host did not return a location for resource area ${areaId}.`);
        }
        return url.endsWith("/") ? url : `${url}/`;
      });
      // A failed lookup is not cached, so a retry can succeed.
      root.catch(() => cache.delete(key));
      cache.set(key, root);
    }
    return root;
  };
}

/**
 * The extension's token acts as the signed-in user (an admin), never as the audited service user.
 * The SDK refreshes the token itself when asked again, so forceRefresh needs no special handling.
 */
export function authProviderFromAccessToken(getAccessToken: () => Promise<string>): AuthProvider {
  return {
    async getAuthorizationHeader(): Promise<string> {
      const token = await getAccessToken();
      if (!token) throw new Error("The Azure DevOps host returned an empty access token.");
      return `Bearer ${token}`;
    },
  };
}
