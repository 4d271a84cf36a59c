/**
 * Planning and applying against the emulator over real HTTP, through the gateway's shared transport: the demo
 * organization, throttling, a fault in the middle of the writes, a re-run that finishes the job, and a third
 * run that writes nothing. The emulator evaluates permissions with its own code, so the final check asks it
 * (the caller-only permissions API, as the service user) rather than the core's evaluator.
 */
import { loadSeed, startEmulator, type RunningEmulator } from "../../../emulator";
import { AdoGateway, parseOrganization, patAuth } from "../../../src/ado";
import { grantSecurityClient } from "../../../src/ado/rest/grant-clients";
import { clientsOf } from "../support/emulator";
import { NAMESPACES } from "../../../src/core/permissions/catalogue";
import { planGrants, type GrantPlan, type GrantScope } from "../../../src/core/grant/planner";
import { aceChanges, blockedCells, membershipChanges } from "../../core/grant/support/inspect";

const SEED = loadSeed("emulator/seeds/demo.json");
const SVC = "svc-dbt@contoso.com";
const HR = "5d9e8f7a-1b2c-4d3e-8f4a-6b5c4d3e2f1a";
const MARKETING = "a4e1c7d2-8b3f-4a6e-9d5c-2f1b0e9d8c7a";
const ANALYTICS = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c";
const FINANCE = "3b7f2a90-5c41-4e8d-a2b6-9f0c1d2e3a4b";
const WRITES = ["POST accesscontrolentries", "PUT memberships"];

let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator({ seeds: [SEED] });
});

afterEach(async () => {
  await emulator.stop();
});

function gateway(pat = "demo-admin-pat"): AdoGateway {
  return new AdoGateway({
    org: parseOrganization(emulator.orgUrl("contoso")),
    auth: patAuth(pat),
    // Retry-After 0 from the emulator; keep the backoff for 5xx short as well.
    retry: { maxRetries: 5, baseDelayMs: 5, maxDelayMs: 20 },
  });
}

async function planFor(
  scope: GrantScope = "project",
  pat?: string,
): Promise<{ plan: GrantPlan; gateway: AdoGateway; groups: Awaited<ReturnType<AdoGateway["readSnapshot"]>>["groups"] }> {
  const gw = gateway(pat);
  const snapshot = await gw.readSnapshot({ identity: SVC });
  return { plan: planGrants(snapshot, { scope, now: new Date("2026-11-20T00:00:00Z") }), gateway: gw, groups: snapshot.groups };
}

function writeCount(): number {
  return WRITES.reduce((sum, route) => sum + (emulator.stats.byRoute[route] ?? 0), 0);
}

/** Every ACE in the emulator's state, as "namespace|token|descriptor" -> {allow, deny}. */
function aceState(): Map<string, { allow: number; deny: number }> {
  const state = emulator.state("contoso");
  const result = new Map<string, { allow: number; deny: number }>();
  for (const namespace of Object.values(NAMESPACES)) {
    for (const [token, acl] of state.namespaceAcls(namespace.id)) {
      for (const [descriptor, ace] of acl.aces) result.set(`${namespace.key}|${token}|${descriptor}`, { allow: ace.allow, deny: ace.deny });
    }
  }
  return result;
}

/** The service user's own view, from the emulator's evaluator: which required cells are not allowed. */
async function notAllowedPerEmulator(plan: GrantPlan): Promise<string[]> {
  const security = await grantSecurityClient(clientsOf(gateway("demo-svc-pat")));
  const cells = [...plan.changes.flatMap((change) => change.fixes), ...plan.blocked.map((item) => item.cell)];
  const missing: string[] = [];
  for (const cell of cells) {
    const [allowed] = await security.hasPermissions(NAMESPACES[cell.namespace].id, cell.bit, [cell.token], false);
    if (!allowed)
      missing.push(`${cell.repositoryName === undefined ? cell.projectName : `${cell.projectName}/${cell.repositoryName}`}|${cell.permission}`);
  }
  return missing.sort();
}

