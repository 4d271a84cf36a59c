/**
 * The hubs' production GrantSource over real HTTP against the emulator's demo organization: it reads and
 * writes through the audit source's one gateway, plans with the core, asks the emulator whether the caller
 * may write, and applies change by change with progress. Each test gets a fresh emulator (writes change it).
 */
import * as path from "node:path";
import { bearerAuth, patAuth, type AuthProvider } from "../../../src/ado/http/auth";
import { fixedHostResolver } from "../../../src/ado/resource-areas";
import type { AuditReport } from "../../../src/core/audit/report";
import { loadSeed, startEmulator, type OrgSeed, type RunningEmulator } from "../../../emulator";
import { hostTokenFor } from "../../../dev/host/hostToken";
import type { ReadProgress } from "../../../src/hubs/data/auditSource";
import { createGatewayAuditSource } from "../../../src/hubs/data/gatewayAuditSource";
import { createGatewayGrantSource } from "../../../src/hubs/data/gatewayGrantSource";
import type { ApplyProgress } from "../../../src/hubs/data/grantSource";

const NOW = new Date("2026-11-20T12:00:00Z");
const SERVICE_USER = "svc-dbt@contoso.com";
const seed: OrgSeed = loadSeed(path.resolve(__dirname, "../../../emulator/seeds/demo.json"));
const projectId = (name: string) => seed.projects.find((p) => p.name === name)!.id;

let emulator: RunningEmulator;
let orgUrl: string;
let hosts: ReturnType<typeof fixedHostResolver>;

beforeEach(async () => {
  emulator = await startEmulator({ seeds: [seed] });
  orgUrl = `${emulator.orgUrl(seed.organization.name)}/`;
  // What the host's location service answers: the organization's advertised resource areas.
  const response = await fetch(`${orgUrl}_apis/ResourceAreas?api-version=7.1-preview.1`, {
    headers: { Authorization: `Bearer ${hostTokenFor(seed).token}` },
  });
  const areas = (await response.json()) as { value: { id: string; locationUrl: string }[] };
  hosts = fixedHostResolver(Object.fromEntries(areas.value.map((a) => [a.id, a.locationUrl])));
});

afterEach(() => emulator.stop());

function hub(options: { projects?: string[]; auth?: AuthProvider } = {}) {
  const audit = createGatewayAuditSource({
    org: { name: seed.organization.name, url: orgUrl },
    auth: options.auth ?? bearerAuth(hostTokenFor(seed).token),
    hosts,
    projects: options.projects,
    retry: { maxRetries: 0 },
    now: () => NOW,
  });
  const grant = createGatewayGrantSource({ gateway: audit.gateway, projects: options.projects, now: () => NOW });
  return { audit, grant };
}

const idle = () => ({ signal: new AbortController().signal, onProgress: () => undefined });

function gaps(report: AuditReport): string[] {
  return report.projects
    .flatMap((p) => [
      ...Object.entries(p.permissions)
        .filter(([, r]) => r.effective !== "allow")
        .map(([k]) => `${p.name}|${k}`),
      ...p.repositories
        .filter((repo) => !repo.isDisabled)
        .flatMap((repo) =>
          Object.entries(repo.permissions)
            .filter(([, r]) => r.effective !== "allow")
            .map(([k]) => `${p.name}/${repo.name}|${k}`),
        ),
    ])
    .sort();
}

test("the organization hub: demo plan, admin may apply, progress change by change, then only the blocked cell is missing", async () => {
  const { audit, grant } = hub();
  const identity = await audit.resolveIdentity(SERVICE_USER);
  const before = await audit.runAudit(identity, idle());
  const state = await grant.readState(before.identity, idle());
  const plan = grant.plan(state, "project");
  expect(plan.changes.map((c) => (c.kind === "membership" ? c.groupName : `${c.projectName}/${c.repositoryName ?? ""} ${c.allow}`))).toEqual([
    "[HR]\\Readers",
    "HR/ 4",
    "Marketing/ 4",
    "Analytics/ml-experiments 16390",
    "Finance/finance-reports 4",
  ]);
  expect(plan.blocked.map((b) => `${b.cell.projectName}|${b.cell.permission}`)).toEqual(["Marketing|EditSubscriptions"]);

  expect(await grant.checkCaller(plan, state)).toEqual({ caller: "Contoso Admin", canApply: true, refused: [], unchecked: [] });

  const progress: ApplyProgress[] = [];
  const { outcome, verification } = await grant.apply(before.identity, plan, "project", (p) => progress.push(p));
  expect(outcome.failed).toBeUndefined();
  expect(outcome.writes).toBe(5);
  // Writes run four at a time; each one done moves the count on.
  const counts = progress.filter((p) => /^Applied \d\/5: /.test(p.message)).map((p) => p.completed);
  expect(counts).toEqual([1, 2, 3, 4, 5]);
  expect(progress).toContainEqual({ completed: 5, total: 5, message: "Applied 5 of 5 changes" });
  // After the last write, progress only tells of the re-read: the count stays at 5.
  expect(progress.slice(progress.findIndex((p) => p.message === "Applied 5 of 5 changes")).every((p) => p.completed === 5)).toBe(true);
  expect((emulator.stats.byRoute["POST accesscontrolentries"] ?? 0) + (emulator.stats.byRoute["PUT memberships"] ?? 0)).toBe(5);

  // The flow re-read the organization: the verification's report is what the matrix now shows.
  if (!verification?.ok) throw new Error("expected a verification");
  expect(verification.value.blockedLeft).toBe(1);
  expect(verification.value.stillMissing).toEqual([]);
  const after = await audit.runAudit(identity, idle());
  expect(gaps(before).length).toBeGreaterThan(1);
  expect(gaps(verification.value.report)).toEqual(["Marketing|EditSubscriptions"]);
  expect(gaps(after)).toEqual(["Marketing|EditSubscriptions"]);
});

