/**
 * The default, terminal-friendly rendering of an audit: header, findings, one compact row per project and an
 * indented row per repository (✓/✗/– per permission), a legend, the reason for every cell that is not allowed,
 * and a one-line summary. Fits 80 columns for typical names; long names are shortened with "…".
 */
import { PROJECT_PERMISSIONS, REPOSITORY_PERMISSIONS } from "../../core/permissions/catalogue";
import type { AuditReport, Effective, Finding } from "../../core/audit/report";
import {
  EFFECTIVE_WORDS,
  SHORT_LABELS,
  accessLevelText,
  cellLocation,
  isCounted,
  lastAccessText,
  problemCells,
  projectCells,
  repositoryCells,
  summaryLine,
  type Cell,
} from "./cells";

export interface TableOptions {
  /** ANSI colours; the caller decides (only on a TTY and without NO_COLOR). */
  color: boolean;
  /** Width to wrap reasons at. */
  width?: number;
}

const SYMBOLS: Record<Effective, string> = { allow: "✓", deny: "✗", notSet: "–" };
const SEVERITY_SYMBOLS: Record<Finding["severity"], string> = { error: "✗", warning: "!", info: "i" };

const ANSI = { green: "32", red: "31", yellow: "33", bold: "1", dim: "2" } as const;
type Style = keyof typeof ANSI;

const NAME_MIN = 14;
const NAME_MAX = 34;
const GROUP_GAP = "   ";

export function formatTable(report: AuditReport, options: TableOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
  const width = options.width ?? 100;
  const lines: string[] = [];

  const { identity } = report;
  lines.push(paint("bold", `dbt Cloud service user audit: ${report.organization}`));
  lines.push(`Identity      ${identity.displayName} <${identity.principalName}> (${identity.kind})`);
  lines.push(`Access level  ${accessLevelText(identity.accessLevel)}, ${lastAccessText(identity)}`);
  lines.push(`Result        ${report.ok ? paint("green", "PASS") : paint("red", "FAIL")}`);

  lines.push("", paint("bold", "Findings"));
  if (report.findings.length === 0) lines.push("  none");
  const idWidth = Math.max(0, ...report.findings.map((f) => f.id.length));
  for (const finding of report.findings) {
    const severity = `${SEVERITY_SYMBOLS[finding.severity]} ${finding.severity.padEnd(7)}`;
    const colour: Style = finding.severity === "error" ? "red" : finding.severity === "warning" ? "yellow" : "dim";
    const prefix = `  ${severity}  ${finding.id.padEnd(idWidth)}  `;
    const wrapped = wrap(finding.message, width, prefix, " ".repeat(prefix.length));
    // Colour only the severity; wrapping measured the plain text.
    wrapped[0] = `  ${paint(colour, severity)}  ${finding.id.padEnd(idWidth)}  ${wrapped[0]!.slice(prefix.length)}`;
    lines.push(...wrapped);
  }

  lines.push("", paint("bold", "Permissions"));
  if (report.projects.length === 0) {
    lines.push("  No projects were audited.");
  } else {
    lines.push(...permissionGrid(report, paint));
    lines.push("", ...legend(width));
  }

  const problems = problemCells(report);
  if (problems.length > 0) {
    lines.push("", paint("bold", "Why not allowed"));
    for (const cell of problems) lines.push(...reasonLines(cell, width, paint));
  }

  lines.push("", paint(report.ok ? "green" : "red", summaryLine(report)));
  return lines.join("\n") + "\n";
}

function permissionGrid(report: AuditReport, paint: (style: Style, text: string) => string): string[] {
  const projectLabels = PROJECT_PERMISSIONS.map((p) => SHORT_LABELS[p.key]);
  const repoLabels = REPOSITORY_PERMISSIONS.map((p) => SHORT_LABELS[p.key]);
  const rowNames = report.projects.flatMap((p) => [p.name, ...p.repositories.map((r) => `  ${repositoryName(r.name, r.isDisabled)}`)]);
  const nameWidth = Math.min(NAME_MAX, Math.max(NAME_MIN, ...rowNames.map((n) => n.length)));

  // Each column is as wide as its label; a cell is its symbol padded to that width.
  const projectBlockWidth = projectLabels.join(" ").length;
  const header1 = `${"".padEnd(nameWidth)}  ${"project".padEnd(projectBlockWidth)}${GROUP_GAP}repository`;
  const header2 = `${"".padEnd(nameWidth)}  ${projectLabels.join(" ")}${GROUP_GAP}${repoLabels.join(" ")}`;
  const symbols = (cells: Cell[], labels: string[]) =>
    cells.map((cell, i) => paint(symbolStyle(cell), SYMBOLS[cell.result.effective]) + " ".repeat(labels[i]!.length - 1)).join(" ");

  const lines = [paint("dim", header1.trimEnd()), paint("dim", header2)];
  for (const project of report.projects) {
    lines.push(`${fit(project.name, nameWidth)}  ${symbols(projectCells(project), projectLabels)}`.trimEnd());
    if (project.repositories.length === 0) lines.push(paint("dim", "  (no repositories)"));
    for (const repository of project.repositories) {
      const name = fit(`  ${repositoryName(repository.name, repository.isDisabled)}`, nameWidth);
      const blank = " ".repeat(projectBlockWidth);
      lines.push(`${name}  ${blank}${GROUP_GAP}${symbols(repositoryCells(project, repository), repoLabels)}`.trimEnd());
    }
  }
  return lines;
}

function legend(width: number): string[] {
  const describe = (perms: typeof PROJECT_PERMISSIONS) => perms.map((p) => `${SHORT_LABELS[p.key]} = ${p.key}`).join(", ");
  return [
    `Legend: ${SYMBOLS.allow} allowed   ${SYMBOLS.deny} denied explicitly   ${SYMBOLS.notSet} not set (nothing allows it)`,
    ...wrap(describe(PROJECT_PERMISSIONS), width, "  project:    ", " ".repeat(14)),
    ...wrap(describe(REPOSITORY_PERMISSIONS), width, "  repository: ", " ".repeat(14)),
  ];
}

function reasonLines(cell: Cell, width: number, paint: (style: Style, text: string) => string): string[] {
  const symbol = SYMBOLS[cell.result.effective];
  const notCounted = isCounted(cell) ? "" : " (disabled, not counted)";
  const head = `  ${paint(symbolStyle(cell), symbol)} ${cellLocation(cell)}  ${cell.permission.key}: ${EFFECTIVE_WORDS[cell.result.effective]}${notCounted}`;
  return [head, ...wrap(cell.result.reason, width, "      ", "      ")];
}

function symbolStyle(cell: Cell): Style {
  if (!isCounted(cell)) return "dim";
  return cell.result.effective === "allow" ? "green" : cell.result.effective === "deny" ? "red" : "yellow";
}

function repositoryName(name: string, isDisabled: boolean): string {
  return isDisabled ? `${name} (disabled)` : name;
}

/** Pads or shortens to exactly `width` characters. */
function fit(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

/** Word-wraps `text` so each line, prefix included, stays within `width` where words allow. */
export function wrap(text: string, width: number, firstPrefix: string, restPrefix: string): string[] {
  const words = text.split(/\s+/).filter((w) => w !== "");
  const lines: string[] = [];
  let line = firstPrefix;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = restPrefix + word;
    } else {
      line += (empty ? "" : " ") + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}
