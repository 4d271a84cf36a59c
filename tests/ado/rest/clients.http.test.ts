/** The package's other clients, and our writes, also go through the gateway's transport. */
import type { RunningEmulator } from "../../../emulator";
import { NAMESPACE_IDS } from "../../../src/core/permissions/catalogue";
import { gitToken } from "../../../src/core/permissions/tokens";
import { clientsOf, gatewayFor, SERVICE_USER, withEmulator } from "../support/emulator";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await withEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.resetStats());

const ANALYTICS = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c";
const DBT_MODELS = "278d5cd2-584d-4b63-824a-2ba458937249";

it("ServiceHooksRestClient lists subscriptions on the organization host", async () => {
  const { gateway, urls } = gatewayFor(emulator);
  const hooks = await clientsOf(gateway).serviceHooks();
  const subscriptions = await hooks.listSubscriptions();
  expect(subscriptions.length).toBeGreaterThan(0);
  expect(subscriptions.every((subscription) => typeof subscription.id === "string")).toBe(true);
  expect(urls.map((url) => url.toLowerCase())).toEqual([`${emulator.baseUrl}/contoso/_apis/hooks/subscriptions`]);
  expect(gateway.requestCount()).toBe(1);
});

it("GraphRestClient reaches the Graph host found through the resource areas", async () => {
  const { gateway, urls } = gatewayFor(emulator);
  const graph = await clientsOf(gateway).graph();
  const scope = await graph.getDescriptor(ANALYTICS);
  expect(scope.value).toMatch(/^scp\./);
  expect(urls[1]).toMatch(new RegExp(`^${emulator.baseUrl}/vssps/contoso/_apis/Graph/Descriptors/${ANALYTICS}`, "i"));
});

it("SecurityRestClient writes an ACE with merge and the next read shows it", async () => {
  const { gateway } = gatewayFor(emulator);
  const identity = await gateway.resolveIdentity(SERVICE_USER);
  const security = await clientsOf(gateway).security();
  const token = gitToken(ANALYTICS, DBT_MODELS);
  const before = await security.queryAccessControlLists(NAMESPACE_IDS.gitRepositories, { token, descriptors: [identity.descriptor] });
  const previous = Object.values(before[0]?.acesDictionary ?? {})[0]?.allow ?? 0;

  const written = await security.setAccessControlEntries(
    NAMESPACE_IDS.gitRepositories,
    token,
    [{ descriptor: identity.descriptor, allow: 8, deny: 0 }],
    true,
  );
  expect(written[0].allow).toBe(previous | 8);

  const after = await security.queryAccessControlLists(NAMESPACE_IDS.gitRepositories, { token, descriptors: [identity.descriptor] });
  expect(Object.values(after[0].acesDictionary ?? {})[0].allow).toBe(previous | 8);
  expect(emulator.stats.byRoute["POST accesscontrolentries"]).toBe(1);
});
