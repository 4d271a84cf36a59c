/**
 * `dbt-ado grant --yes` as the built executable when the network breaks after the writes: the report of what
 * was applied still reaches stdout, then one line on stderr, exit 2. Through a fault-injecting proxy in front
 * of the emulator.
 */
import { loadSeed, startEmulator, type RunningEmulator } from "../../emulator";
import { startFaultProxy, type FaultProxy } from "../support/fault-proxy";
import { buildCli, spawnCli } from "./support/cli";

const ADMIN = { AZURE_DEVOPS_EXT_PAT: "demo-admin-pat" };

let emulator: RunningEmulator;
let proxy: FaultProxy;
const grant = (...extra: string[]) => ["grant", "--org", proxy.orgUrl("contoso"), "--identity", "svc-dbt@contoso.com", "--yes", ...extra];

beforeAll(() => buildCli());

beforeEach(async () => {
  emulator = await startEmulator({ seeds: [loadSeed("emulator/seeds/demo.json")] });
  proxy = await startFaultProxy(emulator.baseUrl);
});

afterEach(async () => {
  await proxy.stop();
  await emulator.stop();
});

describe("dbt-ado grant --yes when the network breaks (process)", () => {
  it("the re-read after successful writes fails: the report is printed, then one line, exit 2", async () => {
    proxy.rules = [
      {
        method: "GET",
        path: /\/_apis\/projects/,
        when: () => proxy.writesForwarded() > 0,
        action: { kind: "respond", status: 500, body: { message: "down" } },
      },
    ];
    const result = await spawnCli(grant(), ADMIN);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain("Applied 5 of 5 changes (5 writes):");
    expect(result.stdout.match(/^ {2}done {5}/gm)).toHaveLength(5);
    // Nothing after the report on stdout; the error is the last line on stderr, one line, no stack.
    expect(result.stdout.trimEnd().endsWith("add to [HR]\\Readers") || /\n {2}done {5}[^\n]+$/.test(result.stdout.trimEnd())).toBe(true);
    const lines = result.stderr.trimEnd().split("\n");
    expect(lines[lines.length - 1]).toMatch(
      /^dbt-ado: Applied 5 of 5 changes, but re-reading the organization to check the result failed: .*HTTP 500.* Run the same command again to check \(it writes only what is still missing\)\.$/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
