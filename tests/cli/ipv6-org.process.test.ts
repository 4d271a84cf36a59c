/**
 * An IPv6 literal organization URL (`http://[::1]:PORT/contoso`) through the built CLI, against the emulator
 * listening on the IPv6 loopback: discovery, paged reads with query parameters, and writes all reach it.
 */
import { loadSeed, startEmulator, type RunningEmulator } from "../../emulator";
import { buildCli, spawnCli } from "./support/cli";

let emulator: RunningEmulator;

beforeAll(() => buildCli());

beforeEach(async () => {
  emulator = await startEmulator({ seeds: [loadSeed("emulator/seeds/demo.json")], host: "::1" });
});

afterEach(async () => {
  await emulator.stop();
});

describe("an IPv6 literal --org (process)", () => {
  it("grant --yes reads, writes and re-reads over http://[::1]", async () => {
    const org = emulator.orgUrl("contoso");
    expect(org).toMatch(/^http:\/\/\[::1\]:\d+\/contoso$/);
    const result = await spawnCli(["grant", "--org", org, "--identity", "svc-dbt@contoso.com", "--yes", "--format", "json"], {
      AZURE_DEVOPS_EXT_PAT: "demo-admin-pat",
    });
    expect(result.stderr).not.toMatch(/^dbt-ado: /m);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output.apply.writes).toBe(5);
    expect(output.after.changes).toEqual([]);
    expect(emulator.stats.byRoute["POST accesscontrolentries"]).toBe(4);
    expect(emulator.stats.byRoute["GET identities"]).toBeGreaterThan(0);
  });

  it("audit reads the whole organization over http://[::1]", async () => {
    const result = await spawnCli(["audit", "--org", emulator.orgUrl("contoso"), "--identity", "svc-dbt@contoso.com", "--format", "json"], {
      AZURE_DEVOPS_EXT_PAT: "demo-admin-pat",
    });
    expect(result.stderr).not.toMatch(/^dbt-ado: /m);
    expect(JSON.parse(result.stdout).projects).toHaveLength(5);
  });
});
