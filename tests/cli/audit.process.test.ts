/**
 * The real executable (`node build/src/cli/main.js`, built by `npm run build`) against the emulator over HTTP:
 * exit codes, the one-line errors on stderr, the shape of each output format, and that the JSON agrees with
 * the demo seed's expectedGaps.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type OrgSeed, type RunningEmulator } from "../../emulator";
import type { AuditReport } from "../../src/core/audit/report";
import { MAIN, buildCli, expectOneLineError, spawnCli, type Env } from "./support/cli";
import { ADMIN_PAT, SERVICE_USER, demoSeed, expectedGaps, gapsOf } from "./support/demo";
import { schemaErrors } from "./support/schema";

let emulator: RunningEmulator;
let seed: OrgSeed;
let org: string;
let tmp: string;
const admin: Env = { AZURE_DEVOPS_EXT_PAT: ADMIN_PAT };
const auditArgs = (...extra: string[]) => ["audit", "--org", org, "--identity", SERVICE_USER, ...extra];

beforeAll(async () => {
  seed = demoSeed();
  [emulator] = await Promise.all([startEmulator({ seeds: [seed] }), buildCli()]);
  org = emulator.orgUrl("contoso");
  tmp = mkdtempSync(join(tmpdir(), "dbt-ado-cli-"));
}, 180_000);

afterAll(async () => {
  await emulator?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Figures the summary line must show, counted from the seed itself rather than from the CLI's code. */
function seedCompletion() {
  const gaps = expectedGaps(seed);
  const disabled = new Set(seed.projects.flatMap((p) => p.repositories.filter((r) => r.isDisabled).map((r) => `${p.name}/${r.name}`)));
  const repos = seed.projects.flatMap((p) => p.repositories.map((r) => `${p.name}/${r.name}`)).filter((r) => !disabled.has(r));
  // A project is complete only when its own permissions and all its enabled repositories are.
  const projectsWithGaps = new Set(gaps.filter((g) => !g.repository || !disabled.has(`${g.project}/${g.repository}`)).map((g) => g.project));
  const reposWithGaps = new Set(gaps.filter((g) => g.repository).map((g) => `${g.project}/${g.repository}`));
  return {
    line:
      `${seed.projects.length - projectsWithGaps.size} of ${seed.projects.length} projects and ` +
      `${repos.filter((r) => !reposWithGaps.has(r)).length} of ${repos.length} repositories complete (${disabled.size} disabled not counted)`,
    countedGaps: gaps.filter((g) => !g.repository || !disabled.has(`${g.project}/${g.repository}`)).length,
  };
}

