/**
 * The second opinion through the real CLI: the demo organization where svc-dbt is also a member of
 * [HR]\Contributors through a membership only the service's evaluation knows (as with an Entra group whose
 * members Azure DevOps resolves without listing them). Identities and Graph do not show it, so the local
 * evaluation finds HR's read and Git permissions missing; the ACL query with includeExtendedInfo says they are
 * allowed, and that answer wins.
 */
import { startEmulator, type OrgSeed, type RunningEmulator } from "../../emulator";
import type { AuditReport } from "../../src/core/audit/report";
import type { GrantPlan } from "../../src/core/grant/model";
import { buildCli, expectOneLineError, spawnCli, type Env } from "./support/cli";
import { ADMIN_PAT, SERVICE_USER, demoSeed } from "./support/demo";
import { schemaErrors } from "./support/schema";

const admin: Env = { AZURE_DEVOPS_EXT_PAT: ADMIN_PAT };
let emulator: RunningEmulator;

/** The demo seed plus the hidden membership. */
function seedWithHiddenMembership(): OrgSeed {
  const seed = demoSeed();
  const contributors = seed.groups!.find((group) => group.project === "HR" && group.wellKnown === "contributors")!;
  contributors.hiddenMembers = [SERVICE_USER];
  return seed;
}

beforeAll(async () => {
  [emulator] = await Promise.all([startEmulator({ seeds: [seedWithHiddenMembership()] }), buildCli()]);
}, 180_000);

afterAll(async () => {
  await emulator?.stop();
});

async function audit(...extra: string[]) {
  const before = emulator.stats.requests;
  const result = await spawnCli(["audit", "--org", emulator.orgUrl("contoso"), "--identity", SERVICE_USER, "--project", "HR", ...extra], admin);
  return { ...result, requests: emulator.stats.requests - before };
}

const hrCells = (report: AuditReport) => {
  const hr = report.projects.find((project) => project.name === "HR")!;
  return {
    read: hr.permissions.GENERIC_READ,
    hooks: hr.permissions.EditSubscriptions,
    repos: hr.repositories.map((repository) => repository.permissions.GenericContribute),
  };
};

describe("dbt-ado audit --verify", () => {
  test("a membership only the service knows: its answer decides, with an evaluation-mismatch warning", async () => {
    const result = await audit("--format", "json");
    const report = JSON.parse(result.stdout) as AuditReport;
    expect(schemaErrors(report)).toEqual([]);

    const { read, hooks, repos } = hrCells(report);
    expect(read).toMatchObject({ effective: "allow", localEffective: "notSet", verification: "mismatch" });
    expect(read.reason).toMatch(/^Azure DevOps evaluates this as allowed; from the ACLs and group memberships it lists, this tool found: /);
    for (const cell of repos) expect(cell).toMatchObject({ effective: "allow", localEffective: "notSet", verification: "mismatch" });
    // The service hook permissions come from a group Identities lists: both answers agree.
    expect(hooks).toMatchObject({ effective: "allow", verification: "confirmed" });
    expect(hooks.localEffective).toBeUndefined();

    const mismatch = report.findings.find((finding) => finding.id === "evaluation-mismatch");
    expect(mismatch?.severity).toBe("warning");
    expect(mismatch?.message).toMatch(/^Azure DevOps evaluates 7 permissions differently/);
    expect(mismatch?.message).toContain("HR View project-level information: allowed for Azure DevOps, not set from what its APIs list");
    expect(mismatch?.message).toContain("and 2 more");
    // One ACL query per namespace asked, whatever the number of cells.
    expect(report.verification).toMatchObject({ mode: "missing", mismatched: 7, unanswered: 0 });
    expect(report.verification!.requests).toBeGreaterThanOrEqual(1);
    expect(report.verification!.requests).toBeLessThanOrEqual(3);
    // With the service's answer HR is complete: the audit passes, where the local evaluation alone fails.
    expect(report.ok).toBe(true);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("Asking Azure DevOps for its own evaluation");
  });

  test("--verify none: the local evaluation alone, in exactly the requests of an audit without the second opinion", async () => {
    const local = await audit("--format", "json", "--verify", "none");
    const verified = await audit("--format", "json");
    const report = JSON.parse(local.stdout) as AuditReport;
    expect(report.verification).toBeUndefined();
    expect(report.findings.map((finding) => finding.id)).not.toContain("evaluation-mismatch");
    expect(hrCells(report).read).toMatchObject({ effective: "notSet" });
    expect(hrCells(report).read.verification).toBeUndefined();
    expect(report.ok).toBe(false);
    expect(local.code).toBe(1);
    const asked = (JSON.parse(verified.stdout) as AuditReport).verification!.requests;
    expect(verified.requests - local.requests).toBe(asked);
  });

  test("--verify all compares every cell; the summary line counts the cells and the requests", async () => {
    const result = await audit("--verify", "all");
    const report = JSON.parse((await audit("--format", "json", "--verify", "all")).stdout) as AuditReport;
    const cells = 4 + report.projects[0].repositories.filter((repository) => !repository.isDisabled).length * 3;
    expect(report.verification).toMatchObject({ mode: "all", checked: cells, mismatched: 7 });
    expect(result.stdout).toMatch(new RegExp(`; ${cells} cells checked with Azure DevOps in \\d requests?, 7 differ\\n$`));
  });

  test("grant plans from the service's answer: nothing it already allows is written", async () => {
    const grant = async (...extra: string[]) =>
      JSON.parse(
        (
          await spawnCli(
            ["grant", "--org", emulator.orgUrl("contoso"), "--identity", SERVICE_USER, "--project", "HR", "--format", "json", ...extra],
            admin,
          )
        ).stdout,
      ) as { plan: GrantPlan };
    const verified = (await grant()).plan;
    const local = (await grant("--verify", "none")).plan;
    // Everything the local evaluation finds missing in HR, Azure DevOps already allows: nothing to write.
    expect(verified.changes).toEqual([]);
    expect(verified.summary.missing).toBe(0);
    // Without the second opinion the planner would write what Contributors already gives.
    expect(local.changes.length).toBeGreaterThan(0);
    expect(local.summary.missing).toBe(7);
  });

  test("a --verify value that is not a mode is a usage error before any request", async () => {
    const before = emulator.stats.requests;
    const result = await spawnCli(["audit", "--org", emulator.orgUrl("contoso"), "--identity", SERVICE_USER, "--verify", "some"], admin);
    expect(result.code).toBe(2);
    expectOneLineError(result, /--verify/);
    expect(emulator.stats.requests).toBe(before);
  });
});
