/**
 * The Setup tab's MigrationSource over real HTTP to the emulator's demo organization (its service user svc-dbt and,
 * beside it, the Entra app's service principal): the preview compares both in one read, the apply grants only the
 * service principal and re-reads it, and the service user's own entries are untouched.
 */
import * as path from "node:path";
import { bearerAuth } from "../../../src/ado/http/auth";
import { fixedHostResolver } from "../../../src/ado/resource-areas";
import { loadSeed, startEmulator, type OrgSeed, type RunningEmulator } from "../../../emulator";
import { hostTokenFor } from "../../../dev/host/hostToken";
import { createGatewayAuditSource } from "../../../src/hubs/data/gatewayAuditSource";
import { createGatewayMigrationSource } from "../../../src/hubs/data/migrationSource";
import type { ApplyProgress } from "../../../src/hubs/data/grantSource";

const NOW = new Date("2026-11-20T12:00:00Z");
const SERVICE_USER = "svc-dbt@contoso.com";
const seed: OrgSeed = loadSeed(path.resolve(__dirname, "../../../emulator/seeds/demo.json"));
const PRINCIPAL = seed.servicePrincipals![0].displayName;
const WRITES = ["POST accesscontrolentries", "PUT memberships"];

let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator({ seeds: [seed] });
});
afterEach(() => emulator.stop());

async function sources() {
  const orgUrl = `${emulator.orgUrl(seed.organization.name)}/`;
  const token = hostTokenFor(seed).token;
  const response = await fetch(`${orgUrl}_apis/ResourceAreas?api-version=7.1-preview.1`, { headers: { Authorization: `Bearer ${token}` } });
  const areas = (await response.json()) as { value: { id: string; locationUrl: string }[] };
  const audit = createGatewayAuditSource({
    org: { name: seed.organization.name, url: orgUrl },
    auth: bearerAuth(token),
    hosts: fixedHostResolver(Object.fromEntries(areas.value.map((a) => [a.id, a.locationUrl]))),
    retry: { maxRetries: 0 },
    now: () => NOW,
  });
  return { audit, migration: createGatewayMigrationSource({ gateway: audit.gateway, now: () => NOW }) };
}

const idle = () => ({ signal: new AbortController().signal, onProgress: () => undefined });
const writes = () => WRITES.reduce((sum, route) => sum + (emulator.stats.byRoute[route] ?? 0), 0);

test("preview compares both identities side by side and plans only for the service principal, writing nothing", async () => {
  const { migration } = await sources();
  const preview = await migration.preview({ from: SERVICE_USER, to: PRINCIPAL }, idle());
  expect(preview.from).toMatchObject({ principalName: SERVICE_USER, kind: "user" });
  expect(preview.to).toMatchObject({ displayName: PRINCIPAL, kind: "servicePrincipal" });
  expect(preview.state.parity.some((row) => row.to !== "allow")).toBe(true);
  expect(preview.state.plan.changes.length).toBeGreaterThan(0);
  expect(preview.state.plan.identity.kind).toBe("servicePrincipal");
  expect(preview.state.hooksAtRisk.length).toBeGreaterThan(0);
  expect(preview.callerCheck?.canApply).toBe(true);
  expect(writes()).toBe(0);
  // One read of the organization for both identities.
  expect(emulator.stats.byRoute["GET accesscontrollists"]).toBe(3);
});

test("a pair the other way round is refused before anything is read", async () => {
  const { migration } = await sources();
  await expect(migration.preview({ from: PRINCIPAL, to: SERVICE_USER }, idle())).rejects.toThrow(/must be a service user/);
  expect(emulator.stats.byRoute["GET accesscontrollists"] ?? 0).toBe(0);
});

test("apply grants the service principal everything, with progress, and leaves the service user as it was", async () => {
  const { audit, migration } = await sources();
  const user = await audit.resolveIdentity(SERVICE_USER);
  const before = await audit.runAudit(user, idle());
  const preview = await migration.preview({ from: SERVICE_USER, to: PRINCIPAL }, idle());
  const progress: ApplyProgress[] = [];
  const result = await migration.apply(preview, (step) => progress.push(step));
  expect(result.outcome.failed).toBeUndefined();
  expect(result.verification?.ok && result.verification.value.desiredState).toBe(true);
  expect(progress.at(-1)).toMatchObject({ completed: preview.state.plan.changes.length, total: preview.state.plan.changes.length });
  expect(writes()).toBe(preview.state.plan.changes.length);

  const again = await migration.preview({ from: SERVICE_USER, to: PRINCIPAL }, idle());
  expect(again.state.plan.changes).toEqual([]);
  expect(again.state.parity.every((row) => row.to === "allow")).toBe(true);
  expect((await audit.runAudit(user, idle())).projects).toEqual(before.projects);
});
