/**
 * The hubs' production HooksSource over real HTTP to the emulator (the hooks seed): reads and writes go through
 * the audit source's one gateway (same fetch, same request count), the project hub reads only its project, a
 * caller without View subscriptions gets "cannot see", a plan deletes exactly the duplicates, and cancelling
 * stops a read.
 */
import { patAuth } from "../../../src/ado/http/auth";
import { fixedHostResolver } from "../../../src/ado/resource-areas";
import { planHooksCleanup } from "../../../src/core/hooks/index";
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { AuditCancelledError, type ReadProgress } from "../../../src/hubs/data/auditSource";
import { createGatewayAuditSource } from "../../../src/hubs/data/gatewayAuditSource";
import { createGatewayHooksSource } from "../../../src/hubs/data/gatewayHooksSource";
import { hookWrites } from "../../support/hooks-emulator";
import { ANALYTICS, hooksSeed, IDS, ORG, TOKENS } from "../../support/hooks-seed";

let emulator: RunningEmulator;
let orgUrl: string;
let hosts: ReturnType<typeof fixedHostResolver>;

beforeEach(async () => {
  emulator = await startEmulator({ seeds: [hooksSeed()] });
  orgUrl = `${emulator.orgUrl(ORG.name)}/`;
  const response = await fetch(`${orgUrl}_apis/ResourceAreas?api-version=7.1-preview.1`, {
    headers: { Authorization: `Basic ${Buffer.from(`:${TOKENS.admin}`).toString("base64")}` },
  });
  const areas = (await response.json()) as { value: { id: string; locationUrl: string }[] };
  hosts = fixedHostResolver(Object.fromEntries(areas.value.map((a) => [a.id, a.locationUrl])));
});

afterEach(() => emulator.stop());

function hub(token: string, projects?: string[]) {
  const fetched: string[] = [];
  const audit = createGatewayAuditSource({
    fetch: (url, init) => {
      fetched.push(`${init.method ?? "GET"} ${new URL(url).pathname}`);
      return fetch(url, init);
    },
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    org: { name: ORG.name, url: orgUrl },
    auth: patAuth(token),
    hosts,
    projects,
  });
  return { audit, hooks: createGatewayHooksSource({ gateway: audit.gateway, projects }), fetched };
}

const run = (progress: ReadProgress[] = []) => ({ signal: new AbortController().signal, onProgress: (p: ReadProgress) => progress.push(p) });

test("the organization hub reads every project through the audit source's gateway, and the core analyses it", async () => {
  const { audit, hooks, fetched } = hub(TOKENS.admin);
  await audit.resolveIdentity("svc-dbt@contoso.com");
  const auditRequests = fetched.length;
  expect(auditRequests).toBeGreaterThan(0);

  const progress: ReadProgress[] = [];
  const { report, snapshot } = await hooks.read(run(progress));
  const states = Object.fromEntries(report.dbtSubscriptions.map((view) => [view.id, view.state]));
  expect(states).toMatchObject({
    [IDS.KEPT]: "healthy",
    [IDS.DUP_OLD]: "duplicate",
    [IDS.DUP_DEAD]: "duplicate",
    [IDS.USER_OFF]: "disabledByUser",
    [IDS.SYSTEM_OFF]: "disabledBySystem",
    [IDS.MKT]: "disabledByInactiveIdentity",
  });
  expect(report.otherSubscriptions.map((view) => view.id).sort()).toEqual([IDS.LOOKALIKE, IDS.SINGLE, IDS.SLACK_A, IDS.SLACK_B].sort());
  expect(snapshot.notifications[IDS.SYSTEM_OFF]!.map((n) => n.result)).toEqual(["failed"]);
  expect(report.projects.map((p) => [p.name, p.visibility])).toEqual([
    ["Analytics", "visible"],
    ["Docs", "visible"],
    ["Marketing", "visible"],
  ]);
  // One gateway: the hooks requests went through the audit source's fetch, and its request count went on.
  expect(fetched.slice(auditRequests).some((request) => request.endsWith("/_apis/hooks/subscriptions"))).toBe(true);
  const counted = progress.map((p) => p.requests).filter((n): n is number => n !== undefined);
  expect(Math.min(...counted)).toBeGreaterThanOrEqual(auditRequests);
  expect(Math.max(...counted)).toBe(fetched.length);
});

test("the access URL makes a single-tenant host dbt Cloud's", async () => {
  const { report } = await hub(TOKENS.admin).hooks.read({ ...run(), accessUrl: "https://dbt.acme-internal.example/" });
  expect(report.dbtSubscriptions.map((view) => view.id)).toContain(IDS.SINGLE);
  expect(report.accessUrl).toBe("dbt.acme-internal.example");
});

