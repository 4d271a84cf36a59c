/**
 * Small settings store over the host's extension data service (values stored per organization by
 * Azure DevOps for this extension), e.g. the last audited service user.
 */
import type { IDocumentOptions, IExtensionDataService } from "azure-devops-extension-api/Common";

/** "organization": shared by every admin of the organization; "user": only the signed-in user. */
export type SettingsScope = "organization" | "user";

export interface SettingsStore {
  get<T>(key: string, scope?: SettingsScope): Promise<T | undefined>;
  set<T>(key: string, value: T, scope?: SettingsScope): Promise<T>;
}

export function createSettingsStore(
  dataService: Pick<IExtensionDataService, "getExtensionDataManager">,
  extensionId: string,
  getAccessToken: () => Promise<string>,
): SettingsStore {
  // The manager is bound to a token; one per page load is what the SDK samples do.
  let manager: ReturnType<IExtensionDataService["getExtensionDataManager"]> | undefined;
  const getManager = () => {
    if (!manager) {
      manager = getAccessToken().then((token) => dataService.getExtensionDataManager(extensionId, token));
      manager.catch(() => (manager = undefined));
    }
    return manager;
  };
  return {
    async get<T>(key: string, scope: SettingsScope = "organization"): Promise<T | undefined> {
      const value = await (await getManager()).getValue<T>(key, documentOptions(scope));
      return value === null ? undefined : value;
    },
    async set<T>(key: string, value: T, scope: SettingsScope = "organization"): Promise<T> {
      return (await getManager()).setValue<T>(key, value, documentOptions(scope));
    },
  };
}

function documentOptions(scope: SettingsScope): IDocumentOptions {
  // IDocumentOptions: scopeType "User" keeps the value per user, "Default" is organization-wide.
  return { scopeType: scope === "user" ? "User" : "Default" };
}
