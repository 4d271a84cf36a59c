/**
 * @jest-environment jsdom
 *
 * The real azure-devops-extension-sdk talking to a fake host: the handshake, then the location service,
 * the access token and extension data, all through the SDK's own message serialization.
 */
import * as SDK from "azure-devops-extension-sdk";
import { createSettingsStore } from "../../src/sdk/extensionData";
import { authProviderFromAccessToken, hostResolverFromLocationService } from "../../src/sdk/hostAdapters";
import { initSdk } from "../../src/sdk/init";
import { getExtensionDataService, getLocationService } from "../../src/sdk/services";
import { handshakeResult, installFakeHost } from "../hubs/support/fakeHost";

const CORE = "79134c72-4a58-4b42-976c-04e7115f32bf";
const GRAPH = "bb1e7ec9-e901-4b68-999a-de7012b920f8";

test("a hub connects, resolves hosts, gets a token and keeps settings through the host", async () => {
  const stored = new Map<string, unknown>();
  const tokens: string[] = [];
  const host = installFakeHost({
    "DevOps.HostControl": {
      initialHandshake: () => handshakeResult({ project: { id: "p-1", name: "Analytics" } }),
      getAccessToken: () => ({ token: `token-${tokens.push("t")}` }),
    },
    "DevOps.ServiceManager": {
      getService: (id) => {
        if (id === "ms.vss-features.location-service") {
          return {
            // No trailing slash on purpose: the resolver must add it (rootPath needs it).
            getResourceAreaLocation: (areaId: unknown) =>
              ({ [CORE]: "http://emulator.test/contoso", [GRAPH]: "http://emulator.test/vssps/contoso/" })[String(areaId)] ?? "",
          };
        }
        if (id === "ms.vss-features.extension-data-service") {
          return {
            getExtensionDataManager: (extensionId: unknown, token: unknown) => ({
              getValue: (key: unknown, options: { scopeType?: string }) => stored.get(`${extensionId}|${options.scopeType}|${key}|${token}`) ?? null,
              setValue: (key: unknown, value: unknown, options: { scopeType?: string }) => {
                stored.set(`${extensionId}|${options.scopeType}|${key}|${token}`, value);
                return value;
              },
            }),
          };
        }
        throw new Error(`unknown service ${String(id)}`);
      },
    },
  });
  try {
    const context = await initSdk({ timeoutMs: 2000 });
    expect(context).toEqual({
      contributionId: "dbt-ado-doctor.dbt-ado-doctor.org-settings-hub",
      user: { id: "u-1", name: "admin@contoso.com", displayName: "Contoso Admin", descriptor: "aad.YWRtaW4" },
      organization: { id: "org-1", name: "contoso" },
      extension: { id: "dbt-ado-doctor.dbt-ado-doctor", publisherId: "dbt-ado-doctor", extensionId: "dbt-ado-doctor", version: "0.1.0" },
      project: { id: "p-1", name: "Analytics" },
    });
    // The hub reports readiness itself (init is called with loaded: false).
    expect(host.calls[0].params).toEqual([{ loaded: false, applyTheme: true, sdkVersion: 5 }]);

    const resolve = hostResolverFromLocationService(await getLocationService());
    expect(await resolve(CORE)).toBe("http://emulator.test/contoso/");
    expect(await resolve(GRAPH)).toBe("http://emulator.test/vssps/contoso/");
    await expect(resolve("00000000-0000-0000-0000-000000000000")).rejects.toThrow(/did not return a location/);
    const lookups = host.calls.filter((c) => c.instanceId === "__proxyFunctions").length;
    // Answered from the cache, whatever the case of the id.
    expect(await resolve(CORE.toUpperCase())).toBe("http://emulator.test/contoso/");
    expect(host.calls.filter((c) => c.instanceId === "__proxyFunctions").length).toBe(lookups);

    const auth = authProviderFromAccessToken(() => SDK.getAccessToken());
    expect(await auth.getAuthorizationHeader()).toBe("Bearer token-1");

    const settings = createSettingsStore(await getExtensionDataService(), context.extension.id, () => SDK.getAccessToken());
    expect(await settings.get("permissions.lastIdentity")).toBeUndefined();
    await settings.set("permissions.lastIdentity", "svc-dbt@contoso.com");
    expect(await settings.get("permissions.lastIdentity")).toBe("svc-dbt@contoso.com");
    expect(await settings.get("permissions.lastIdentity", "user")).toBeUndefined();
    expect([...stored.keys()]).toEqual(["dbt-ado-doctor.dbt-ado-doctor|Default|permissions.lastIdentity|token-2"]);
  } finally {
    host.uninstall();
  }
});
