/**
 * `run` in-process against the emulator, for what the process tests cannot control: a terminal on stdout,
 * the clock, and the order of lines on stderr.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadSeed, startEmulator, type RunningEmulator } from "../../emulator";
import type { AuditReport } from "../../src/core/audit/report";
import { ROOT, expectOneLineError, runCli } from "./support/cli";
import { ADMIN_PAT, SERVICE_USER, expectedGaps, gapsOf } from "./support/demo";
import { schemaErrors } from "./support/schema";

const seed = loadSeed(join(ROOT, "emulator", "seeds", "demo.json"));
const env = { AZURE_DEVOPS_EXT_PAT: ADMIN_PAT };
let emulator: RunningEmulator;
let tmp: string;
const auditArgs = (...extra: string[]) => ["audit", "--org", emulator.orgUrl("contoso"), "--identity", SERVICE_USER, ...extra];
const ESC = "\u001b[";

beforeAll(async () => {
  emulator = await startEmulator({ seeds: [seed] });
  tmp = mkdtempSync(join(tmpdir(), "dbt-ado-run-"));
});
afterAll(async () => {
  await emulator.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("colour", () => {
  test("the table is coloured on a terminal", async () => {
    const result = await runCli(auditArgs(), env, { tty: true });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${ESC}31m✗${ESC}0m`);
  });

  test("but not when NO_COLOR is set, not when piped, and never in a file", async () => {
    expect((await runCli(auditArgs(), { ...env, NO_COLOR: "1" }, { tty: true })).stdout).not.toContain(ESC);
    expect((await runCli(auditArgs(), env, { tty: false })).stdout).not.toContain(ESC);
    const file = join(tmp, "table.txt");
    const toFile = await runCli(auditArgs("--output", file), env, { tty: true });
    expect(toFile.stdout).toBe("");
    expect(readFileSync(file, "utf8")).not.toContain(ESC);
    expect(readFileSync(file, "utf8")).toContain("dbt Cloud service user audit: contoso");
  });

  test("other formats never carry colour", async () => {
    for (const format of ["json", "markdown", "junit"]) {
      expect((await runCli(auditArgs("--format", format), env, { tty: true })).stdout).not.toContain(ESC);
    }
  });
});

describe("findings follow the clock", () => {
  // svc-dbt last signed in on 2026-10-17T07:45:00Z in the demo seed.
  test("recent activity: no finding, the gaps alone make exit 1", async () => {
    const result = await runCli(auditArgs("--format", "json"), env, { now: new Date("2026-10-20T00:00:00Z") });
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(report.findings).toEqual([]);
    expect(gapsOf(report)).toEqual(expectedGaps(seed));
  });

  test("past 90 days without sign-in: an inactive-service-user error", async () => {
    const result = await runCli(auditArgs("--format", "json"), env, { now: new Date("2027-02-01T00:00:00Z") });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(schemaErrors(report)).toEqual([]);
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([["inactive-service-user", "error"]]);
  });

  test("an error finding alone fails an identity whose permissions are complete", async () => {
    const args = ["audit", "--org", emulator.orgUrl("contoso"), "--identity", "admin@contoso.com", "--format", "json"];
    // admin@contoso.com last signed in on 2026-11-25T16:20:00Z.
    expect((await runCli(args, env, { now: new Date("2026-11-26T00:00:00Z") })).code).toBe(0);
    const stale = await runCli(args, env, { now: new Date("2027-04-01T00:00:00Z") });
    expect(stale.code).toBe(1);
    expect(gapsOf(JSON.parse(stale.stdout))).toEqual([]);
  });
});

describe("stderr", () => {
  test("progress goes to stderr, so stdout is only the result", async () => {
    const result = await runCli(auditArgs("--format", "json"), env);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stderr).toMatch(/^Discovering the service hosts of contoso/m);
  });

  test("an --output that cannot be written fails before any request", async () => {
    emulator.resetStats();
    expectOneLineError(await runCli(auditArgs("--output", join(tmp, "no", "such", "dir.json")), env), /cannot write --output file .*ENOENT/);
    expectOneLineError(await runCli(auditArgs("--output", tmp), env), /cannot write --output file .*it is a folder/);
    expect(emulator.stats.requests).toBe(0);
  });
});
