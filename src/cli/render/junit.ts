/**
 * `--format junit`: JUnit XML for Azure Pipelines' PublishTestResults@2 (testResultsFormat: JUnit), so each
 * missing permission shows as a failed test in the run's Tests tab.
 *
 * Layout: one <testsuite> for the identity's findings, then one per project holding a <testcase> per project
 * permission and per repository × permission. A cell that is not allowed is a <failure> carrying its reason;
 * cells of disabled repositories are <skipped> (they do not count). Error findings fail; warnings and info
 * pass and carry their message in <system-out>.
 */
import type { AuditReport } from "../../core/audit/report";
import { EFFECTIVE_WORDS, cellLocation, isCounted, projectCells, repositoryCells, type Cell } from "./cells";

interface TestCase {
  classname: string;
  name: string;
  failure?: { message: string; type: string; details: string };
  skipped?: string;
  systemOut?: string;
}

interface TestSuite {
  name: string;
  cases: TestCase[];
}

export function formatJunit(report: AuditReport): string {
  const org = report.organization;
  const projectSuites = report.projects.map((project) => ({
    name: `${org}/${project.name}`,
    cases: [...projectCells(project), ...project.repositories.flatMap((repository) => repositoryCells(project, repository))].map((cell) =>
      cellCase(org, cell),
    ),
  }));
  const suites: TestSuite[] = [findingsSuite(report), ...projectSuites];

  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${attr(`dbt-ado audit ${org}`)}" ${counts(suites.flatMap((s) => s.cases))}>`,
  ];
  suites.forEach((suite, id) => {
    lines.push(`  <testsuite id="${id}" name="${attr(suite.name)}" ${counts(suite.cases)}>`);
    for (const c of suite.cases) lines.push(...caseXml(c));
    lines.push("  </testsuite>");
  });
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}

/** The tests/failures/errors/skipped attributes both <testsuites> and <testsuite> carry. */
function counts(cases: TestCase[]): string {
  const failures = cases.filter((c) => c.failure).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  return `tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
}

function findingsSuite(report: AuditReport): TestSuite {
  const principal = report.identity.principalName;
  const classname = `${report.organization}.identity`;
  const cases: TestCase[] = report.findings.map((finding) =>
    finding.severity === "error"
      ? { classname, name: finding.id, failure: { message: finding.message, type: finding.id, details: finding.message } }
      : { classname, name: finding.id, systemOut: `${finding.severity}: ${finding.message}` },
  );
  // A suite with no cases would vanish from the Tests tab; show that the identity was checked.
  if (cases.length === 0) {
    cases.push({ classname, name: "no findings", systemOut: `${principal}: access level and activity checked, nothing to report` });
  }
  return { name: `${report.organization} identity ${principal}`, cases };
}

function cellCase(org: string, c: Cell): TestCase {
  // Azure Pipelines shows classname.name as the test's full name; dots in names are kept as they are.
  const testCase: TestCase = {
    classname: `${org}.${cellLocation(c).replace(/\//g, ".")}`,
    name: `${c.permission.key} (${c.permission.displayName})`,
  };
  if (c.result.effective === "allow") return testCase;
  if (!isCounted(c)) return { ...testCase, skipped: `repository is disabled (not counted): ${c.result.reason}` };
  const details = [`${cellLocation(c)}: ${c.permission.key} is ${EFFECTIVE_WORDS[c.result.effective]}.`, c.result.reason, `token: ${c.result.token}`];
  if (c.result.inheritanceBrokenAt) details.push(`inheritance broken at: ${c.result.inheritanceBrokenAt}`);
  return { ...testCase, failure: { message: c.result.reason, type: c.result.effective, details: details.join("\n") } };
}

function caseXml(c: TestCase): string[] {
  const open = `    <testcase classname="${attr(c.classname)}" name="${attr(c.name)}" time="0"`;
  const children: string[] = [];
  if (c.failure) {
    const { message, type, details } = c.failure;
    children.push(`      <failure message="${attr(message)}" type="${attr(type)}">${text(details)}</failure>`);
  }
  if (c.skipped !== undefined) children.push(`      <skipped message="${attr(c.skipped)}"/>`);
  if (c.systemOut !== undefined) children.push(`      <system-out>${text(c.systemOut)}</system-out>`);
  return children.length === 0 ? [`${open}/>`] : [`${open}>`, ...children, "    </testcase>"];
}

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become U+FFFD,
 * since no escape makes them legal.
 */
function xmlSafe(value: string): string {
  const illegal = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
  return value.replace(illegal, "\uFFFD");
}

function text(value: string): string {
  return xmlSafe(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Attribute values also escape quotes, and encode whitespace that attribute normalisation would flatten. */
function attr(value: string): string {
  return text(value).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;");
}
