/**
 * What the Setup tab needs from the host, built once per page by connect.ts: the page's in-memory facts
 * (which the Permissions tab's audit source records into) and the settings store over the host's extension
 * data service.
 */
import * as SDK from "azure-devops-extension-sdk";
import { createSettingsStore } from "../../sdk/extensionData";
import type { HubContext } from "../../sdk/init";
import { getExtensionDataService } from "../../sdk/services";
import { createHubFacts, type HubFacts } from "./hubFacts";
import { createSetupSettingsStore, type SetupSettingsStore } from "./setupRecord";

export interface SetupServices {
  facts: HubFacts;
  /** Undefined when the host has no extension data service: the tab then works without saving. */
  setupSettings?: SetupSettingsStore;
  /** The organization's base URL (the core host), which the Azure DevOps deep links are built on. */
  organizationUrl: string;
}

export async function connectSetup(context: HubContext, organizationUrl: string): Promise<SetupServices> {
  let setupSettings: SetupSettingsStore | undefined;
  try {
    const settings = createSettingsStore(await getExtensionDataService(), context.extension.id, () => SDK.getAccessToken());
    setupSettings = createSetupSettingsStore(settings);
  } catch {
    setupSettings = undefined;
  }
  return { facts: createHubFacts(), setupSettings, organizationUrl };
}
