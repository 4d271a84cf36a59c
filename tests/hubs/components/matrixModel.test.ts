import { REPOSITORY_PERMISSIONS } from "../../../src/core/permissions/catalogue";
import { buildMatrixRows, isProjectComplete, summarizeReport } from "../../../src/hubs/components/matrixModel";
import { IDS, smallOrgReport } from "../support/smallOrg";

describe("matrix rows from a real audit report", () => {
  const report = smallOrgReport();

  test("collapsed: one row per project, in the report's order", () => {
    const rows = buildMatrixRows(report, { expanded: new Set(), problemsOnly: false });
    expect(rows.map((row) => (row.kind === "project" ? row.project.name : "repo"))).toEqual(["Analytics", "Finance", "Marketing"]);
    expect(rows.every((row) => row.kind === "project" && !row.expanded)).toBe(true);
  });

  test("an expanded project is followed by all its repositories, disabled ones included", () => {
    const rows = buildMatrixRows(report, { expanded: new Set([IDS.analytics]), problemsOnly: false });
    expect(rows.map((row) => (row.kind === "project" ? row.project.name : `  ${row.repository.name}`))).toEqual([
      "Analytics",
      "  archive",
      "  dbt-models",
      "  legacy",
      "Finance",
      "Marketing",
    ]);
  });

  test("problems only keeps incomplete projects and, when expanded, only enabled repositories with a gap", () => {
    const rows = buildMatrixRows(report, { expanded: new Set([IDS.analytics, IDS.marketing]), problemsOnly: true });
    expect(rows.map((row) => row.key)).toEqual([IDS.analytics, `${IDS.analytics}/${IDS.legacy}`, IDS.marketing]);
  });

  test("a project is complete only when its own and its enabled repositories' permissions are all allowed", () => {
    const byName = new Map(report.projects.map((p) => [p.name, p]));
    expect(isProjectComplete(byName.get("Finance")!)).toBe(true);
    // Marketing's repository is fine, but Edit Subscription is not set on the project.
    expect(isProjectComplete(byName.get("Marketing")!)).toBe(false);
    // Analytics' own permissions are fine; its `legacy` repository denies Contribute.
    expect(isProjectComplete(byName.get("Analytics")!)).toBe(false);
  });

  test("repository tallies count enabled repositories per permission", () => {
    const [analytics] = buildMatrixRows(report, { expanded: new Set(), problemsOnly: false });
    if (analytics.kind !== "project") throw new Error("expected a project row");
    const tallies = REPOSITORY_PERMISSIONS.map((p) => [p.key, analytics.repositoryTallies[p.key as keyof typeof analytics.repositoryTallies]]);
    expect(Object.fromEntries(tallies)).toEqual({
      GenericRead: { allowed: 2, total: 2 },
      GenericContribute: { allowed: 1, total: 2 },
      PullRequestContribute: { allowed: 2, total: 2 },
    });
    expect(analytics.incompleteRepositories).toBe(1);
  });

  test("summary counts complete projects and repositories, leaving disabled repositories out", () => {
    expect(summarizeReport(report)).toEqual({
      projects: { complete: 1, total: 3 },
      repositories: { complete: 3, total: 4, disabled: 1 },
    });
  });
});
