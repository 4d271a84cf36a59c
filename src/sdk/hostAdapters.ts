/**
 * Turns what the Azure DevOps host gives an extension (its location service and the user's access
 * token) into the two things the gateway is built from: a host resolver and an auth provider.
 * In the CLI the same two come from the organization URL and a PAT instead.
 */
import type { ILocationService } from "azure-devops-extension-api/Common";
import { bearerAuth, type AuthProvider, type HostResolver } from "../ado";

export type { AuthProvider, HostResolver };

/**
 * Resolves each area once per page: the location service answers from the host's page data or one
 * `_apis/ResourceAreas/{id}` call, and every gateway request needs a root.
 */
export function hostResolverFromLocationService(locationService: Pick<ILocationService, "getResourceAreaLocation">): HostResolver {
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
 * Asked again after a 401, the SDK returns a fresh token, so forceRefresh needs nothing more.
 */
export function authProviderFromAccessToken(getAccessToken: () => Promise<string>): AuthProvider {
  return bearerAuth(async () => {
    const token = await getAccessToken();
    if (!token) throw new Error("The Azure DevOps host returned an empty access token.");
    return token;
  }, "Reload the page to get a fresh Azure DevOps token; if it keeps failing, ask an administrator to re-authorize the extension.");
}
