/**
 * `dbt-ado grant` as the built executable (built once by the Jest global setup, then `node build/src/cli/main.js`) against the
 * emulator over HTTP. The child is spawned asynchronously: the emulator runs in this process, and a
 * synchronous spawn would block it.
 */
import { join } from "node:path";
import { loadSeed, startEmulator, type RunningEmulator } from "../../emulator";
import { buildCli, expectOneLineError, spawnCli, type CliResult, type Env } from "./support/cli";

const ROOT = join(__dirname, "..", "..");
const SEED = loadSeed(join(ROOT, "emulator", "seeds", "demo.json"));
const ADMIN = { AZURE_DEVOPS_EXT_PAT: "demo-admin-pat" };
const WRITES = ["POST accesscontrolentries", "PUT memberships"];
/** Every demo project but Marketing, whose EditSubscriptions deny on the service user's own entry is blocked. */
const FIXABLE = ["--project", "Analytics", "--project", "Finance", "--project", "HR", "--project", "Platform"];

function cli(args: string[], env: Env = ADMIN): Promise<CliResult> {
  return spawnCli(args, env);
}

let emulator: RunningEmulator;
const grant = (...extra: string[]) => ["grant", "--org", emulator.orgUrl("contoso"), "--identity", "svc-dbt@contoso.com", ...extra];
const writes = () => WRITES.reduce((sum, route) => sum + (emulator.stats.byRoute[route] ?? 0), 0);

beforeAll(() => buildCli());

beforeEach(async () => {
  emulator = await startEmulator({ seeds: [SEED] });
});

afterEach(async () => {
  await emulator.stop();
});

describe("dbt-ado grant (process)", () => {
  it("without --yes prints the plan as JSON, writes nothing and exits 1", async () => {
    const result = await cli(grant("--format", "json"));
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ schemaVersion: 1, mode: "plan", apply: null, after: null, desiredState: false });
    expect(output.plan.scope).toBe("project");
    expect(output.plan.changes).toHaveLength(5);
    expect(output.plan.blocked.map((item: { cell: { permission: string } }) => item.cell.permission)).toEqual(["EditSubscriptions"]);
    expect(output.callerCheck).toMatchObject({ canApply: true, refused: [] });
    expect(writes()).toBe(0);
  });

  it("--format az prints the reviewed script and writes nothing", async () => {
    const result = await cli(grant("--format", "az", "--scope", "org"));
    expect(result.code).toBe(1);
    expect(result.stdout.startsWith("#!/usr/bin/env bash\n")).toBe(true);
    const commands = result.stdout.split("\n").filter((line) => line.startsWith("az "));
    // ServiceHooks are already allowed organization-wide in the demo; Contribute goes on the Git root.
    expect(commands).toHaveLength(4);
    expect(commands[0]).toMatch(
      /^az devops security group membership add --organization http:\/\/127\.0\.0\.1:\d+\/contoso --group-id vssgp\.\S+ --member-id svc-dbt@contoso\.com$/,
    );
    expect(commands[1]).toMatch(
      /^az devops security permission update --organization \S+ --namespace-id 2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87 --subject svc-dbt@contoso\.com --token repoV2 --allow-bit 4$/,
    );
    expect(commands.slice(2).every((line) => line.startsWith("az devops security permission update "))).toBe(true);
    expect(result.stdout).toContain("# BLOCKED");
    expect(writes()).toBe(0);
  });

  it("--yes applies, re-reads and exits 0 when the result is the desired state; running it again writes nothing", async () => {
    emulator.configure({ throttle: { every: 4, retryAfterSeconds: 0 } });
    const applied = await cli(grant(...FIXABLE, "--yes"));
    expect(applied.stderr).toMatch(/throttling requests \(HTTP 429\)/);
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain("Applied 4 of 4 changes (4 writes)");
    expect(applied.stdout).toContain("After applying:\nEvery required permission is effective.");
    expect(writes()).toBeGreaterThanOrEqual(4);

    emulator.resetStats();
    const again = await cli(grant(...FIXABLE, "--yes"));
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("Every required permission is already effective: nothing to grant.");
    expect(writes()).toBe(0);
  });

  it("exits 1 after applying when a blocked item remains", async () => {
    const result = await cli(grant("--yes", "--format", "json"));
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output.apply.writes).toBe(5);
    expect(output.after.changes).toEqual([]);
    expect(output.after.blocked).toHaveLength(1);
    expect(output.desiredState).toBe(false);
  });

  it("a fault mid-apply exits 2 saying what was not applied; the same command then finishes the job", async () => {
    // The run without --yes makes the same requests as the one with it, up to the first write: count them,
    // so the fault hits the first ACE write (ACL read and memberships read, membership PUT, ACE POST). The
    // other two ACE writes are in flight with it (four at a time) and finish.
    emulator.resetStats();
    await cli(grant(...FIXABLE));
    const beforeWrites = emulator.stats.requests;
    emulator.configure({ faults: { every: beforeWrites + 4, status: 500 } });
    const failed = await cli(grant(...FIXABLE, "--yes"));
    emulator.configure({ faults: undefined });
    expect(failed.code).toBe(2);
    expect(failed.stderr).toMatch(
      /\ndbt-ado: Applied 3 of 4 changes, then stopped: .*HTTP 500.* Not applied: 1\. Run the same command again to finish\.\n$/,
    );
    expect(failed.stdout).toContain("  done     add to [HR]\\Readers\n");
    expect(failed.stdout.match(/^ {2}done {5}/gm)).toHaveLength(3);
    expect(failed.stdout.match(/^ {2}FAILED {3}allow GenericContribute/gm)).toHaveLength(1);

    emulator.resetStats();
    const finished = await cli(grant(...FIXABLE, "--yes"));
    expect(finished.code).toBe(0);
    expect(finished.stdout).toContain("Applied 1 of 1 changes (1 writes)");
    expect(writes()).toBe(1);
  });

  it("refuses to write, with an explanation, when the signed-in account may not manage the permissions", async () => {
    const result = await cli(grant("--yes"), { AZURE_DEVOPS_EXT_PAT: "demo-svc-pat" });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("dbt Service User cannot apply this plan:");
    expect(result.stdout).toContain("hand them the script from --format az");
    expect(result.stderr).toMatch(/\ndbt-ado: Nothing was written: dbt Service User may not manage permissions .*\n$/);
    expect(writes()).toBe(0);
  });

  it("usage errors exit 2 with one line on stderr", async () => {
    const both = await cli(grant("--format", "az", "--yes"));
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toMatch(/^dbt-ado: --format az prints a script .* cannot be combined with --yes \(see "dbt-ado grant --help"\)$/);
    const loose = await cli(["grant", "--org", emulator.orgUrl("contoso"), "--identity", "dbt Serv", "--yes"]);
    expectOneLineError(loose, /^dbt-ado: No identity in contoso is exactly "dbt Serv"; did you mean dbt Service User <svc-dbt@contoso\.com>\?/);
    expect(writes()).toBe(0);
    const scope = await cli(grant("--scope", "branch"));
    expect(scope.code).toBe(2);
    expect(scope.stderr.trim()).toMatch(/^dbt-ado: --scope must be one of org, project, repo; got "branch"/);
  });
});
