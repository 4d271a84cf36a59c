/**
 * The hubs' production AuditSource over real HTTP: the gateway reads the emulator's demo organization,
 * the core audits it. Checks the project hub's scoping, progress, and that cancelling stops the read.
 */
import * as path from "node:path";
import { bearerAuth } from "../../../src/ado/http/auth";
import { fixedHostResolver } from "../../../src/ado/resource-areas";
import { loadSeed, startEmulator, type OrgSeed, type RunningEmulator } from "../../../emulator";
import { hostTokenFor } from "../../../dev/host/hostToken";
import { AuditCancelledError, type ReadProgress } from "../../../src/hubs/data/auditSource";
import { createGatewayAuditSource } from "../../../src/hubs/data/gatewayAuditSource";

let seed: OrgSeed;
let emulator: RunningEmulator;
let orgUrl: string;
let hosts: ReturnType<typeof fixedHostResolver>;

beforeAll(async () => {
  seed = loadSeed(path.resolve(__dirname, "../../../emulator/seeds/demo.json"));
  emulator = await startEmulator({ seeds: [seed] });
  orgUrl = `${emulator.orgUrl(seed.organization.name)}/`;
  // What the host's location service answers: the organization's advertised resource areas.
  const response = await fetch(`${orgUrl}_apis/ResourceAreas?api-version=7.1-preview.1`, {
    headers: { Authorization: `Bearer ${hostTokenFor(seed).token}` },
  });
  const areas = (await response.json()) as { value: { id: string; locationUrl: string }[] };
  hosts = fixedHostResolver(Object.fromEntries(areas.value.map((a) => [a.id, a.locationUrl])));
});

afterAll(() => emulator.stop());

let fetches = 0;
const countingFetch = (url: string, init: RequestInit) => {
  fetches++;
  return fetch(url, init);
};

function source(projects?: string[]) {
  return createGatewayAuditSource({
    fetch: countingFetch,
    // Short backoff, so a retry after the cancel would happen inside the test's observation window.
    retry: { baseDelayMs: 50, maxDelayMs: 100 },
    org: { name: seed.organization.name, url: orgUrl },
    auth: bearerAuth(hostTokenFor(seed).token),
    hosts,
    projects,
    now: () => new Date("2026-11-20T12:00:00Z"),
  });
}

test("the project hub's source reads and audits only its project", async () => {
  const analytics = seed.projects.find((p) => p.name === "Analytics")!;
  const hub = source([analytics.id]);
  const identity = await hub.resolveIdentity("svc-dbt@contoso.com");
  expect(identity.principalName).toBe("svc-dbt@contoso.com");
  const progress: ReadProgress[] = [];
  const report = await hub.runAudit(identity, { signal: new AbortController().signal, onProgress: (p) => progress.push(p) });
  expect(report.projects.map((p) => p.name)).toEqual(["Analytics"]);
  const gaps = report.projects.flatMap((p) => [
    ...Object.entries(p.permissions)
      .filter(([, r]) => r.effective !== "allow")
      .map(([k, r]) => `${p.name}//${k}=${r.effective}`),
    ...p.repositories.flatMap((repo) =>
      Object.entries(repo.permissions)
        .filter(([, r]) => r.effective !== "allow")
        .map(([k, r]) => `${p.name}/${repo.name}/${k}=${r.effective}`),
    ),
  ]);
  const expected = (seed.expectedGaps ?? [])
    .filter((g) => g.project === "Analytics")
    .map((g) => `${g.project}/${g.repository ?? ""}/${g.permission}=${g.effective}`);
  expect(gaps.sort()).toEqual(expected.sort());
  expect(progress.length).toBeGreaterThan(0);
  expect(progress[progress.length - 1].requests).toBeGreaterThan(0);
});

test("an unknown identity fails with the gateway's admin-readable error", async () => {
  await expect(source().resolveIdentity("nobody@contoso.com")).rejects.toMatchObject({ kind: "notFound" });
});

test("cancelling rejects at once and stops sending requests", async () => {
  // Each answer takes 2 s: a rejection well before that proves the run did not wait for the requests in flight.
  emulator.configure({ latencyMs: 2000 });
  try {
    const hub = source();
    const identity = await hub.resolveIdentity("svc-dbt@contoso.com");
    const controller = new AbortController();
    const run = hub.runAudit(identity, { signal: controller.signal, onProgress: () => undefined });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const abortedAt = Date.now();
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(AuditCancelledError);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    const sent = fetches;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    // Requests in flight were aborted and none is retried or started after the cancel.
    expect(fetches).toBe(sent);
  } finally {
    emulator.configure({ latencyMs: 0 });
  }
});
