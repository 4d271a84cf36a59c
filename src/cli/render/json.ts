/**
 * `--format json`: the AuditReport (schemaVersion 1, schema/audit-report.schema.json), written in pieces, one
 * project at a time, so that no single string ever holds a large organization's report (at 10,000 projects the
 * whole text would be hundreds of MB, near V8's string limit).
 *
 * Compact by default (`--pretty` indents by two spaces). Without `--detail`, a cell that is not allowed carries
 * its reason and where inheritance was cut off, and an allowed cell only `effective`; `--detail` keeps every
 * cell whole (the token checked, reasons of allowed cells and the structured deciding ACE). The token is left out
 * because it follows from the cell's place (namespace, project id, repository id) and its reason names it. Other
 * facts a cell has (such as whether the service confirmed it) are always kept. `detail` at the top says which it
 * is. At 1,000 projects x 10 repositories this keeps the report under 5 MB instead of 34 MB.
 */
import type { AuditReport, AuditView, PermissionResult, ProjectAudit } from "../../core/audit/report";
import { escapeRawInJson } from "./terminal-safe";

export interface JsonOptions {
  /** Indent by two spaces (default: compact). */
  pretty?: boolean;
  /** Keep every cell whole (default: see the file comment). */
  detail?: boolean;
}

/** What cells leave out without `--detail`: all of the explanation for allowed ones; the token and structured ACE for others. */
const LEFT_OUT_OF_ALLOWED: ReadonlySet<string> = new Set(["reason", "token", "decidedBy", "inheritanceBrokenAt"]);
const LEFT_OUT_OF_OTHERS: ReadonlySet<string> = new Set(["token", "decidedBy"]);

/** The cell as the report shows it. */
export function jsonCell(cell: PermissionResult, detail: boolean): Partial<PermissionResult> {
  if (detail) return cell;
  // An allowed cell Azure DevOps and the local evaluation disagree on keeps its reason: it says both answers.
  const explained = cell.effective !== "allow" || cell.verification === "mismatch";
  const leftOut = explained ? LEFT_OUT_OF_OTHERS : LEFT_OUT_OF_ALLOWED;
  // Keys first, values only of what is written: a reason left out is then never built (it is written lazily).
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(cell)) if (!leftOut.has(key)) out[key] = cell[key as keyof PermissionResult];
  return out as Partial<PermissionResult>;
}

function mapCells<K extends string>(permissions: Record<K, PermissionResult>, detail: boolean): Record<K, Partial<PermissionResult>> {
  const out = {} as Record<K, Partial<PermissionResult>>;
  for (const key of Object.keys(permissions) as K[]) out[key] = jsonCell(permissions[key], detail);
  return out;
}

/** One project as the report shows it. */
export function jsonProject(project: ProjectAudit, detail: boolean): unknown {
  return {
    ...project,
    permissions: mapCells(project.permissions, detail),
    repositories: project.repositories.map((repository) => ({ ...repository, permissions: mapCells(repository.permissions, detail) })),
  };
}

/**
 * The JSON text in pieces: everything but the projects first, then one piece per project, then the end. Joined,
 * they are one JSON document; terminal-safe like every other output (see terminalSafeJson).
 */
export function* jsonReportChunks(report: AuditView, options: JsonOptions = {}): Generator<string> {
  const detail = options.detail === true;
  const { projects, ...rest } = report;
  const head = { ...rest, detail };
  let count = 0;
  if (!options.pretty) {
    yield `${escapeRawInJson(JSON.stringify(head)).slice(0, -1)},"projects":[`;
    for (const project of projects) yield (count++ === 0 ? "" : ",") + escapeRawInJson(JSON.stringify(jsonProject(project, detail)));
    yield "]}\n";
    return;
  }
  yield `${escapeRawInJson(JSON.stringify(head, null, 2)).slice(0, -2)},\n  "projects": [`;
  for (const project of projects) {
    const text = escapeRawInJson(JSON.stringify(jsonProject(project, detail), null, 2)).replace(/\n/g, "\n    ");
    yield `${count++ === 0 ? "\n" : ",\n"}    ${text}`;
  }
  yield count === 0 ? "]\n}\n" : "\n  ]\n}\n";
}

/** The whole JSON text at once (small reports, tests). */
export function formatJson(report: AuditReport, options: JsonOptions = {}): string {
  return [...jsonReportChunks(report, options)].join("");
}