test("the project hub reads and plans its own project only", async () => {
  const hr = projectId("HR");
  const { audit, grant } = hub({ projects: [hr] });
  const identity = await audit.resolveIdentity(SERVICE_USER);
  const report = await audit.runAudit(identity, idle());
  const state = await grant.readState(report.identity, idle());
  expect(state.projects.map((p) => p.name)).toEqual(["HR"]);
  const plan = grant.plan(state, "repo");
  expect(plan.projectIds).toEqual([hr]);
  expect(plan.changes.map((c) => (c.kind === "membership" ? c.groupName : c.token)).sort()).toEqual(
    ["[HR]\\Readers", ...seed.projects.find((p) => p.name === "HR")!.repositories.map((r) => `repoV2/${hr}/${r.id}`)].sort(),
  );
  expect(plan.blocked).toEqual([]);
});

test("grants go through the audit source's gateway: one request count for reads, checks and writes", async () => {
  const { audit, grant } = hub();
  const identity = await audit.resolveIdentity(SERVICE_USER);
  const seen: ReadProgress[] = [];
  const report = await audit.runAudit(identity, { signal: new AbortController().signal, onProgress: (p) => seen.push(p) });
  const afterAudit = seen[seen.length - 1].requests!;
  const reading: ReadProgress[] = [];
  await grant.readState(report.identity, { signal: new AbortController().signal, onProgress: (p) => reading.push(p) });
  // The same transport keeps counting: a second gateway would start again from zero.
  expect(reading.length).toBeGreaterThan(0);
  expect(reading[0].requests).toBeGreaterThan(afterAudit);
});

test("a caller who may not manage permissions is told before anything is written", async () => {
  const { audit, grant } = hub({ auth: patAuth("demo-svc-pat") });
  const identity = await audit.resolveIdentity(SERVICE_USER);
  const report = await audit.runAudit(identity, idle());
  const state = await grant.readState(report.identity, idle());
  const check = await grant.checkCaller(grant.plan(state, "project"), state);
  expect(check.canApply).toBe(false);
  expect(check.caller).toBe("dbt Service User");
  // Reading as itself it does not even see HR (it is in no HR group), so only the Git writes are refused.
  expect(check.refused).toEqual([
    expect.stringMatching(/^dbt Service User may not manage permissions \(Git Repositories bits 8192\) on 2 tokens: repoV2\//),
  ]);
  expect((emulator.stats.byRoute["POST accesscontrolentries"] ?? 0) + (emulator.stats.byRoute["PUT memberships"] ?? 0)).toBe(0);
});

test("a write the service refuses stops the apply with the failed change and the rest not attempted", async () => {
  const { audit, grant } = hub();
  const identity = await audit.resolveIdentity(SERVICE_USER);
  const report = await audit.runAudit(identity, idle());
  const state = await grant.readState(report.identity, idle());
  const plan = grant.plan(state, "project");
  // The third request from now fails, and retries are off: the two reads before the writes go through first.
  emulator.configure({ faults: { every: 3, status: 500 } });
  emulator.resetStats();
  const progress: ApplyProgress[] = [];
  const { outcome } = await grant.apply(report.identity, plan, "project", (p) => progress.push(p));
  emulator.configure({ faults: undefined });
  expect(outcome.failed).toMatchObject({ kind: "server" });
  expect(outcome.applied.length + 1 + outcome.notAttempted.length).toBe(plan.changes.length);
  expect(outcome.notAttempted.length).toBeGreaterThan(0);
  const stopped = progress.find((p) => p.message.startsWith("Stopped at"));
  expect(stopped?.message).toMatch(/^Stopped at \d+\/5/);
  expect(stopped?.completed).toBe(outcome.applied.length);
});
