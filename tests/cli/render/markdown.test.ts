import { formatMarkdown, inline } from "../../../src/cli/render/markdown";
import { ACTIVE_BASIC, completeSnapshot, reportOf, twoProjectSnapshot } from "../support/snapshots";

const section = (text: string, title: string) => {
  const start = text.indexOf(`### ${title}`);
  const end = text.indexOf("\n### ", start + 1);
  return text.slice(start, end === -1 ? undefined : end);
};
/** Splits a GFM table row on pipes that are not backslash-escaped. */
const cellsOf = (row: string) =>
  row
    .trim()
    .replace(/^\||\|$/g, "")
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());

describe("markdown format", () => {
  const report = reportOf(twoProjectSnapshot());
  const md = formatMarkdown(report);

  test("has a summary table with one row per project", () => {
    const rows = section(md, "Projects")
      .split("\n")
      .filter((l) => l.startsWith("| "));
    expect(rows.map(cellsOf)).toEqual([
      ["Project", "Project permissions", "Repositories complete", "Status"],
      ["---", "---", "---", ":-:"],
      ["Analytics", "4 of 4 allowed", "1 of 1", "✅"],
      ["Marketing", "2 of 4 allowed", "0 of 1 (1 disabled)", "❌"],
    ]);
  });

  test("lists each counted problem with its reason, and disabled repositories apart", () => {
    const problems = section(md, "Problems");
    const [counted, disabled] = problems.split("<details>");
    const items = counted!.split("\n").filter((l) => l.startsWith("- "));
    expect(items).toHaveLength(4);
    expect(items[1]).toContain("⛔ **Marketing**: `EditSubscriptions` (Edit Subscription) denied.");
    expect(items[1]).toContain(inline(report.projects[1]!.permissions.EditSubscriptions.reason));
    expect(items.filter((i) => i.includes("/ `web`"))).toHaveLength(2);
    expect(disabled!.split("\n").filter((l) => l.startsWith("- ") && l.includes("/ `archive`"))).toHaveLength(3);
  });

  test("states the result and the completion summary at the top", () => {
    expect(md.split("\n")[2]).toBe("❌ **Fail**: 1 of 2 projects and 1 of 2 repositories complete (1 disabled not counted).");
    const done = formatMarkdown(reportOf(completeSnapshot()));
    expect(done.split("\n")[2]).toBe("✅ **Pass**: 1 of 1 projects and 1 of 1 repositories complete.");
    expect(section(done, "Findings")).toContain("None.");
    expect(section(done, "Problems")).toContain("None: every required permission is allowed");
  });

  test("lists findings with severity and id", () => {
    const never = formatMarkdown(reportOf(twoProjectSnapshot({ entitlement: { ...ACTIVE_BASIC, lastAccessedDate: null } })));
    expect(section(never, "Findings")).toMatch(/^- ⚠️ \*\*warning\*\* `never-signed-in`: .+/m);
  });

  test("escapes names and reasons so they cannot break the table or turn into markup", () => {
    const nasty = formatMarkdown(reportOf(twoProjectSnapshot({ marketingName: "Mark|eting *x* <b>", webRepoName: "we`b" })));
    const row = section(nasty, "Projects")
      .split("\n")
      .find((l) => l.includes("Mark"))!;
    expect(cellsOf(row)).toHaveLength(4);
    expect(row).toContain("Mark\\|eting \\*x\\* \\<b\\>");
    // A backtick in a name gets a longer code fence.
    expect(nasty).toContain("/ ``we`b``:");
    // `$PROJECT` tokens would be read as math by GitHub.
    expect(nasty).toContain("\\$PROJECT:vstfs:///Classification/TeamProject/p2");
    expect(nasty).not.toMatch(/[^\\]\$PROJECT/);
  });

  test("inline escaping flattens newlines", () => {
    expect(inline("a\n\n  b_c")).toBe("a b\\_c");
  });
});