describe("dbt-ado audit (process)", () => {
  test("--format json: exit 1, a schema-valid report whose gaps are exactly the seed's expectedGaps", async () => {
    const result = await spawnCli(auditArgs("--format", "json"), admin);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(schemaErrors(report)).toEqual([]);
    expect(report.organization).toBe("contoso");
    expect(report.identity.principalName).toBe(SERVICE_USER);
    expect(report.ok).toBe(false);
    expect(report.findings).toEqual([]);
    expect(gapsOf(report)).toEqual(expectedGaps(seed));
    expect(expectedGaps(seed).length).toBeGreaterThan(0);
    // Progress went to stderr, and no error line.
    expect(result.stderr).toMatch(/Read 5 projects and 13 repositories/);
    expect(result.stderr).not.toMatch(/^dbt-ado: /m);
  });

  test("default table: readable, uncoloured when piped, ending with the completion summary", async () => {
    const result = await spawnCli(auditArgs(), admin);
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n")[0]).toBe("dbt Cloud service user audit: contoso");
    expect(result.stdout).not.toContain("\u001b[");
    expect(result.stdout.trimEnd().split("\n").pop()).toBe(seedCompletion().line);
    for (const project of seed.projects) expect(result.stdout).toMatch(new RegExp(`^${project.name} +[✓✗–]`, "m"));
    expect(result.stdout).toMatch(/^ {2}✗ Marketing {2}EditSubscriptions: denied$/m);
  });

  test("--format markdown: summary table and one problem item per counted gap", async () => {
    const result = await spawnCli(auditArgs("--format", "markdown"), admin);
    expect(result.code).toBe(1);
    expect(result.stdout.startsWith("## dbt Cloud service user audit: contoso\n")).toBe(true);
    const projectRows = result.stdout.split("\n").filter((l) => /^\| (?!Project|---)/.test(l));
    expect(projectRows).toHaveLength(seed.projects.length);
    const problems = result.stdout.slice(result.stdout.indexOf("### Problems"), result.stdout.indexOf("<details>"));
    expect(problems.split("\n").filter((l) => l.startsWith("- "))).toHaveLength(seedCompletion().countedGaps);
  });

  test("--format junit: a suite per project and a failure per counted gap", async () => {
    const result = await spawnCli(auditArgs("--format", "junit"), admin);
    expect(result.code).toBe(1);
    expect(result.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(result.stdout.match(/<testsuite /g)).toHaveLength(seed.projects.length + 1);
    expect(result.stdout.match(/<failure /g)).toHaveLength(seedCompletion().countedGaps);
    expect(result.stdout.trimEnd().endsWith("</testsuites>")).toBe(true);
  });

  test("--output writes the result to the file and nothing to stdout", async () => {
    const file = join(tmp, "report.json");
    const result = await spawnCli(auditArgs("--format", "json", "--output", file), admin);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(`Wrote the json report to ${file}`);
    const report = JSON.parse(readFileSync(file, "utf8")) as AuditReport;
    expect(schemaErrors(report)).toEqual([]);
    expect(gapsOf(report)).toEqual(expectedGaps(seed));
  });

  test("exit 0 when every permission is effective and there is no error finding", async () => {
    const result = await spawnCli(["audit", "--org", org, "--identity", "admin@contoso.com", "--format", "json"], admin);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(report.ok).toBe(true);
    expect(gapsOf(report)).toEqual([]);
  });

  test("exit 1 for an error finding (Stakeholder access level)", async () => {
    const result = await spawnCli(["audit", "--org", org, "--identity", "svc-dbt-stakeholder@contoso.com", "--format", "json"], admin);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(schemaErrors(report)).toEqual([]);
    expect(report.findings.map((f) => [f.id, f.severity])).toContainEqual(["stakeholder-access-level", "error"]);
  });

  test("--project limits the audit (names match case-insensitively)", async () => {
    const result = await spawnCli(auditArgs("--project", "hr", "--project", "Finance", "--format", "json"), admin);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(report.projects.map((p) => p.name)).toEqual(["Finance", "HR"]);
    expect(gapsOf(report)).toEqual(expectedGaps(seed).filter((g) => g.project === "Finance" || g.project === "HR"));
  });

  test("SYSTEM_ACCESSTOKEN is sent as a bearer token; AZURE_DEVOPS_EXT_PAT wins when both are set", async () => {
    const bearer = await spawnCli(auditArgs("--format", "json"), { SYSTEM_ACCESSTOKEN: "demo-admin-bearer" });
    expect(bearer.code).toBe(1);
    expect(gapsOf(JSON.parse(bearer.stdout))).toEqual(expectedGaps(seed));
    const both = await spawnCli(auditArgs("--format", "json"), { AZURE_DEVOPS_EXT_PAT: ADMIN_PAT, SYSTEM_ACCESSTOKEN: "not-a-token" });
    expect(both.code).toBe(1);
    // The PAT sent as a bearer token is refused: the kinds are not interchangeable.
    expectOneLineError(await spawnCli(auditArgs(), { SYSTEM_ACCESSTOKEN: ADMIN_PAT }), /token was rejected/);
  });

  test("--version and --help", async () => {
    const version = await spawnCli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^dbt-ado \d+\.\d+\.\d+\n$/);
    const help = await spawnCli(["audit", "-h"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Usage: dbt-ado audit --org <name|url>");
  });
});

/** A port nothing listens on: one the OS just handed out and that was closed again. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("dbt-ado audit (process): bad input exits 2 with one line on stderr", () => {
  const cases: [string, () => Promise<[string[], Env]>, RegExp][] = [
    [
      "unknown organization",
      async () => [["audit", "--org", emulator.orgUrl("fabrikam"), "--identity", SERVICE_USER], admin],
      /Organization "fabrikam" was not found/,
    ],
    [
      "unreachable host",
      async () => [["audit", "--org", `http://127.0.0.1:${await freePort()}/contoso`, "--identity", SERVICE_USER], admin],
      /Could not connect to 127\.0\.0\.1:\d+/,
    ],
    [
      "malformed --org",
      async () => [["audit", "--org", "contoso corp", "--identity", SERVICE_USER], admin],
      /not a valid Azure DevOps organization name/,
    ],
    ["missing credentials", async () => [auditArgs(), {}], /No credentials: set AZURE_DEVOPS_EXT_PAT/],
    ["rejected token (203 sign-in page)", async () => [auditArgs(), { AZURE_DEVOPS_EXT_PAT: "not-a-real-pat" }], /token was rejected \(HTTP 203/],
    ["expired token", async () => [auditArgs(), { AZURE_DEVOPS_EXT_PAT: "demo-expired-pat" }], /token was rejected/],
    ["caller lacks permission (403)", async () => [auditArgs(), { AZURE_DEVOPS_EXT_PAT: "demo-engineer-pat" }], /Access denied \(HTTP 403\)/],
    [
      "unknown identity",
      async () => [["audit", "--org", org, "--identity", "nobody@contoso.com"], admin],
      /No user or service principal matching "nobody@contoso\.com"/,
    ],
    [
      "ambiguous identity lists the candidates",
      async () => [["audit", "--org", org, "--identity", "Data Engineer"], admin],
      /"Data Engineer" matches 2 identities.*dana\.lee@contoso\.com.*sam\.ortiz@contoso\.com/,
    ],
    [
      "a name that matches one identity only loosely is not picked: did you mean",
      async () => [["audit", "--org", org, "--identity", "dbt Serv"], admin],
      /No identity in contoso is exactly "dbt Serv"; did you mean dbt Service User <svc-dbt@contoso\.com>\?/,
    ],
    ["unknown --project", async () => [auditArgs("--project", "Nope"), admin], /Project "Nope" was not found/],
    ["unknown flag", async () => [auditArgs("--frobnicate"), admin], /unknown flag --frobnicate for "audit"/],
    ["unknown command", async () => [["adit", "--org", org], admin], /unknown command "adit"/],
    ["missing flag value", async () => [["audit", "--identity", SERVICE_USER, "--org"], admin], /--org needs a value/],
    [
      "unwritable --output",
      async () => [auditArgs("--output", join(tmp, "missing-dir", "out.txt")), admin],
      /cannot write --output file ".*out\.txt": ENOENT/,
    ],
  ];

  test.each(cases)("%s", async (_, setup, pattern) => {
    const [args, env] = await setup();
    expectOneLineError(await spawnCli(args, env), pattern);
  });
});

describe("dbt-ado audit (process): output pipe", () => {
  test("a reader that closes the pipe early gets no stack trace", async () => {
    const child = spawn(process.execPath, [MAIN, ...auditArgs("--format", "json")], {
      env: { PATH: process.env.PATH, ...admin },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Like `| head -c 0`: close our end before the result is written.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).not.toMatch(/EPIPE|\n\s+at /);
    expect(stderr).toMatch(/Read 5 projects/);
    expect(code).toBe(1);
  });
});