test("a caller without View subscriptions is told it cannot see, not that there are none", async () => {
  const { report } = await hub(TOKENS.alice).hooks.read(run());
  const visibility = Object.fromEntries(report.projects.map((p) => [p.name, p.visibility]));
  expect(visibility).toEqual({ Analytics: "visible", Docs: "cannotSee", Marketing: "cannotSee" });
  expect(report.dbtSubscriptions.map((view) => view.id)).not.toContain(IDS.MKT);
  expect(
    report.findings
      .filter((f) => f.id === "hooks-cannot-see")
      .map((f) => f.projectId)
      .sort(),
  ).toEqual(
    report.projects
      .filter((p) => p.visibility === "cannotSee")
      .map((p) => p.id)
      .sort(),
  );
});

test("the project hub reads only its project", async () => {
  const { report } = await hub(TOKENS.admin, [ANALYTICS.id]).hooks.read(run());
  expect(report.projects.map((p) => p.name)).toEqual(["Analytics"]);
  const projectIds = new Set([...report.dbtSubscriptions, ...report.otherSubscriptions].map((view) => view.project.id));
  expect([...projectIds]).toEqual([ANALYTICS.id]);
  expect(report.dbtSubscriptions.map((view) => view.id)).not.toContain(IDS.MKT);
});

test("applying the core's delete plan deletes exactly the duplicates; a re-read finds none", async () => {
  const { hooks } = hub(TOKENS.admin);
  const before = await hooks.read(run());
  const plan = planHooksCleanup(before.snapshot, before.report);
  const deletes = { ...plan, steps: plan.steps.filter((step) => step.kind === "delete") };
  expect(deletes.steps.map((step) => step.subscription.id).sort()).toEqual([IDS.DUP_OLD, IDS.DUP_DEAD].sort());

  const { results, after: reRead, remaining } = await hooks.cleanUp(deletes, run());
  expect(reRead.report.dbtSubscriptions.filter((view) => view.state === "duplicate")).toEqual([]);
  expect(remaining.steps.filter((step) => step.kind === "delete")).toEqual([]);
  expect(Object.fromEntries(results.map((r) => [r.step.subscription.id, r.outcome]))).toEqual({
    [IDS.DUP_OLD]: "deleted",
    [IDS.DUP_DEAD]: "deleted",
  });
  expect(hookWrites(emulator)).toEqual({ DELETE: 2, PUT: 0, POST: 0 });
  const state = emulator.state(ORG.name);
  for (const kept of [IDS.KEPT, IDS.LOOKALIKE, IDS.SLACK_A, IDS.SLACK_B, IDS.USER_OFF]) expect(state.subscriptions.has(kept)).toBe(true);

  const after = await hooks.read(run());
  expect(after.report.dbtSubscriptions.filter((view) => view.state === "duplicate")).toEqual([]);
});

test("cancelling a read stops it", async () => {
  const { hooks } = hub(TOKENS.admin);
  const controller = new AbortController();
  const reading = hooks.read({ signal: controller.signal, onProgress: () => controller.abort() });
  await expect(reading).rejects.toBeInstanceOf(AuditCancelledError);
});

test("overlapping runs on the one gateway do not share cancellation or progress: cancelling the second leaves the first whole", async () => {
  emulator.configure({ latencyMs: 20 });
  const { audit, hooks } = hub(TOKENS.admin);
  const firstProgress: ReadProgress[] = [];
  const secondProgress: ReadProgress[] = [];
  const second = new AbortController();
  let firstStarted!: () => void;
  const started = new Promise<void>((resolve) => (firstStarted = resolve));
  const firstRead = hooks.read({
    signal: new AbortController().signal,
    onProgress: (p) => {
      firstProgress.push(p);
      firstStarted();
    },
  });
  await started; // the first run has requests in flight
  const identity = await audit.resolveIdentity("svc-dbt@contoso.com");
  const secondRun = audit.runAudit(identity, { signal: second.signal, onProgress: (p) => secondProgress.push(p) });
  await new Promise((resolve) => setTimeout(resolve, 60)); // both runs overlap for a while
  second.abort();
  await expect(secondRun).rejects.toBeInstanceOf(AuditCancelledError);
  const { report } = await firstRead;
  expect(report.dbtSubscriptions.length).toBeGreaterThan(0);
  // Each run heard only its own progress.
  expect(firstProgress.some((p) => /subscription/i.test(p.message))).toBe(true);
  expect(firstProgress.some((p) => /Identity:|Projects in scope/.test(p.message))).toBe(false);
  expect(secondProgress.some((p) => /subscription/i.test(p.message))).toBe(false);
});