describe("grant against the emulator", () => {
  it("plans the demo organization: Readers in HR, allows routed around the Finance deny and the broken inheritance, Marketing blocked", async () => {
    const { plan } = await planFor();
    expect(membershipChanges(plan).map((change) => change.groupName)).toEqual(["[HR]\\Readers"]);
    expect(aceChanges(plan).map((change) => [change.token.split("/").length, change.projectId, change.repositoryName ?? null, change.allow])).toEqual(
      [
        [2, HR, null, 4],
        [2, MARKETING, null, 4],
        [3, ANALYTICS, "ml-experiments", 16390],
        [3, FINANCE, "finance-reports", 4],
      ],
    );
    expect(blockedCells(plan)).toEqual(["Marketing|EditSubscriptions"]);
    expect(plan.blocked[0].decidedBy).toMatchObject({ via: [], effect: "deny" });
    expect(plan.verified).toBe(true);
    expect(plan.summary.skippedDisabledRepositories).toBe(1);
  });

  it("with throttling, a fault mid-apply stops cleanly; a re-run finishes the job and a third run writes nothing", async () => {
    emulator.configure({ throttle: { every: 3, retryAfterSeconds: 0 } });
    const before = aceState();
    const first = await planFor();
    expect(first.plan.changes).toHaveLength(5);

    emulator.resetStats();
    emulator.configure({ faults: { every: 5, status: 500 } });
    const outcome = await first.gateway.applyGrantPlan(first.plan);
    emulator.configure({ faults: undefined });

    // Stopped part-way, and says what was and was not applied.
    expect(outcome.failed).toBeDefined();
    expect(outcome.failed!.kind).toBe("server");
    expect(outcome.failed!.message).toMatch(/HTTP 500/);
    expect(outcome.applied.length).toBeGreaterThan(0);
    // Writes run four at a time: the ones in flight when the fault came finish; only later ones are not attempted.
    expect(outcome.alsoFailed).toBeUndefined();
    expect(outcome.unknown).toBeUndefined();
    expect(outcome.applied.length + 1 + outcome.notAttempted.length).toBe(first.plan.changes.length);
    expect(emulator.stats.byRoute["GET accesscontrollists"]).toBeGreaterThan(0);
    expect(first.gateway.stats().throttled).toBeGreaterThan(0);

    // The re-run plans exactly what was not applied, and applies it.
    const remaining = [outcome.failed!.change, ...outcome.notAttempted];
    const second = await planFor();
    expect(second.plan.changes.map(key)).toEqual(remaining.map(key));
    emulator.resetStats();
    const finished = await second.gateway.applyGrantPlan(second.plan);
    expect(finished.failed).toBeUndefined();
    expect(finished.writes).toBe(remaining.length);

    // Converged: nothing more to write.
    emulator.resetStats();
    const third = await planFor();
    expect(third.plan.changes).toEqual([]);
    expect(blockedCells(third.plan)).toEqual(["Marketing|EditSubscriptions"]);
    const rerun = await third.gateway.applyGrantPlan(third.plan);
    expect(rerun.writes).toBe(0);
    expect(writeCount()).toBe(0);

    // The emulator's own evaluator agrees: only the blocked cell is missing.
    expect(await notAllowedPerEmulator(first.plan)).toEqual(["Marketing|EditSubscriptions"]);

    // No existing bit of any identity was lost; the Marketing deny is still there.
    const after = aceState();
    for (const [entry, ace] of before) {
      const now = after.get(entry);
      expect({ entry, allow: (now?.allow ?? 0) & ace.allow, deny: now?.deny }).toEqual({ entry, allow: ace.allow, deny: ace.deny });
    }
    expect(
      after.get(
        `serviceHooks|publishersecurity/${MARKETING}|microsoft.identitymodel.claims.claimsidentity;72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60\\svc-dbt@contoso.com`,
      ),
    ).toEqual({
      allow: 0,
      deny: 2,
    });
  });

  it("retries 503s through the shared transport and completes", async () => {
    const { plan, gateway: gw } = await planFor("repo");
    emulator.resetStats();
    emulator.configure({ faults: { every: 3, status: 503 } });
    const outcome = await gw.applyGrantPlan(plan);
    emulator.configure({ faults: undefined });
    expect(outcome.failed).toBeUndefined();
    expect(outcome.writes).toBe(plan.changes.length);
    expect(gw.stats().retries).toBeGreaterThan(0);
    expect((await planFor("repo")).plan.changes).toEqual([]);
  });

  it("tells the caller before anything is written when it may not manage those permissions", async () => {
    const { plan, groups } = await planFor();
    const check = await gateway("demo-svc-pat").checkCallerCanApply(plan, groups);
    expect(check.canApply).toBe(false);
    expect(check.caller).toBe("dbt Service User");
    expect(check.refused).toContainEqual(expect.stringMatching(/may not manage permissions \(Git Repositories bits 8192\) on 4 tokens: repoV2\//));
    expect(check.refused).toContain("dbt Service User may not manage the membership of [HR]\\Readers");

    const admin = await gateway().checkCallerCanApply(plan, groups);
    expect(admin).toEqual({ caller: "Contoso Admin", canApply: true, refused: [], unchecked: [] });
  });

  it("applying the same plan twice writes nothing the second time", async () => {
    const { plan, gateway: gw } = await planFor();
    expect((await gw.applyGrantPlan(plan)).writes).toBe(plan.changes.length);
    emulator.resetStats();
    const again = await gw.applyGrantPlan(plan);
    expect(again.failed).toBeUndefined();
    expect(again.writes).toBe(0);
    expect(again.applied.map((applied) => applied.outcome)).toEqual(plan.changes.map(() => "alreadyInPlace"));
    expect(writeCount()).toBe(0);
  });

  it("refuses to clear a deny that appeared after the plan was made", async () => {
    const { plan, gateway: gw } = await planFor();
    const target = aceChanges(plan).find((change) => change.projectId === HR)!;
    // An administrator denies Contribute to the service user on HR's Git token in the meantime.
    const security = await clientsOf(gw).security();
    await security.setAccessControlEntries(target.namespaceId, target.token, [{ descriptor: target.descriptor, allow: 0, deny: 4 }], true);

    const outcome = await gw.applyGrantPlan(plan);
    expect(outcome.failed).toMatchObject({ change: target, kind: "conflict" });
    expect(outcome.failed!.message).toMatch(/is now denied bits 4 on repoV2\/5d9e8f7a/);
    const [acl] = await security.queryAccessControlLists(target.namespaceId, { token: target.token, descriptors: [target.descriptor] });
    expect(Object.values(acl.acesDictionary ?? {})[0]).toMatchObject({ allow: 0, deny: 4 });
  });

  it("a write refused by the service stops at once and reports every change as not applied", async () => {
    const { plan } = await planFor();
    emulator.resetStats();
    const outcome = await gateway("demo-svc-pat").applyGrantPlan(plan);
    expect(outcome.applied).toEqual([]);
    expect(outcome.failed).toMatchObject({ change: plan.changes[0], kind: "forbidden" });
    expect(outcome.notAttempted).toEqual(plan.changes.slice(1));
    expect(emulator.stats.byRoute["POST accesscontrolentries"] ?? 0).toBe(0);
  });
});

function key(change: GrantPlan["changes"][number]): string {
  return change.kind === "membership" ? `membership ${change.groupName}` : `ace ${change.token} ${change.allow}`;
}
