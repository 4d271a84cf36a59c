import {
  PROJECT_PERMISSIONS,
  REPOSITORY_PERMISSIONS,
  type ProjectPermissionKey,
  type RepositoryPermissionKey,
} from "../../../src/core/permissions/catalogue";
import { formatTable } from "../../../src/cli/render/table";
import type { AuditReport, Effective } from "../../../src/core/audit/report";
import { completeSnapshot, reportOf, twoProjectSnapshot } from "../support/snapshots";

const SYMBOL: Record<Effective, string> = { allow: "✓", deny: "✗", notSet: "–" };
const symbolsIn = (line: string) => line.match(/[✓✗–]/g) ?? [];
const rowOf = (text: string, name: string) => text.split("\n").find((line) => line.trimStart().startsWith(name) && symbolsIn(line).length > 0);
const flat = (text: string) => text.replace(/\s+/g, " ");

describe("table format", () => {
  const report = reportOf(twoProjectSnapshot());
  const text = formatTable(report, { color: false });

  test("shows one row of symbols per project and an indented row per repository", () => {
    expect(symbolsIn(rowOf(text, "Analytics")!)).toEqual(["✓", "✓", "✓", "✓"]);
    // Marketing: GENERIC_READ not set, EditSubscriptions explicitly denied.
    expect(symbolsIn(rowOf(text, "Marketing")!)).toEqual(["–", "✓", "✗", "✓"]);
    expect(rowOf(text, "web")!).toMatch(/^ {2}web/);
    expect(symbolsIn(rowOf(text, "web")!)).toEqual(["✓", "–", "–"]);
    expect(rowOf(text, "archive (disabled)")).toBeDefined();
  });

  test("every row's symbols follow the report's cells in catalogue order", () => {
    for (const project of report.projects) {
      const own = PROJECT_PERMISSIONS.map((p) => SYMBOL[project.permissions[p.key as ProjectPermissionKey].effective]);
      expect(symbolsIn(rowOf(text, project.name)!)).toEqual(own);
      for (const repo of project.repositories) {
        const repoSymbols = REPOSITORY_PERMISSIONS.map((p) => SYMBOL[repo.permissions[p.key as RepositoryPermissionKey].effective]);
        expect(symbolsIn(rowOf(text, repo.name)!)).toEqual(repoSymbols);
      }
    }
  });

  test("repository symbols sit under the repository columns, project symbols under the project columns", () => {
    const lines = text.split("\n");
    const header = lines.find((l) => l.includes("Contrib"))!;
    const projectRow = rowOf(text, "Marketing")!;
    const repoRow = rowOf(text, "web")!;
    expect(projectRow.indexOf("–")).toBe(header.indexOf("Read"));
    expect(repoRow.indexOf("✓")).toBe(header.lastIndexOf("Read"));
    expect(repoRow.lastIndexOf("–")).toBe(header.indexOf("PR"));
  });

  test("explains every cell that is not allowed, below the grid", () => {
    const why = text.indexOf("Why not allowed");
    expect(why).toBeGreaterThan(text.indexOf("Legend"));
    const problems = report.projects
      .flatMap((p) => [...Object.values(p.permissions), ...p.repositories.flatMap((r) => Object.values(r.permissions))])
      .filter((r) => r.effective !== "allow");
    expect(problems).toHaveLength(7);
    for (const problem of problems) expect(flat(text.slice(why))).toContain(flat(problem.reason));
    expect(text).toContain("Marketing  EditSubscriptions: denied");
    expect(text).toContain("Marketing/archive  GenericRead: not set (disabled, not counted)");
  });

  test("ends with the completion summary, disabled repositories not counted", () => {
    expect(text.trimEnd().split("\n").pop()).toBe("1 of 2 projects and 1 of 2 repositories complete (1 disabled not counted)");
    expect(text).toMatch(/Result +FAIL/);
  });

  test("a complete organization passes and has nothing to explain", () => {
    const done = formatTable(reportOf(completeSnapshot()), { color: false });
    expect(done).toMatch(/Result +PASS/);
    expect(done).not.toContain("Why not allowed");
    expect(done).toContain("Findings\n  none");
    expect(done.trimEnd().split("\n").pop()).toBe("1 of 1 projects and 1 of 1 repositories complete");
  });

  test("findings come first, with severity and id", () => {
    const stale = formatTable(
      reportOf(
        twoProjectSnapshot({
          entitlement: { accessLevel: "stakeholder", licenseDisplayName: "Stakeholder", status: "active", lastAccessedDate: "2026-10-01T00:00:00Z" },
        }),
      ),
      { color: false },
    );
    expect(stale).toMatch(/✗ error +stakeholder-access-level +\S/);
    expect(stale.indexOf("stakeholder-access-level")).toBeLessThan(stale.indexOf("Permissions"));
    expect(stale).toContain("Access level  Stakeholder, last access 2026-10-01T00:00:00Z");
  });

  test("uses colour only when asked", () => {
    expect(text).not.toContain("\u001b[");
    const coloured = formatTable(report, { color: true });
    expect(coloured).toContain("\u001b[32m✓\u001b[0m");
    expect(coloured).toContain("\u001b[31m✗\u001b[0m");
    // Same text once the escapes are removed.
    expect(coloured.replace(/\u001b\[\d+m/g, "")).toBe(text);
  });

  test("stays within 100 columns and shortens long names in the grid", () => {
    const longName = "A project with a really very long name that goes on";
    const long = formatTable(reportOf(twoProjectSnapshot({ marketingName: longName, webRepoName: "x".repeat(60) })), { color: false });
    const grid = long.slice(long.indexOf("Permissions"), long.indexOf("Legend"));
    for (const line of grid.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    expect(grid).toContain("A project with a really very long…");
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(100);
  });

  test("says so when there is nothing to show", () => {
    const empty: AuditReport = reportOf({ ...twoProjectSnapshot(), projects: [], repositories: [] });
    const out = formatTable(empty, { color: false });
    expect(out).toContain("No projects were audited.");
    expect(out.trimEnd().split("\n").pop()).toBe("0 of 0 projects and 0 of 0 repositories complete");
    const noRepos = formatTable(reportOf({ ...completeSnapshot(), repositories: [] }), { color: false });
    expect(noRepos).toContain("(no repositories)");
  });
});
