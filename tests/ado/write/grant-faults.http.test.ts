/**
 * Applying a grant through a proxy that breaks the network, against the emulator over real HTTP: answers lost
 * after the service applied a write, a re-read that fails as well, a deny removed by someone else while the
 * writes run, and writes the service refuses, which name the permission they need.
 */
import { loadSeed, startEmulator, type RunningEmulator } from "../../../emulator";
import { AdoGateway, parseOrganization, patAuth } from "../../../src/ado";
import { planGrants, type GrantPlan } from "../../../src/core/grant/planner";
import { startFaultProxy, type FaultProxy } from "../../support/fault-proxy";
import { aceChanges } from "../../core/grant/support/inspect";
import { gatewayFor } from "../support/emulator";

const SVC = "svc-dbt@contoso.com";
const HR = "5d9e8f7a-1b2c-4d3e-8f4a-6b5c4d3e2f1a";
const ACE_WRITE = /\/_apis\/accesscontrolentries\//;
const ACL_READ = /\/_apis\/accesscontrollists\//;

let emulator: RunningEmulator;
let proxy: FaultProxy;

beforeEach(async () => {
  emulator = await startEmulator({ seeds: [loadSeed("emulator/seeds/demo.json")] });
  proxy = await startFaultProxy(emulator.baseUrl);
});

afterEach(async () => {
  await proxy.stop();
  await emulator.stop();
});

function gateway(pat = "demo-admin-pat"): AdoGateway {
  return new AdoGateway({
    org: parseOrganization(proxy.orgUrl("contoso")),
    auth: patAuth(pat),
    retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 },
  });
}

async function plan(): Promise<GrantPlan> {
  const snapshot = await gateway().readSnapshot({ identity: SVC });
  return planGrants(snapshot, { scope: "project", now: new Date("2026-11-20T00:00:00Z") });
}

function entry(namespaceId: string, token: string, descriptor: string) {
  const ace = emulator.state("contoso").acl(namespaceId, token)?.aces.get(descriptor.toLowerCase());
  return { allow: ace?.allow ?? 0, deny: ace?.deny ?? 0 };
}

