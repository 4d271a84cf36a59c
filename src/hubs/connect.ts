/**
 * Everything a hub does before its first view: the host handshake, then the gateway wired to the host's
 * location service and the user's token, and the settings store.
 */
import * as SDK from "azure-devops-extension-sdk";
import { RESOURCE_AREAS } from "../ado";
import { createSettingsStore } from "../sdk/extensionData";
import { authProviderFromAccessToken, hostResolverFromLocationService } from "../sdk/hostAdapters";
import { initSdk, type HubContext } from "../sdk/init";
import { getExtensionDataService, getLocationService } from "../sdk/services";
import type { QueryMemory } from "./components/PermissionsView";
import { createGatewayAuditSource } from "./data/gatewayAuditSource";
import { createGatewayGrantSource } from "./data/gatewayGrantSource";
import { createGatewayHooksSource } from "./data/gatewayHooksSource";
import { withLastReport } from "./data/hooksSource";
import { createGatewayMigrationSource } from "./data/migrationSource";
import { createGatewayTenantSource } from "./data/tenantSource";
import type { HubServices } from "./data/hubServices";
import { connectSetup } from "./setup/connectSetup";
import { recordAuditFacts } from "./setup/recordAuditFacts";

export type HubLevel = "organization" | "project";

const LAST_IDENTITY_KEY = "permissions.lastIdentity";

export async function connectHub(level: HubLevel): Promise<{ context: HubContext; services: HubServices }> {
  const context = await initSdk();
  if (level === "project" && !context.project) {
    throw new Error("This page belongs to Project settings, but Azure DevOps did not say which project it is showing.");
  }
  const hosts = hostResolverFromLocationService(await getLocationService());
  const auth = authProviderFromAccessToken(() => SDK.getAccessToken());
  const orgUrl = await hosts(RESOURCE_AREAS.core);
  const projects = level === "project" && context.project ? [context.project.id] : undefined;
  const auditSource = createGatewayAuditSource({
    org: { name: context.organization.name, url: orgUrl },
    auth,
    hosts,
    projects,
  });
  // Grants go through the audit source's gateway: one token, one set of hosts, one transport per hub.
  const grantSource = createGatewayGrantSource({ gateway: auditSource.gateway, projects });
  // Service hooks too; the last report read stays available to the Setup tab.
  const hooks = withLastReport(createGatewayHooksSource({ gateway: auditSource.gateway, projects }));
  // The Setup tab shows what the Permissions tab finds out: its audit source records into the page's facts.
  const setup = await connectSetup(context, orgUrl);
  return {
    context,
    services: {
      auditSource: recordAuditFacts(auditSource, setup.facts),
      grantSource,
      hooks,
      tenant: createGatewayTenantSource(auditSource.gateway),
      migration: createGatewayMigrationSource({ gateway: auditSource.gateway, projects }),
      memory: await rememberedIdentity(context),
      ...setup,
    },
  };
}

/** The last identity checked in this organization, shared by its administrators. Best effort. */
async function rememberedIdentity(context: HubContext): Promise<QueryMemory | undefined> {
  try {
    const settings = createSettingsStore(await getExtensionDataService(), context.extension.id, () => SDK.getAccessToken());
    return {
      load: () => settings.get<string>(LAST_IDENTITY_KEY),
      save: (query: string) => settings.set(LAST_IDENTITY_KEY, query),
    };
  } catch {
    return undefined;
  }
}

export function notifyHost(error?: Error): void {
  // The host may be gone (handshake timeout); these promises would then never settle, which is harmless.
  const sent = error ? SDK.notifyLoadFailed(error) : SDK.notifyLoadSucceeded();
  sent.catch(() => undefined);
}
