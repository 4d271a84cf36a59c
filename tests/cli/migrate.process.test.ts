/**
 * `dbt-ado migrate` as the built executable against the emulator's demo organization, which has the service user
 * svc-dbt and, beside it, the Entra app's service principal.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import type { AuditReport } from "../../src/core/audit/report";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { buildCli, expectOneLineError, ROOT, spawnCli, type CliResult } from "./support/cli";
import { ADMIN_PAT, SERVICE_USER, demoSeed } from "./support/demo";

const ADMIN = { AZURE_DEVOPS_EXT_PAT: ADMIN_PAT };
const PRINCIPAL = "dbt Labs Azure DevOps app";
const WRITES = ["POST accesscontrolentries", "PUT memberships", "DELETE accesscontrolentries", "DELETE memberships"];
/** Marketing has a deny on the service user's own entry; the service principal is planned like any identity. */
const PROJECTS = ["--project", "Analytics", "--project", "Finance"];

interface MigrateJson {
  mode: string;
  from: { kind: string };
  to: { kind: string; displayName: string };
  parity: { project: string; repository?: string; permission: string; from: string; to: string }[];
  plan: { changes: unknown[] };
  complete: boolean;
  hooksAtRisk: { id: string; project: string | null; eventType: string }[];
  dependencies: { ownEntries: object[]; memberships: { group: string }[] };
}

const validate = new Ajv2020({ strict: true, allErrors: true }).compile(
  JSON.parse(readFileSync(join(ROOT, "schema", "migrate-report.schema.json"), "utf8")) as Record<string, unknown>,
);
function schemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}

/** Ids of the seed's dbt Cloud subscriptions (a dbt.com host) in the projects above that the service user created. */
function seedHooksBy(): string[] {
  const projects = PROJECTS.filter((_, index) => index % 2 === 1);
  return (demoSeed().subscriptions ?? [])
    .filter((hook) => hook.createdBy === SERVICE_USER && projects.includes(hook.project ?? ""))
    .filter((hook) => /(^|\.)(getdbt|dbt)\.com$/.test(new URL(String(hook.consumerInputs?.url)).hostname))
    .map((hook) => hook.id)
    .sort();
}

let emulator: RunningEmulator;
const org = () => emulator.orgUrl("contoso");
const migrate = (...extra: string[]) => ["migrate", "--org", org(), "--from", SERVICE_USER, "--to", PRINCIPAL, ...PROJECTS, ...extra];
const writes = () => WRITES.reduce((sum, route) => sum + (emulator.stats.byRoute[route] ?? 0), 0);
const run = (args: string[]): Promise<CliResult> => spawnCli(args, ADMIN);

async function serviceUserAudit(): Promise<AuditReport["projects"]> {
  const result = await run(["audit", "--org", org(), "--identity", SERVICE_USER, ...PROJECTS, "--format", "json"]);
  return (JSON.parse(result.stdout) as AuditReport).projects;
}

beforeAll(() => buildCli());
beforeEach(async () => {
  emulator = await startEmulator({ seeds: [demoSeed()] });
});
afterEach(async () => {
  await emulator.stop();
});

describe("dbt-ado migrate (process)", () => {
  test("without --yes: both identities side by side, the service principal's plan, nothing written, exit 1", async () => {
    const result = await run(migrate("--format", "json"));
    expect(result.code).toBe(1);
    const body = JSON.parse(result.stdout) as MigrateJson;
    expect(body).toMatchObject({ mode: "plan", from: { kind: "user" }, to: { kind: "servicePrincipal", displayName: PRINCIPAL }, complete: false });
    expect(body.parity.length).toBeGreaterThan(0);
    expect(new Set(body.parity.map((row) => row.project))).toEqual(new Set(["Analytics", "Finance"]));
    expect(body.parity.some((row) => row.to !== "allow")).toBe(true);
    expect(body.plan.changes.length).toBeGreaterThan(0);
    // The demo's dbt Cloud subscriptions that svc-dbt created, counted from the seed.
    const created = seedHooksBy();
    expect(body.hooksAtRisk.map((hook) => hook.id).sort()).toEqual(created);
    expect(created.length).toBeGreaterThan(0);
    expect(writes()).toBe(0);
    expect(schemaErrors(body)).toEqual([]);
    // What stays with the service user: the demo seed gives it its own Contribute on finance-dbt and an allow on
    // the ServiceHooks root, and adds it to the dbt Integration Accounts group directly.
    expect(body.dependencies.ownEntries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ project: "Finance", repository: "finance-dbt", allows: ["GenericContribute"], denies: [] }),
        expect.objectContaining({ namespaceName: "ServiceHooks", token: "PublisherSecurity" }),
      ]),
    );
    expect(body.dependencies.memberships.map((m) => m.group)).toContain("[TEAM FOUNDATION]\\dbt Integration Accounts");
    // The organization is read once for both identities: one query per namespace, one repository list, one
    // project list, one Graph groups list, one subscription list.
    expect(
      ["GET accesscontrollists", "GET repositories", "GET projects", "GET groups", "GET subscriptions"].map((key) => emulator.stats.byRoute[key]),
    ).toEqual([3, 1, 1, 1, 1]);

    const table = await run(migrate());
    expect(table.stdout).toMatch(/service user\s+service principal/);
    expect(table.stdout).toContain("Nothing was written. Run again with --yes to apply.");
    expect(table.stdout).toContain("Personal access tokens of the service user are not read here");
    expect(writes()).toBe(0);
  });

  test("--yes grants the service principal, converges, a re-run writes nothing, and the service user is untouched", async () => {
    const before = await serviceUserAudit();
    const applied = await run(migrate("--yes"));
    expect({ code: applied.code, stderr: applied.stderr.split("\n").filter((l) => l.startsWith("dbt-ado:")) }).toEqual({ code: 0, stderr: [] });
    expect(applied.stdout).toContain(`${PRINCIPAL} now has every permission dbt Cloud needs.`);
    expect(writes()).toBeGreaterThan(0);

    emulator.resetStats();
    const again = await run(migrate("--yes", "--format", "json"));
    expect(again.code).toBe(0);
    const body = JSON.parse(again.stdout) as MigrateJson;
    expect(body.complete).toBe(true);
    expect(body.parity.every((row) => row.to === "allow")).toBe(true);
    expect(schemaErrors(body)).toEqual([]);
    expect(writes()).toBe(0);

    expect(await serviceUserAudit()).toEqual(before);
  });

  test("bad --from/--to: one line, exit 2, nothing written", async () => {
    const base = ["migrate", "--org", org()];
    expectOneLineError(await run([...base, "--from", SERVICE_USER, "--to", SERVICE_USER]), /same identity/);
    expectOneLineError(await run([...base, "--from", PRINCIPAL, "--to", PRINCIPAL]), /same identity/);
    expectOneLineError(await run([...base, "--from", PRINCIPAL, "--to", SERVICE_USER]), /--from must be a service user/);
    expectOneLineError(
      await run([...base, "--from", SERVICE_USER, "--to", "dana.lee@contoso.com"]),
      /--to must be a service principal; dana\.lee@contoso\.com is a user/,
    );
    expectOneLineError(await run([...base, "--from", SERVICE_USER, "--to", "nobody-at-all@contoso.com"]), /nobody-at-all/);
    expectOneLineError(await run([...base, "--from", SERVICE_USER, "--to", "dbt Labs"]), /did you mean dbt Labs Azure DevOps app/);
    expect(writes()).toBe(0);
  });
});
