/**
 * The hooks gateway against the emulator over real HTTP: reading across projects, "cannot see" when the
 * caller lacks ViewSubscriptions, and the prune cycle plan -> apply -> re-read -> nothing left to write.
 */
import type { RunningEmulator } from "../../emulator";
import { analyzeHooks, planHooksCleanup, type HooksReport } from "../../src/core/hooks/index";
import { gatewayFor, hookWrites, startHooksEmulator } from "../support/hooks-emulator";
import { ANALYTICS, DOCS, IDS, MARKETING, TOKENS } from "../support/hooks-seed";

async function analyse(emulator: RunningEmulator, token: string, options: { projects?: string[]; serviceUser?: string } = {}) {
  const gateway = gatewayFor(emulator, token);
  const snapshot = await gateway.readHooksSnapshot(options);
  return { gateway, snapshot, report: analyzeHooks(snapshot) };
}

function states(report: HooksReport): Record<string, string> {
  return Object.fromEntries(report.dbtSubscriptions.map((view) => [view.id, view.state]));
}

function snapshotOfUntouched(emulator: RunningEmulator): string {
  const state = emulator.state("contoso");
  const untouched = [IDS.LOOKALIKE, IDS.SLACK_A, IDS.SLACK_B, IDS.SINGLE, IDS.SYSTEM_OFF, IDS.MKT, IDS.KEPT, IDS.BRANCH];
  return JSON.stringify(untouched.map((id) => state.subscriptions.get(id.toLowerCase())));
}

describe("reading across projects", () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startHooksEmulator();
  });
  afterAll(async () => {
    await emulator.stop();
  });

  test("an administrator sees every project; states, duplicates, history, creators and the gap come out right", async () => {
    const { report } = await analyse(emulator, TOKENS.admin, { serviceUser: "svc-dbt@contoso.com" });
    expect(states(report)).toEqual({
      [IDS.KEPT]: "healthy",
      [IDS.DUP_OLD]: "duplicate",
      [IDS.DUP_DEAD]: "duplicate",
      [IDS.USER_OFF]: "disabledByUser",
      [IDS.SYSTEM_OFF]: "disabledBySystem",
      [IDS.BRANCH]: "healthy",
      [IDS.MKT]: "disabledByInactiveIdentity",
    });
    expect(report.otherSubscriptions.map((view) => view.id).sort()).toEqual([IDS.LOOKALIKE, IDS.SLACK_A, IDS.SLACK_B, IDS.SINGLE].sort());
    const byId = new Map(report.dbtSubscriptions.map((view) => [view.id, view]));
    expect(byId.get(IDS.DUP_DEAD)!.duplicateOf).toBe(IDS.KEPT);
    expect(byId.get(IDS.KEPT)!.delivery).toMatchObject({ lastResult: "succeeded", failed: 1, lastFailure: { message: "Bad gateway" } });
    expect(byId.get(IDS.SYSTEM_OFF)!.delivery.lastFailure?.message).toMatch(/\(410\) Gone/);
    expect(byId.get(IDS.SYSTEM_OFF)!.probationRetries).toBe(7);
    expect(byId.get(IDS.KEPT)!.repository).toEqual({ id: "b0000000-0000-4000-8000-000000000001", name: "dbt-models" });
    expect(byId.get(IDS.KEPT)!.creator.isServiceUser).toBe(true);
    expect(byId.get(IDS.MKT)!.creator).toMatchObject({ uniqueName: "alice@contoso.com", isServiceUser: false });
    expect(byId.get(IDS.KEPT)!.target).toBe("https://acme.us1.dbt.com/api/v1/webhooks/azure/7f3a");
    expect(JSON.stringify(report)).not.toContain("s3cret-shared");

    expect(report.projects.map((p) => [p.name, p.visibility, p.dbtSubscriptions, p.missingDbtSubscription])).toEqual([
      ["Analytics", "visible", 6, false],
      ["Docs", "visible", 0, true],
      ["Marketing", "visible", 1, false],
    ]);
    expect(report.ok).toBe(false);
  });

  test("--project limits the scope to the named projects' subscriptions", async () => {
    const { report } = await analyse(emulator, TOKENS.admin, { projects: ["marketing"] });
    expect(report.projects.map((p) => p.name)).toEqual(["Marketing"]);
    expect(report.dbtSubscriptions.map((view) => view.id)).toEqual([IDS.MKT]);
    expect(report.otherSubscriptions).toEqual([]);
  });

  test("a caller without ViewSubscriptions gets an empty list, reported as 'cannot see', not 'none'", async () => {
    const { report, snapshot } = await analyse(emulator, TOKENS.alice);
    // The service really answered without Marketing's subscription (the list call did not fail).
    expect(snapshot.subscriptions.map((s) => s.id)).not.toContain(IDS.MKT);
    expect(snapshot.canViewSubscriptions).toEqual({ [ANALYTICS.id]: true, [MARKETING.id]: false, [DOCS.id]: false });
    const visibility = Object.fromEntries(report.projects.map((p) => [p.name, p.visibility]));
    expect(visibility).toEqual({ Analytics: "visible", Docs: "cannotSee", Marketing: "cannotSee" });
    expect(report.projects.find((p) => p.name === "Docs")!.missingDbtSubscription).toBe(false);
    const cannotSee = report.findings.filter((f) => f.id === "hooks-cannot-see");
    expect(cannotSee.map((f) => f.projectId).sort()).toEqual([DOCS.id, MARKETING.id].sort());
    expect(cannotSee.every((f) => f.severity === "error" && /Cannot see/.test(f.message))).toBe(true);
  });
});

