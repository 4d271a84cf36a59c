/**
 * `dbt-ado hooks list|prune` as the built executable (`node build/src/cli/main.js`) against the emulator over
 * real HTTP: output, exit codes, and that prune writes nothing without --yes and nothing on a second run.
 */
import type { RunningEmulator } from "../../emulator";
import type { HooksReport } from "../../src/core/hooks/index";
import { buildCli, expectOneLineError, spawnCli } from "./support/cli";
import { hookWrites, startHooksEmulator } from "../support/hooks-emulator";
import { IDS, SINGLE_TENANT_HOST, TOKENS } from "../support/hooks-seed";

jest.setTimeout(120_000);

let emulator: RunningEmulator;
const org = () => emulator.orgUrl("contoso");
const asAdmin = { AZURE_DEVOPS_EXT_PAT: TOKENS.admin };

beforeAll(async () => {
  await buildCli();
});

beforeEach(async () => {
  emulator = await startHooksEmulator();
});

afterEach(async () => {
  await emulator.stop();
});

describe("hooks list", () => {
  test("--format json: the report on stdout, progress on stderr, exit 1 while error findings remain", async () => {
    const result = await spawnCli(["hooks", "list", "--org", org(), "--identity", "svc-dbt@contoso.com", "--format", "json"], asAdmin);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as HooksReport;
    expect(report.schemaVersion).toBe(1);
    expect(report.serviceUser).toMatchObject({ principalName: "svc-dbt@contoso.com" });
    const states = Object.fromEntries(report.dbtSubscriptions.map((view) => [view.id, view.state]));
    expect(states).toMatchObject({
      [IDS.KEPT]: "healthy",
      [IDS.DUP_OLD]: "duplicate",
      [IDS.USER_OFF]: "disabledByUser",
      [IDS.MKT]: "disabledByInactiveIdentity",
    });
    expect(report.otherSubscriptions.map((view) => view.id)).toContain(IDS.LOOKALIKE);
    expect(result.stderr).toMatch(/Service hook subscriptions in scope/);
    expect(result.stderr).not.toMatch(/^dbt-ado:/m);
    expect(hookWrites(emulator)).toEqual({ DELETE: 0, PUT: 0, POST: 0 });
  });

  test("table: a caller without View Subscriptions is told it cannot see, not that there are none", async () => {
    const result = await spawnCli(["hooks", "list", "--org", org()], { AZURE_DEVOPS_EXT_PAT: TOKENS.alice });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^\s+Marketing\s+CANNOT SEE\s/m);
    expect(result.stdout).toMatch(/^\s+Docs\s+CANNOT SEE\s/m);
    expect(result.stdout).toMatch(/^\s+Analytics\s+visible\s/m);
    expect(result.stdout).toMatch(/hooks-cannot-see {2}Cannot see the service hook subscriptions of Marketing/);
    // The look-alike host is called suspicious by the CLI too, as on the hub's Service hooks tab.
    expect(result.stdout.replace(/\s+/g, " ")).toMatch(
      /hook-look-alike-host git\.pullrequest\.created subscription \S+ posts to getdbt\.com\.evil\.example, which looks like getdbt\.com but is not dbt Cloud's/,
    );
  });

  test("--access-url makes a single-tenant host dbt Cloud's", async () => {
    const without = JSON.parse((await spawnCli(["hooks", "list", "--org", org(), "--format", "json"], asAdmin)).stdout) as HooksReport;
    const withUrl = JSON.parse(
      (await spawnCli(["hooks", "list", "--org", org(), "--format", "json", "--access-url", `https://${SINGLE_TENANT_HOST}/`], asAdmin)).stdout,
    ) as HooksReport;
    expect(without.dbtSubscriptions.map((view) => view.id)).not.toContain(IDS.SINGLE);
    expect(withUrl.dbtSubscriptions.map((view) => view.id)).toContain(IDS.SINGLE);
    expect(withUrl.accessUrl).toBe(SINGLE_TENANT_HOST);
    expect(withUrl.projects.find((p) => p.name === "Docs")!.missingDbtSubscription).toBe(false);
  });

  test("usage and not-found errors: exit 2 with one line on stderr", async () => {
    expectOneLineError(
      await spawnCli(["hooks", "list", "--org", org(), "--access-url", "login.dbt.com"], asAdmin),
      /--access-url: login\.dbt\.com is dbt's sign-in page/,
    );
    expectOneLineError(await spawnCli(["hooks", "list", "--org", org()], {}), /AZURE_DEVOPS_EXT_PAT/);
    expectOneLineError(await spawnCli(["hooks", "list", "--org", org(), "--project", "Nope"], asAdmin), /Project "Nope" was not found/);
    expectOneLineError(await spawnCli(["hooks", "list", "--org", org(), "--format", "xml"], asAdmin), /--format must be one of table, json/);
    expectOneLineError(await spawnCli(["hooks", "list", "--org", org()], { AZURE_DEVOPS_EXT_PAT: "wrong-pat" }), /token was rejected/);
  });
});

