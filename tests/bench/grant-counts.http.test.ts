import { grantWriteCounts } from "../../bench/grant-counts";
import { grantApplyChecks, grantApplyCounts } from "../../bench/grant-apply";
import { generateOrg, loadSeed, startEmulator } from "../../emulator";

describe("bench/grant-counts", () => {
  it("counts the writes of each scope's plan without writing anything (demo organization)", async () => {
    const emulator = await startEmulator({ seeds: [loadSeed("emulator/seeds/demo.json")] });
    try {
      const counts = await grantWriteCounts(emulator.orgUrl("contoso"), "demo-admin-pat", "svc-dbt@contoso.com");
      expect(counts).toMatchObject({ projects: 5, repositories: 13 });
      expect(counts.readRequests).toBeGreaterThan(0);
      // The demo's plans (see apply.emulator.test.ts): HR Readers plus Contribute on HR and Marketing, and the
      // repository-level allows for ml-experiments (inheritance off) and finance-reports (group deny).
      expect(counts.byScope.project).toMatchObject({ aceWrites: 4, membershipWrites: 1, totalWrites: 5, blocked: 1, missing: 14 });
      // org: one Contribute allow on repoV2 covers HR and Marketing; the two repository-level allows stay.
      expect(counts.byScope.org).toMatchObject({ aceWrites: 3, membershipWrites: 1, totalWrites: 4, blocked: 1 });
      // repo: Contribute on each of HR's and Marketing's two repositories, plus the same two.
      expect(counts.byScope.repo).toMatchObject({ aceWrites: 6, membershipWrites: 1, totalWrites: 7, blocked: 1 });
      expect(emulator.stats.byRoute["POST accesscontrolentries"] ?? 0).toBe(0);
      expect(emulator.stats.byRoute["PUT memberships"] ?? 0).toBe(0);
    } finally {
      await emulator.stop();
    }
  });

  it("org scope never needs more writes than project scope, nor project more than repo (generated organization)", async () => {
    const seed = generateOrg({ name: "bench", projects: 12, reposPerProject: 4 });
    const identity = seed.expectedGapsFor ?? seed.users.find((u) => u.principalName.startsWith("svc-dbt"))!.principalName;
    const emulator = await startEmulator({ seeds: [seed] });
    try {
      const { byScope } = await grantWriteCounts(emulator.orgUrl("bench"), seed.tokens[0].token, identity);
      expect(byScope.org.totalWrites).toBeLessThanOrEqual(byScope.project.totalWrites);
      expect(byScope.project.totalWrites).toBeLessThanOrEqual(byScope.repo.totalWrites);
      expect(new Set([byScope.org.missing, byScope.project.missing, byScope.repo.missing]).size).toBe(1);
      expect(new Set([byScope.org.blocked, byScope.project.blocked, byScope.repo.blocked]).size).toBe(1);
    } finally {
      await emulator.stop();
    }
  });
});

describe("bench/grant-apply", () => {
  it("applies each scope's plan with the reads batched: requests stay within 10 % (+ 50) of the writes", async () => {
    const rows = await grantApplyCounts({ projects: 40, reposPerProject: 5, latencyMs: 0 });
    expect(rows.map((row) => row.scope)).toEqual(["org", "project", "repo"]);
    for (const row of rows) {
      expect(row.writes).toBe(row.planned);
      expect(row.writes).toBeGreaterThan(0);
      expect(row.stillMissing).toBe(0);
      // Apply alone: the writes, one ACL read per namespace before and after, one memberships read.
      // Beyond the writes: one ACL read per namespace before and after them, one memberships read, and the
      // flow's re-read of the organization. One read per token, as before batching, would be one per write.
      expect(row.applyRequests - row.writes).toBeLessThanOrEqual(20);
    }
    expect(grantApplyChecks(rows, 40, 5).every(([, pass]) => pass)).toBe(true);
  }, 60000);
});