describe("prune: plan -> apply -> re-read -> nothing left", () => {
  let emulator: RunningEmulator;
  beforeEach(async () => {
    emulator = await startHooksEmulator();
  });
  afterEach(async () => {
    await emulator.stop();
  });

  test("applies exactly the plan, leaves others' and unrevivable subscriptions alone, and a second run writes nothing", async () => {
    const untouchedBefore = snapshotOfUntouched(emulator);
    const first = await analyse(emulator, TOKENS.admin);
    const plan = planHooksCleanup(first.snapshot, first.report);
    expect(plan.steps.map((step) => [step.kind, step.subscription.id])).toEqual([
      ["delete", IDS.DUP_OLD],
      ["delete", IDS.DUP_DEAD],
      ["enable", IDS.USER_OFF],
    ]);
    expect(hookWrites(emulator)).toEqual({ DELETE: 0, PUT: 0, POST: 0 });

    const results = await first.gateway.applyHooksPlan(plan);
    expect(results.map((result) => [result.step.subscription.id, result.outcome])).toEqual([
      [IDS.DUP_OLD, "deleted"],
      [IDS.DUP_DEAD, "deleted"],
      [IDS.USER_OFF, "enabled"],
    ]);
    expect(hookWrites(emulator)).toEqual({ DELETE: 2, PUT: 1, POST: 0 });

    const state = emulator.state("contoso");
    expect(state.subscriptions.has(IDS.DUP_OLD)).toBe(false);
    expect(state.subscriptions.has(IDS.DUP_DEAD)).toBe(false);
    const reEnabled = state.subscriptions.get(IDS.USER_OFF)!;
    expect(reEnabled.status).toBe("enabled");
    // The masked secret went back as "********" and the service kept the real one.
    expect(reEnabled.consumerInputs.basicAuthPassword).toBe("s3cret-shared");
    expect(snapshotOfUntouched(emulator)).toBe(untouchedBefore);

    const second = await analyse(emulator, TOKENS.admin);
    expect(planHooksCleanup(second.snapshot, second.report).steps).toEqual([]);
    expect(second.report.summary).toMatchObject({ duplicates: 0 });
    // What prune cannot fix remains reported.
    expect(second.report.findings.map((f) => f.id)).toEqual(
      expect.arrayContaining(["hook-disabled-by-system", "hook-disabled-by-inactive-identity"]),
    );
    const writes = hookWrites(emulator);
    await second.gateway.applyHooksPlan(planHooksCleanup(second.snapshot, second.report));
    expect(hookWrites(emulator)).toEqual(writes);
  });

  test("re-applying a stale plan: already deleted (404) and already enabled count as done, with no writes", async () => {
    const first = await analyse(emulator, TOKENS.admin);
    const plan = planHooksCleanup(first.snapshot, first.report);
    await first.gateway.applyHooksPlan(plan);
    const writes = hookWrites(emulator);
    const again = await first.gateway.applyHooksPlan(plan);
    expect(again.map((result) => result.outcome)).toEqual(["alreadyDeleted", "alreadyDeleted", "alreadyEnabled"]);
    expect(hookWrites(emulator)).toEqual(writes);
  });

  test("a DELETE that answers 404 (deleted between the check and the write) counts as done", async () => {
    const first = await analyse(emulator, TOKENS.admin);
    const plan = { ...planHooksCleanup(first.snapshot, first.report) };
    plan.steps = plan.steps.filter((step) => step.subscription.id === IDS.DUP_OLD);
    const subscriptions = emulator.state("contoso").subscriptions;
    const realGet = subscriptions.get.bind(subscriptions);
    // The first read of DUP_OLD (the check) still finds it; it is gone by the time DELETE arrives.
    let reads = 0;
    subscriptions.get = (key: string) => {
      const found = realGet(key);
      if (key === IDS.DUP_OLD && found && ++reads === 2) {
        subscriptions.delete(key);
        return undefined;
      }
      return found;
    };
    try {
      const [result] = await first.gateway.applyHooksPlan(plan);
      expect(result!.outcome).toBe("alreadyDeleted");
      expect(hookWrites(emulator).DELETE).toBe(1);
    } finally {
      subscriptions.get = realGet;
    }
  });

  test("re-checked right before DELETE: a planned duplicate that now points elsewhere is not deleted", async () => {
    const first = await analyse(emulator, TOKENS.admin);
    const plan = planHooksCleanup(first.snapshot, first.report);
    emulator.state("contoso").subscriptions.get(IDS.DUP_OLD)!.consumerInputs.url = "https://hooks.example.com/ci";
    const results = await first.gateway.applyHooksPlan(plan);
    const dupOld = results.find((result) => result.step.subscription.id === IDS.DUP_OLD)!;
    expect(dupOld.outcome).toBe("refused");
    expect(dupOld.message).toMatch(/no longer points at dbt Cloud/);
    expect(emulator.state("contoso").subscriptions.has(IDS.DUP_OLD)).toBe(true);
    expect(hookWrites(emulator).DELETE).toBe(1);
  });

  test("re-checked right before DELETE: the copy to keep being gone stops the delete of the last copies", async () => {
    const first = await analyse(emulator, TOKENS.admin);
    const plan = planHooksCleanup(first.snapshot, first.report);
    emulator.state("contoso").subscriptions.delete(IDS.KEPT);
    const results = await first.gateway.applyHooksPlan(plan);
    expect(results.filter((r) => r.step.kind === "delete").map((r) => r.outcome)).toEqual(["refused", "refused"]);
    expect(emulator.state("contoso").subscriptions.has(IDS.DUP_OLD)).toBe(true);
  });

  test("throttling and 503s are retried by the shared transport; the result is the same", async () => {
    const first = await analyse(emulator, TOKENS.admin);
    const plan = planHooksCleanup(first.snapshot, first.report);
    emulator.configure({ throttle: { every: 3, retryAfterSeconds: 0 } });
    const results = await first.gateway.applyHooksPlan(plan);
    emulator.configure({ throttle: undefined, faults: { every: 4, status: 503 } });
    const second = await analyse(emulator, TOKENS.admin);
    emulator.configure({ faults: undefined });
    expect(results.map((result) => result.outcome)).toEqual(["deleted", "deleted", "enabled"]);
    expect(first.gateway.stats().retries).toBeGreaterThan(0);
    expect(second.gateway.stats().retries).toBeGreaterThan(0);
    expect(planHooksCleanup(second.snapshot, second.report).steps).toEqual([]);
  });

  test("a caller who may view but not edit: each write fails on its own with the service's 403", async () => {
    // The service user (a Contributor) gets View Subscriptions organization-wide, nothing more.
    const state = emulator.state("contoso");
    const svc = state.resolve("svc-dbt@contoso.com")!;
    state.writeAce("cb594ebe-87dd-4fc9-ac2c-6a10a4c92046", "PublisherSecurity", { descriptor: svc.descriptor, allow: 1, deny: 0 }, true);
    const progress: string[] = [];
    const gateway = gatewayFor(emulator, TOKENS.svc, progress);
    const snapshot = await gateway.readHooksSnapshot();
    const plan = planHooksCleanup(snapshot, analyzeHooks(snapshot));
    expect(plan.steps).toHaveLength(3);
    const results = await gateway.applyHooksPlan(plan, { onProgress: (message) => progress.push(message) });
    expect(results.map((r) => r.outcome)).toEqual(["failed", "failed", "failed"]);
    expect(results[0]!.message).toMatch(/HTTP 403/);
    expect(hookWrites(emulator)).toEqual({ DELETE: 2, PUT: 1, POST: 0 });
    expect(state.subscriptions.has(IDS.DUP_OLD)).toBe(true);
    expect(progress.some((line) => /Delete .*: failed/.test(line))).toBe(true);
  });
});