describe("grant apply when the network breaks", () => {
  it("a write whose answer was lost is settled by the re-read as applied, never reported failed", async () => {
    const grantPlan = await plan();
    // Every ACE write reaches the service, which applies it; every answer is lost, retries included.
    proxy.rules = [{ method: "POST", path: ACE_WRITE, action: { kind: "dropResponse" } }];
    const outcome = await gateway().applyGrantPlan(grantPlan);

    expect(outcome.failed).toBeUndefined();
    expect(outcome.unknown).toBeUndefined();
    const aces = outcome.applied.filter((applied) => applied.change.kind === "ace");
    expect(aces).toHaveLength(4);
    expect(aces.every((applied) => applied.outcome === "written" && applied.settledByReRead === true)).toBe(true);
    expect(outcome.writes).toBe(grantPlan.changes.length);
    for (const change of aceChanges(grantPlan))
      expect(entry(change.namespaceId, change.token, change.descriptor).allow & change.allow).toBe(change.allow);
  });

  it("a membership whose answer was lost is settled by re-reading the identity's memberships", async () => {
    const grantPlan = await plan();
    proxy.rules = [{ method: "PUT", path: /\/_apis\/graph\/memberships\//i, action: { kind: "dropResponse" } }];
    const outcome = await gateway().applyGrantPlan(grantPlan);
    expect(outcome.failed).toBeUndefined();
    expect(outcome.applied.find((applied) => applied.change.kind === "membership")).toMatchObject({ outcome: "written", settledByReRead: true });
    expect(emulator.stats.byRoute["GET memberships"]).toBe(2);
  });

  it("when the re-read fails too, the lost writes are reported as unknown, not failed, and the rest as applied", async () => {
    const grantPlan = await plan();
    proxy.rules = [
      { method: "POST", path: ACE_WRITE, action: { kind: "dropResponse" } },
      { method: "GET", path: ACL_READ, when: () => proxy.writesForwarded() > 1, action: { kind: "respond", status: 500, body: { message: "down" } } },
    ];
    const outcome = await gateway().applyGrantPlan(grantPlan);

    expect(outcome.failed).toBeUndefined();
    expect(outcome.unknown?.map((lost) => lost.change)).toEqual(aceChanges(grantPlan));
    expect(outcome.unknown?.[0].message).toMatch(/broke before the answer arrived.*may have been applied/);
    expect(outcome.applied.map((applied) => applied.change.kind)).toEqual(["membership"]);
    expect(outcome.notAttempted).toEqual([]);
  });

  it("a deny the identity had, removed by someone else while the writes ran, is put back and reported", async () => {
    const grantPlan = await plan();
    const hr = aceChanges(grantPlan).find((change) => change.projectId === HR)!;
    // The identity is denied ForcePush (8) on HR's repositories: a bit the plan does not touch.
    emulator.state("contoso").writeAce(hr.namespaceId, hr.token, { descriptor: hr.descriptor, allow: 0, deny: 8 }, true);
    // While the writes run, another tool rewrites the identity's entry on that token without its deny.
    proxy.rules = [
      {
        method: "POST",
        path: ACE_WRITE,
        times: 1,
        action: {
          kind: "before",
          run: () => void emulator.state("contoso").writeAce(hr.namespaceId, hr.token, { descriptor: hr.descriptor, allow: 0, deny: 0 }, false),
        },
      },
    ];
    const outcome = await gateway().applyGrantPlan(grantPlan);

    expect(outcome.denyRestores).toEqual([{ change: hr, token: hr.token, descriptor: hr.descriptor, deny: 8, restored: true }]);
    expect(entry(hr.namespaceId, hr.token, hr.descriptor).deny).toBe(8);
  });

  it("a failing read before the writes writes nothing and says so", async () => {
    const grantPlan = await plan();
    proxy.rules = [{ method: "GET", path: ACL_READ, action: { kind: "respond", status: 500, body: { message: "down" } } }];
    const outcome = await gateway().applyGrantPlan(grantPlan);
    expect(outcome.applied).toEqual([]);
    expect(outcome.failed).toMatchObject({ change: grantPlan.changes[0], kind: "server" });
    expect(outcome.failed!.message).toMatch(/^Nothing was written: reading the current entries failed\. .*HTTP 500/);
    expect(outcome.notAttempted).toEqual(grantPlan.changes.slice(1));
    expect(proxy.writesForwarded()).toBe(0);
  });

  it("reads before writing in one request per namespace and one for the memberships, and re-reads once per namespace written", async () => {
    const grantPlan = await plan();
    emulator.resetStats();
    const outcome = await gateway().applyGrantPlan(grantPlan);
    expect(outcome.writes).toBe(5);
    // The demo plan writes in one namespace (Git Repositories): one read before, one after.
    expect(emulator.stats.byRoute["GET accesscontrollists"]).toBe(2);
    expect(emulator.stats.byRoute["GET memberships"]).toBe(1);
    expect(emulator.stats.byRoute["HEAD memberships"] ?? 0).toBe(0);
  });
});

describe("a write the service refuses names the permission it needs", () => {
  it("a Readers membership: Manage group membership on the group", async () => {
    const grantPlan = await plan();
    const outcome = await gateway("demo-svc-pat").applyGrantPlan(grantPlan);
    expect(outcome.failed).toMatchObject({ kind: "forbidden" });
    expect(outcome.failed!.message).toMatch(
      /^Azure DevOps refused adding the identity to \[HR\]\\Readers \(HTTP 403\): .*needs "Manage group membership"/,
    );
  });

  it("an ACE: the namespace's write permission on the token", async () => {
    const grantPlan = await plan();
    const aceOnly = { ...grantPlan, changes: aceChanges(grantPlan) };
    const outcome = await gateway("demo-svc-pat").applyGrantPlan(aceOnly);
    expect(outcome.failed).toMatchObject({ kind: "forbidden" });
    expect(outcome.failed!.message).toMatch(/needs "Manage permissions" \(Git Repositories bit 8192\) on repoV2\//);
  });
});

describe("grant apply concurrency", () => {
  it("writes at most four at a time and waits out Retry-After for all of them", async () => {
    const grantPlan = await plan();
    emulator.configure({ throttle: { every: 4, retryAfterSeconds: 1 } });
    const { gateway: gw, waits, peakFetches } = gatewayFor(emulator, { retry: { maxRetries: 5, baseDelayMs: 5, maxDelayMs: 2000 } });
    const outcome = await gw.applyGrantPlan(grantPlan);
    emulator.configure({ throttle: undefined });
    expect(outcome.failed).toBeUndefined();
    expect(outcome.writes).toBe(grantPlan.changes.length);
    expect(gw.stats().throttled).toBeGreaterThan(0);
    // The pause Retry-After sets holds every request, not only the throttled one.
    expect(waits.some((ms) => ms > 900 && ms <= 1000)).toBe(true);
    expect(peakFetches()).toBeLessThanOrEqual(4);
  });

  it("keeps four writes in flight by default, and honours a lower write concurrency", async () => {
    emulator.configure({ latencyMs: 20 });
    const grantPlan = await plan();
    await gateway().applyGrantPlan(grantPlan);
    expect(proxy.peakWritesInFlight()).toBe(4);

    await emulator.stop();
    await proxy.stop();
    emulator = await startEmulator({ seeds: [loadSeed("emulator/seeds/demo.json")], latencyMs: 20 });
    proxy = await startFaultProxy(emulator.baseUrl);
    const outcome = await gateway().applyGrantPlan(await plan(), { concurrency: 1 });
    expect(outcome.writes).toBe(grantPlan.changes.length);
    expect(proxy.peakWritesInFlight()).toBe(1);
  });
});
