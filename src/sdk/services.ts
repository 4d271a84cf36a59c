/**
 * Host services the hubs use, fetched through the SDK. The ids are written out because
 * `CommonServiceIds` is a const enum, which isolated (per-file) compilation cannot inline.
 */
import * as SDK from "azure-devops-extension-sdk";
import type { IExtensionDataService, IHostNavigationService, ILocationService } from "azure-devops-extension-api/Common";

export const SERVICE_IDS = {
  location: "ms.vss-features.location-service",
  extensionData: "ms.vss-features.extension-data-service",
  navigation: "ms.vss-features.host-navigation-service",
} as const;

export type GetService = <T>(serviceId: string) => Promise<T>;

export function getLocationService(getService: GetService = SDK.getService): Promise<ILocationService> {
  return getService<ILocationService>(SERVICE_IDS.location);
}

export function getExtensionDataService(getService: GetService = SDK.getService): Promise<IExtensionDataService> {
  return getService<IExtensionDataService>(SERVICE_IDS.extensionData);
}

export function getNavigationService(getService: GetService = SDK.getService): Promise<IHostNavigationService> {
  return getService<IHostNavigationService>(SERVICE_IDS.navigation);
}
