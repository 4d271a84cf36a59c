/**
 * `dbt-ado audit --tenant-id` against the emulator: the organization's tenant is read from the
 * `X-VSS-ResourceTenant` header of an unauthenticated request and compared with the app's Directory (tenant) ID.
 */
import { startEmulator, type OrgSeed, type RunningEmulator } from "../../emulator";
import type { AuditReport } from "../../src/core/audit/report";
import { buildCli, expectOneLineError, spawnCli, type Env } from "./support/cli";
import { ADMIN_PAT, SERVICE_USER, demoSeed } from "./support/demo";
import { schemaErrors } from "./support/schema";

const EMPTY = "00000000-0000-0000-0000-000000000000";
const OTHER_TENANT = "c0ffee00-1234-4abc-8def-0123456789ab";
const admin: Env = { AZURE_DEVOPS_EXT_PAT: ADMIN_PAT };
let emulator: RunningEmulator;
/** The same organization, not connected to Entra ID (the header is all zeros). */
let unconnected: RunningEmulator;
let seed: OrgSeed;

function notConnected(): OrgSeed {
  const copy = demoSeed();
  copy.organization = { ...copy.organization, resourceTenantId: EMPTY };
  return copy;
}

beforeAll(async () => {
  seed = demoSeed();
  [emulator, unconnected] = await Promise.all([startEmulator({ seeds: [seed] }), startEmulator({ seeds: [notConnected()] }), buildCli()]);
}, 180_000);

afterAll(async () => {
  await emulator?.stop();
  await unconnected?.stop();
});

const orgUrl = (which: "connected" | "unconnected") => (which === "connected" ? emulator : unconnected).orgUrl("contoso");

async function auditJson(which: "connected" | "unconnected", ...extra: string[]): Promise<{ code: number | null; report: AuditReport }> {
  const result = await spawnCli(["audit", "--org", orgUrl(which), "--identity", SERVICE_USER, "--format", "json", ...extra], admin);
  const report = JSON.parse(result.stdout) as AuditReport;
  expect(schemaErrors(report)).toEqual([]);
  return { code: result.code, report };
}

const tenantFindings = (report: AuditReport) =>
  report.findings.filter((f) => f.id === "tenant-mismatch" || f.id === "organization-not-connected-to-entra").map((f) => [f.id, f.severity]);

describe("dbt-ado audit --tenant-id", () => {
  test("the emulator announces the tenant to an unauthenticated request, as Azure DevOps does", async () => {
    const response = await fetch(`${orgUrl("connected")}/_apis/connectionData`);
    expect(response.status).toBe(401);
    expect(response.headers.get("x-vss-resourcetenant")).toBe(seed.organization.tenantId);
    const none = await fetch(`${orgUrl("unconnected")}/_apis/connectionData`);
    expect(none.headers.get("x-vss-resourcetenant")).toBe(EMPTY);
  });

  test("the same tenant: no tenant finding, and the report names the organization's tenant", async () => {
    const { report } = await auditJson("connected", "--tenant-id", seed.organization.tenantId.toUpperCase());
    expect(tenantFindings(report)).toEqual([]);
    expect(report.organizationTenantId).toBe(seed.organization.tenantId);
  });

  test("another tenant: a tenant-mismatch error, ok false, exit 1", async () => {
    const { code, report } = await auditJson("connected", "--tenant-id", OTHER_TENANT);
    expect(tenantFindings(report)).toEqual([["tenant-mismatch", "error"]]);
    expect(report.findings.find((f) => f.id === "tenant-mismatch")?.message).toContain(OTHER_TENANT);
    expect(report.ok).toBe(false);
    expect(code).toBe(1);
  });

  test("an organization without Entra ID: organization-not-connected-to-entra", async () => {
    const { code, report } = await auditJson("unconnected", "--tenant-id", seed.organization.tenantId);
    expect(tenantFindings(report)).toEqual([["organization-not-connected-to-entra", "error"]]);
    expect(report.organizationTenantId).toBeNull();
    expect(code).toBe(1);
  });

  test("without --tenant-id nothing is compared and the report has no tenant field", async () => {
    const { report } = await auditJson("unconnected");
    expect(tenantFindings(report)).toEqual([]);
    expect("organizationTenantId" in report).toBe(false);
  });

  test("a --tenant-id that is not a GUID is a usage error before any request", async () => {
    const args = ["audit", "--org", orgUrl("connected"), "--identity", SERVICE_USER];
    expectOneLineError(await spawnCli([...args, "--tenant-id", "contoso.onmicrosoft.com"], admin), /--tenant-id: .*domain name/);
    expectOneLineError(await spawnCli([...args, "--tenant-id", "nope"], admin), /--tenant-id: /);
  });
});
