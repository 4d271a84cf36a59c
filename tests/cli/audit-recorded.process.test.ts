/**
 * `dbt-ado audit` as the built executable against responses recorded from the live service (tests/fixtures/recorded):
 * the whole chain of reads answered with what Azure DevOps really sent, through to the JSON report.
 */
import { AUDIT_READ_ROUTES, RECORDED_USER, recorded, startReplay, type ReplayServer } from "../ado/support/recorded";
import { buildCli, spawnCli } from "./support/cli";

let replay: ReplayServer;
beforeAll(() => buildCli());
beforeEach(async () => {
  replay = await startReplay(AUDIT_READ_ROUTES);
});
afterEach(() => replay.stop());

test("audits the recorded organization: every live project in the report, missing permissions exit 1", async () => {
  const result = await spawnCli(["audit", "--org", replay.orgUrl, "--identity", RECORDED_USER, "--format", "json"], {
    AZURE_DEVOPS_EXT_PAT: "recorded",
  });
  expect(replay.unmatched).toEqual([]);
  expect(result.stderr).not.toMatch(/^dbt-ado: /m);
  expect(result.code).toBe(1);
  const report = JSON.parse(result.stdout) as { identity: { principalName: string }; projects: { id: string }[]; ok: boolean };
  const projects = (recorded("az-cli-2026/test_invoke_command_basic__003.json").body as { value: { id: string }[] }).value;
  expect(report.identity.principalName).toBe(RECORDED_USER);
  expect(report.projects.map((p) => p.id).sort()).toEqual(projects.map((p) => p.id).sort());
  expect(report.ok).toBe(false);
});
