/**
 * @jest-environment jsdom
 */
// jsdom's DOMParser is a strict XML parser: malformed output or a bad escape gives a <parsererror> document.
import { formatJunit } from "../../../src/cli/render/junit";
import { ACTIVE_BASIC, completeSnapshot, reportOf, twoProjectSnapshot } from "../support/snapshots";
import type { AuditReport } from "../../../src/core/audit/report";

function parse(xml: string): Document {
  const doc = new DOMParser().parseFromString(xml, "application/xml");
  const error = doc.getElementsByTagName("parsererror")[0];
  if (error) throw new Error(`invalid XML: ${error.textContent}`);
  return doc;
}
const all = (node: Document | Element, tag: string) => Array.from(node.getElementsByTagName(tag));
const num = (el: Element, attr: string) => Number(el.getAttribute(attr));

function problemCount(report: AuditReport, counted: boolean) {
  return report.projects.reduce(
    (n, p) =>
      n +
      (counted ? Object.values(p.permissions).filter((r) => r.effective !== "allow").length : 0) +
      p.repositories
        .filter((repo) => repo.isDisabled !== counted)
        .reduce((m, repo) => m + Object.values(repo.permissions).filter((r) => r.effective !== "allow").length, 0),
    0,
  );
}

describe("junit format", () => {
  const stakeholder = { ...ACTIVE_BASIC, accessLevel: "stakeholder", licenseDisplayName: "Stakeholder" };
  const report = reportOf(twoProjectSnapshot({ entitlement: stakeholder }));
  const doc = parse(formatJunit(report));

  test("has one testsuite per project after the identity's findings suite", () => {
    const suites = all(doc, "testsuite");
    expect(suites.map((s) => s.getAttribute("name"))).toEqual(["contoso identity svc-dbt@contoso.com", "contoso/Analytics", "contoso/Marketing"]);
    // 4 project permissions + 3 per repository (Analytics: 1 repository, Marketing: 2).
    expect(suites.map((s) => all(s, "testcase").length)).toEqual([1, 7, 10]);
  });

  test("fails each counted cell that is not allowed with its reason, and skips disabled repositories", () => {
    const failures = all(doc, "failure");
    expect(failures).toHaveLength(problemCount(report, true) + 1); // + the stakeholder error finding
    const edit = all(doc, "testcase").find(
      (t) => t.getAttribute("classname") === "contoso.Marketing" && t.getAttribute("name")!.startsWith("EditSubscriptions"),
    )!;
    const failure = all(edit, "failure")[0]!;
    expect(failure.getAttribute("type")).toBe("deny");
    expect(failure.getAttribute("message")).toBe(report.projects[1]!.permissions.EditSubscriptions.reason);
    expect(failure.textContent).toContain("token: PublisherSecurity/p2");
    expect(all(doc, "skipped")).toHaveLength(problemCount(report, false));
    for (const skipped of all(doc, "skipped")) expect((skipped.parentNode as Element).getAttribute("classname")).toBe("contoso.Marketing.archive");
  });

  test("counts in the attributes match the testcases", () => {
    for (const el of [doc.documentElement, ...all(doc, "testsuite")]) {
      expect(num(el, "tests")).toBe(all(el, "testcase").length);
      expect(num(el, "failures")).toBe(all(el, "failure").length);
      expect(num(el, "skipped")).toBe(all(el, "skipped").length);
    }
  });

  test("error findings fail; warnings pass with their message in system-out", () => {
    const findings = all(doc, "testsuite")[0]!;
    const stakeholderCase = all(findings, "testcase")[0]!;
    expect(stakeholderCase.getAttribute("name")).toBe("stakeholder-access-level");
    expect(all(stakeholderCase, "failure")[0]!.getAttribute("message")).toBe(report.findings[0]!.message);

    const warned = reportOf(twoProjectSnapshot({ entitlement: { ...ACTIVE_BASIC, lastAccessedDate: "2026-07-20T00:00:00Z" } }));
    expect(warned.findings.map((f) => [f.id, f.severity])).toEqual([["inactive-service-user", "warning"]]);
    const warnedSuite = all(parse(formatJunit(warned)), "testsuite")[0]!;
    expect(all(warnedSuite, "failure")).toHaveLength(0);
    expect(all(warnedSuite, "system-out")[0]!.textContent).toBe(`warning: ${warned.findings[0]!.message}`);
  });

  test("a clean organization has no failures", () => {
    const clean = parse(formatJunit(reportOf(completeSnapshot())));
    expect(all(clean, "failure")).toHaveLength(0);
    expect(num(clean.documentElement, "tests")).toBe(1 + 7);
  });

  test("escapes markup, quotes and characters XML cannot carry", () => {
    const name = `R&D <"quoted"> 'x'`;
    const xml = formatJunit(reportOf(twoProjectSnapshot({ marketingName: name, webRepoName: "bell\u0007repo]]>" })));
    const parsed = parse(xml);
    expect(all(parsed, "testsuite").map((s) => s.getAttribute("name"))).toContain(`contoso/${name}`);
    const classnames = all(parsed, "testcase").map((t) => t.getAttribute("classname"));
    expect(classnames).toContain("contoso.R&D <\"quoted\"> 'x'.bell\uFFFDrepo]]>");
    expect(xml).not.toContain("\u0007");
  });
});
