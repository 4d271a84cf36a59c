/**
 * `dbt-ado hooks prune --yes` as the built executable when the network breaks, through a fault-injecting proxy
 * in front of the emulator: a lost answer to a DELETE still counts as this run's deletion, and a run stopped
 * part-way (or whose re-read fails) still prints what it did before its one-line error.
 */
import type { RunningEmulator } from "../../emulator";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy";
import { hookWrites, startHooksEmulator } from "../support/hooks-emulator";
import { IDS, TOKENS } from "../support/hooks-seed";
import { buildCli, spawnCli } from "./support/cli";

jest.setTimeout(120_000);

let emulator: RunningEmulator;
let proxy: FaultProxy;
const asAdmin = { AZURE_DEVOPS_EXT_PAT: TOKENS.admin };
const prune = () => ["hooks", "prune", "--org", proxy.orgUrl("contoso"), "--yes"];
const SUBSCRIPTION_WRITE = /\/_apis\/hooks\/subscriptions\/[^/?]+(\?|$)/;

beforeAll(() => buildCli());

beforeEach(async () => {
  emulator = await startHooksEmulator();
  proxy = await startFaultProxy(emulator.baseUrl);
});

afterEach(async () => {
  await proxy.stop();
  await emulator.stop();
});

function lastLine(text: string): string {
  return text.trimEnd().split("\n").pop() ?? "";
}

describe("hooks prune --yes when the network breaks (process)", () => {
  it("a DELETE whose answer was lost and that the retry finds gone is reported deleted, not already deleted", async () => {
    proxy.rules = [{ method: "DELETE", path: SUBSCRIPTION_WRITE, times: 1, action: { kind: "dropResponse" } }];
    const result = await spawnCli(prune(), asAdmin);
    expect(result.stdout).toMatch(new RegExp(`deleted {2}${IDS.DUP_OLD}`));
    expect(result.stdout).toMatch(new RegExp(`deleted {2}${IDS.DUP_DEAD}`));
    expect(result.stdout).not.toMatch(/already deleted/);
    expect(result.stdout).toMatch(/^Applied 3 of 3 changes$/m);
    expect(hookWrites(emulator).DELETE).toBe(3);
    expect(result.code).toBe(1);
  });

  it("an authentication error part-way: what was done, what failed and what was not attempted, then one line, exit 2", async () => {
    const unauthorized = { message: "TF400813: The user is not authorized to access this resource.", typeKey: "UnauthorizedRequestException" };
    proxy.rules = [{ path: /./, when: () => proxy.writesForwarded() >= 1, action: { kind: "respond", status: 401, body: unauthorized } }];
    const result = await spawnCli(prune(), asAdmin);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/Applied 1 of 3 changes; 1 failed, 1 not attempted/);
    expect(result.stdout).toMatch(new RegExp(`deleted {2}${IDS.DUP_OLD}`));
    expect(result.stdout).toMatch(new RegExp(`FAILED {2}${IDS.DUP_DEAD}.*HTTP 401`));
    expect(result.stdout).toMatch(new RegExp(`NOT ATTEMPTED {2}${IDS.USER_OFF}`));
    // The re-read fails the same way: its error is the one line, after the report.
    expect(lastLine(result.stderr)).toMatch(/^dbt-ado: .*HTTP 401/);
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(hookWrites(emulator)).toEqual({ DELETE: 1, PUT: 0, POST: 0 });
  });
});
