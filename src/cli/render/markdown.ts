/**
 * `--format markdown`: a summary table per project and a list of problems with their reasons, for a pull
 * request comment or an Azure Pipelines build summary (`##vso[task.uploadsummary]`). GitHub-flavoured tables.
 */
import type { AuditReport, Effective, Finding } from "../../core/audit/report";
import { EFFECTIVE_WORDS, accessLevelText, isCounted, lastAccessText, problemCells, projectCompletion, summaryLine, type Cell } from "./cells";

const EFFECTIVE_ICONS: Record<Effective, string> = { allow: "✅", deny: "⛔", notSet: "❌" };
const SEVERITY_ICONS: Record<Finding["severity"], string> = { error: "⛔", warning: "⚠️", info: "ℹ️" };

export function formatMarkdown(report: AuditReport): string {
  const { identity } = report;
  const lines: string[] = [
    `## dbt Cloud service user audit: ${inline(report.organization)}`,
    "",
    `${report.ok ? "✅ **Pass**" : "❌ **Fail**"}: ${inline(summaryLine(report))}.`,
    "",
    `Identity: **${inline(identity.displayName)}** (${code(identity.principalName)}, ${identity.kind}), ` +
      `access level ${inline(accessLevelText(identity.accessLevel))}, ${inline(lastAccessText(identity))}.`,
  ];

  lines.push("", "### Findings", "");
  if (report.findings.length === 0) lines.push("None.");
  for (const f of report.findings) lines.push(`- ${SEVERITY_ICONS[f.severity]} **${f.severity}** ${code(f.id)}: ${inline(f.message)}`);

  lines.push("", "### Projects", "");
  if (report.projects.length === 0) {
    lines.push("No projects were audited.");
  } else {
    lines.push("| Project | Project permissions | Repositories complete | Status |", "| --- | --- | --- | :-: |");
    for (const project of report.projects) {
      const c = projectCompletion(project);
      const disabled = c.disabledRepositories > 0 ? ` (${c.disabledRepositories} disabled)` : "";
      lines.push(
        `| ${inline(project.name)} | ${c.allowed} of ${c.permissions} allowed | ` +
          `${c.repositoriesComplete} of ${c.repositories}${disabled} | ${c.complete ? "✅" : "❌"} |`,
      );
    }
  }

  const problems = problemCells(report);
  const counted = problems.filter(isCounted);
  const uncounted = problems.filter((c) => !isCounted(c));
  lines.push("", "### Problems", "");
  if (counted.length === 0) lines.push("None: every required permission is allowed on every enabled repository.");
  lines.push(...counted.map(problemItem));
  if (uncounted.length > 0) {
    lines.push("", `<details><summary>Disabled repositories (not counted): ${uncounted.length} permissions not allowed</summary>`, "");
    lines.push(...uncounted.map(problemItem), "", "</details>");
  }

  if (report.projects.length > 0) {
    lines.push(
      "",
      `${EFFECTIVE_ICONS.allow} allowed · ${EFFECTIVE_ICONS.deny} denied explicitly · ${EFFECTIVE_ICONS.notSet} not set (nothing allows it)`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function problemItem(c: Cell): string {
  const where = c.repository ? `**${inline(c.project.name)}** / ${code(c.repository.name)}` : `**${inline(c.project.name)}**`;
  const what = `${code(c.permission.key)} (${inline(c.permission.displayName)})`;
  return `- ${EFFECTIVE_ICONS[c.result.effective]} ${where}: ${what} ${EFFECTIVE_WORDS[c.result.effective]}. ${inline(c.result.reason)}`;
}

/**
 * Escapes text so it shows literally: emphasis, code, links (with `[`/`]` escaped no `(` can start one), inline
 * HTML and entities, GFM strikethrough, table pipes, and `$` (GitHub reads `$…$` as math, as in `$PROJECT` tokens).
 * Newlines become spaces so the text cannot end a list item or a table row. The text never starts a line, so
 * line-start markers (`#`, `+`, `1.`) need no escape.
 */
export function inline(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").replace(/[\\`*_[\]<>|~&$]/g, (ch) => `\\${ch}`);
}

/** Inline code that survives backticks inside the text (CommonMark: a longer fence). */
export function code(text: string): string {
  const flat = text.replace(/[\r\n]+/g, " ");
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  // Not for table cells: there a pipe would still split the cell.
  return `${fence}${pad}${flat}${pad}${fence}`;
}
