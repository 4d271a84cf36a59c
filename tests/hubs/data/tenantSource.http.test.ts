/**
 * The Setup tab's tenant source over real HTTP to the emulator (which sends X-VSS-ResourceTenant as Azure DevOps
 * does), and what it answers when a browser hides the header or refuses the request: "unreadable", never a guess.
 */
import * as path from "node:path";
import { AdoGateway, bearerAuth, fixedHostResolver, type FetchFunction } from "../../../src/ado";
import { loadSeed, startEmulator, type OrgSeed, type RunningEmulator } from "../../../emulator";
import { hostTokenFor } from "../../../dev/host/hostToken";
import { createGatewayTenantSource } from "../../../src/hubs/data/tenantSource";

let seed: OrgSeed;
let emulator: RunningEmulator;
let orgUrl: string;

beforeAll(async () => {
  seed = loadSeed(path.resolve(__dirname, "../../../emulator/seeds/demo.json"));
  emulator = await startEmulator({ seeds: [seed] });
  orgUrl = `${emulator.orgUrl(seed.organization.name)}/`;
});

afterAll(() => emulator.stop());

function tenantSource(fetch?: FetchFunction) {
  const gateway = new AdoGateway({
    org: { name: seed.organization.name, url: orgUrl },
    auth: bearerAuth(hostTokenFor(seed).token),
    hosts: fixedHostResolver({}),
    fetch,
    retry: { maxRetries: 0 },
  });
  return createGatewayTenantSource(gateway);
}

test("reads the organization's tenant from the service's header, once per page", async () => {
  const expected = (seed.organization.resourceTenantId || seed.organization.tenantId).toLowerCase();
  let calls = 0;
  const source = tenantSource((url, init) => {
    calls++;
    return fetch(url, init);
  });
  await expect(source.read()).resolves.toEqual({ state: "connected", tenantId: expected });
  await expect(source.read()).resolves.toEqual({ state: "connected", tenantId: expected });
  expect(calls).toBe(1);
});

test("a response whose header the browser hides is unreadable, not 'not connected'", async () => {
  // What a browser's fetch gives for a cross-origin response that does not list the header in Access-Control-Expose-Headers.
  const hidden: FetchFunction = async (url, init) => {
    const response = await fetch(url, init);
    const headers = new Headers(response.headers);
    headers.delete("X-VSS-ResourceTenant");
    return new Response(null, { status: response.status, headers });
  };
  const answer = await tenantSource(hidden).read();
  expect(answer).toEqual({ state: "unreadable", reason: expect.stringContaining("X-VSS-ResourceTenant") });
});

test("a request the browser refuses (CORS) is unreadable too", async () => {
  const refused: FetchFunction = async () => {
    throw new TypeError("Failed to fetch");
  };
  const answer = await tenantSource(refused).read();
  expect(answer.state).toBe("unreadable");
});