describe("hooks prune", () => {
  test("plan without --yes writes nothing; --yes applies it and re-reads; a second run writes nothing", async () => {
    const plan = await spawnCli(["hooks", "prune", "--org", org()], asAdmin);
    expect(plan.code).toBe(1);
    const planned = plan.stdout.slice(0, plan.stdout.indexOf("Nothing was changed"));
    expect(planned).toMatch(new RegExp(`DELETE ${IDS.DUP_OLD}\\s`));
    expect(planned).toMatch(new RegExp(`DELETE ${IDS.DUP_DEAD}\\s`));
    expect(planned).toMatch(new RegExp(`RE-ENABLE ${IDS.USER_OFF}\\s`));
    expect(planned).toMatch(/2 to delete, 1 to re-enable/);
    for (const untouched of [IDS.KEPT, IDS.LOOKALIKE, IDS.SLACK_A, IDS.SLACK_B, IDS.SYSTEM_OFF, IDS.MKT]) {
      expect(planned).not.toMatch(new RegExp(`(DELETE|RE-ENABLE) ${untouched}`));
    }
    expect(plan.stdout).toMatch(/Run again with --yes/);
    expect(hookWrites(emulator)).toEqual({ DELETE: 0, PUT: 0, POST: 0 });

    const apply = await spawnCli(["hooks", "prune", "--org", org(), "--yes"], asAdmin);
    // The system- and identity-disabled subscriptions need people: findings remain.
    expect(apply.code).toBe(1);
    expect(apply.stdout).toMatch(new RegExp(`deleted {2}${IDS.DUP_OLD}`));
    expect(apply.stdout).toMatch(new RegExp(`re-enabled {2}${IDS.USER_OFF}`));
    expect(apply.stdout).toMatch(/0 duplicate/);
    expect(apply.stdout).toMatch(/hook-disabled-by-system/);
    expect(apply.stderr).toMatch(/Re-reading/);
    expect(hookWrites(emulator)).toEqual({ DELETE: 2, PUT: 1, POST: 0 });
    const state = emulator.state("contoso");
    for (const untouched of [IDS.LOOKALIKE, IDS.SLACK_A, IDS.SLACK_B, IDS.SYSTEM_OFF, IDS.MKT, IDS.KEPT]) {
      expect(state.subscriptions.has(untouched.toLowerCase())).toBe(true);
    }

    const again = await spawnCli(["hooks", "prune", "--org", org(), "--yes"], asAdmin);
    expect(again.code).toBe(1);
    expect(again.stdout).toMatch(/0 to delete, 0 to re-enable\n\s+Nothing to change\./);
    expect(hookWrites(emulator)).toEqual({ DELETE: 2, PUT: 1, POST: 0 });
  });

  test("exit 0 once the organization is in the desired state", async () => {
    // People reconnected the two dead repositories in dbt Cloud: the dead subscriptions are gone.
    const state = emulator.state("contoso");
    state.subscriptions.delete(IDS.SYSTEM_OFF);
    state.subscriptions.delete(IDS.MKT);
    const apply = await spawnCli(["hooks", "prune", "--org", org(), "--yes"], asAdmin);
    expect(apply.code).toBe(0);
    expect(apply.stdout).toMatch(/Result {8}PASS/);
    const list = await spawnCli(["hooks", "list", "--org", org()], asAdmin);
    expect(list.code).toBe(0);
    // The Docs gap is a warning: it does not change the exit code.
    expect(list.stdout).toMatch(/hooks-missing-in-project {2}Docs has 1 repository/);
  });

  test("a write the service refuses (403) makes prune exit 2 with one line on stderr", async () => {
    const state = emulator.state("contoso");
    const svc = state.resolve("svc-dbt@contoso.com")!;
    state.writeAce("cb594ebe-87dd-4fc9-ac2c-6a10a4c92046", "PublisherSecurity", { descriptor: svc.descriptor, allow: 1, deny: 0 }, true);
    const result = await spawnCli(["hooks", "prune", "--org", org(), "--yes"], { AZURE_DEVOPS_EXT_PAT: TOKENS.svc });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/FAILED/);
    const last = result.stderr.trim().split("\n").pop()!;
    // The refusal names the permission the write needs.
    expect(last).toMatch(
      /^dbt-ado: 3 of 3 changes failed; first: Azure DevOps refused the delete of subscription \S+ \(HTTP 403\): the account behind the token needs "Delete Subscriptions" \(ServiceHooks bit 4\)/,
    );
    expect(state.subscriptions.has(IDS.DUP_OLD.toLowerCase())).toBe(true);
  });
});
