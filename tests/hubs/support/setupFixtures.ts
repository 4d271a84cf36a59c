/**
 * Fixtures for the Setup tab's tests: an in-memory extension data service that stores JSON copies (as the
 * real service does, over HTTP), wrapped in the product's own settings store.
 */
import type { IExtensionDataManager, IExtensionDataService } from "azure-devops-extension-api/Common";
import { createSettingsStore } from "../../../src/sdk/extensionData";
import { createSetupSettingsStore, type SetupSettingsStore } from "../../../src/hubs/setup/setupRecord";

export const EXTENSION_ID = "dbt-ado-doctor.dbt-ado-doctor";
export const ORG = { name: "contoso", url: "https://dev.azure.com/contoso/" };
export const APP = "3f2b8c1e-4d5a-4e6f-9a8b-7c6d5e4f3a2b";
export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const USER_OBJECT_ID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";

export interface FakeExtensionData {
  service: Pick<IExtensionDataService, "getExtensionDataManager">;
  /** `{extensionId}|{scopeType}|{key}` -> the stored JSON text. */
  documents: Map<string, string>;
  writes: number;
}

export function fakeExtensionData(): FakeExtensionData {
  const documents = new Map<string, string>();
  const fake: FakeExtensionData = {
    documents,
    writes: 0,
    service: {
      async getExtensionDataManager(extensionId: string) {
        const manager: Pick<IExtensionDataManager, "getValue" | "setValue"> = {
          async getValue<T>(key: string, options?: { scopeType?: string }): Promise<T> {
            const text = documents.get(`${extensionId}|${options?.scopeType}|${key}`);
            // The real service answers null for a key never set.
            return (text === undefined ? null : JSON.parse(text)) as T;
          },
          async setValue<T>(key: string, value: T, options?: { scopeType?: string }): Promise<T> {
            fake.writes++;
            documents.set(`${extensionId}|${options?.scopeType}|${key}`, JSON.stringify(value));
            return value;
          },
        };
        return manager as IExtensionDataManager;
      },
    },
  };
  return fake;
}

export function setupStoreOver(data: FakeExtensionData): SetupSettingsStore {
  return createSetupSettingsStore(createSettingsStore(data.service, EXTENSION_ID, async () => "host-token"));
}

/** The saved setup document, parsed. */
export function storedSetup(data: FakeExtensionData): unknown {
  const text = data.documents.get(`${EXTENSION_ID}|Default|setup.settings`);
  return text === undefined ? undefined : JSON.parse(text);
}
