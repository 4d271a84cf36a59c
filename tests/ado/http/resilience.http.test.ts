/** Paging, throttling, faults, concurrency and request budgets against the emulator. */
import { generateOrg, startEmulator, type RunningEmulator } from "../../../emulator";
import { AdoError, patAuth } from "../../../src/ado";
import { gatewayFor, SERVICE_USER, withEmulator } from "../support/emulator";

describe("paging", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seeds: [generateOrg({ name: "pagedorg", projects: 250, reposPerProject: 2 })] });
  });
  afterAll(() => emulator.stop());

  it("reads 250 projects in one page ($top=1000) and follows Graph (X-MS-ContinuationToken) pages to the end", async () => {
    const { gateway, urls } = gatewayFor(emulator, { org: "pagedorg" });
    const snapshot = await gateway.readSnapshot({ identity: "svc-dbt@pagedorg.com" });
    expect(snapshot.projects).toHaveLength(250);
    expect(new Set(snapshot.projects.map((p) => p.id)).size).toBe(250);
    expect(snapshot.repositories).toHaveLength(500);
    expect(emulator.stats.byRoute["GET projects"]).toBe(1);
    expect(urls.filter((url) => /_apis\/projects\?%24top=1000$/.test(url))).toHaveLength(1);
    expect(emulator.stats.byRoute["GET groups"]).toBeGreaterThanOrEqual(2);
    // Every project's Readers group came back from some Graph page.
    const readersProjects = new Set(snapshot.groups.filter((g) => g.wellKnown === "readers").map((g) => g.projectId));
    expect(readersProjects.size).toBe(250);
  });
});

describe("request budget", () => {
  it("reads a 1,000-project x 10-repository organization in at most 100 requests", async () => {
    const emulator = await startEmulator({ seeds: [generateOrg({ name: "bigorg", projects: 1000, reposPerProject: 10 })] });
    try {
      const { gateway } = gatewayFor(emulator, { org: "bigorg" });
      const snapshot = await gateway.readSnapshot({ identity: "svc-dbt@bigorg.com" });
      expect(snapshot.projects).toHaveLength(1000);
      expect(snapshot.repositories).toHaveLength(10000);
      expect(snapshot.acls.gitRepositories.length).toBeGreaterThan(10000);
      expect(emulator.stats.requests).toBeLessThanOrEqual(100);
      expect(emulator.stats.byRoute["GET accesscontrollists"]).toBe(3);
      expect(emulator.stats.byRoute["GET repositories"]).toBe(1);
      expect(gateway.requestCount()).toBe(emulator.stats.requests);
    } finally {
      await emulator.stop();
    }
  }, 60000);
});

describe("throttling and faults", () => {
  let emulator: RunningEmulator;
  let baseline: unknown;
  beforeAll(async () => {
    emulator = await withEmulator();
    baseline = await gatewayFor(emulator).gateway.readSnapshot({ identity: SERVICE_USER });
  });
  afterAll(() => emulator.stop());
  beforeEach(() => {
    emulator.configure({ throttle: undefined, faults: undefined, latencyMs: 0 });
    emulator.resetStats();
  });

  it("retries 429s after Retry-After and still returns the complete snapshot", async () => {
    emulator.configure({ throttle: { every: 3, retryAfterSeconds: 2 } });
    const { gateway, waits, progress } = gatewayFor(emulator);
    const snapshot = await gateway.readSnapshot({ identity: SERVICE_USER });
    expect(snapshot).toEqual(baseline);
    const stats = gateway.stats();
    expect(stats.throttled).toBeGreaterThanOrEqual(3);
    expect(stats.retries).toBe(stats.throttled);
    expect(stats.requests).toBe(emulator.stats.requests);
    // A wait is what remains of the 2 s pause when the request's turn comes.
    expect(waits.some((ms) => ms > 1900 && ms <= 2000)).toBe(true);
    expect(progress.some((line) => /HTTP 429\); waiting 2 s \(Retry-After\)/.test(line))).toBe(true);
  });

  it("gives up with a throttled error when every request is throttled", async () => {
    emulator.configure({ throttle: { every: 1, retryAfterSeconds: 1 } });
    const { gateway } = gatewayFor(emulator, { retry: { maxRetries: 2 } });
    const error = await gateway.resolveProjects([]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AdoError);
    expect(error).toMatchObject({ kind: "throttled", status: 429 });
    expect((error as AdoError).message).toMatch(/after 2 retries.*TF400733/);
    expect(emulator.stats.requests).toBe(3);
  });

  it("retries 503s with backoff and returns the complete snapshot", async () => {
    emulator.configure({ faults: { every: 4, status: 503 } });
    const { gateway, waits } = gatewayFor(emulator, { retry: { baseDelayMs: 40 } });
    const snapshot = await gateway.readSnapshot({ identity: SERVICE_USER });
    expect(snapshot).toEqual(baseline);
    expect(gateway.stats().retries).toBeGreaterThanOrEqual(2);
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(Math.max(...waits)).toBeGreaterThan(35);
    expect(Math.max(...waits)).toBeLessThanOrEqual(40 * 2 ** 4);
  });

  it("does not retry a 500", async () => {
    emulator.configure({ faults: { every: 1, status: 500 } });
    const { gateway } = gatewayFor(emulator);
    const error = await gateway.resolveProjects([]).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "server", status: 500 });
    expect(emulator.stats.requests).toBe(1);
  });
});

describe("concurrency", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await withEmulator({ latencyMs: 15 });
  });
  afterAll(() => emulator.stop());

  it("keeps at most 4 requests in flight by default, even for the naive reader's many requests", async () => {
    const { gateway, peakFetches } = gatewayFor(emulator);
    await gateway.readSnapshotNaive({ identity: SERVICE_USER });
    expect(gateway.requestCount()).toBeGreaterThan(40);
    expect(gateway.stats().peakInFlight).toBe(4);
    expect(peakFetches()).toBe(4);
  });

  it("honours a lower limit", async () => {
    const { gateway, peakFetches } = gatewayFor(emulator, { maxConcurrency: 2, auth: patAuth("demo-admin-pat") });
    await gateway.readSnapshot({ identity: SERVICE_USER });
    expect(gateway.stats().peakInFlight).toBe(2);
    expect(peakFetches()).toBe(2);
  });
});
