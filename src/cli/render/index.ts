/** The audit report's output formats, selected by `--format`. Each is a pure function of the report. */
import type { AuditReport } from "../../core/audit/report";
import { formatJson, jsonReportChunks, type JsonOptions } from "./json";
import { formatJunit } from "./junit";
import { formatMarkdown } from "./markdown";
import { formatTable } from "./table";
import { withTerminalSafeStrings } from "./terminal-safe";

export const AUDIT_FORMATS = ["table", "json", "markdown", "junit"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export interface RenderOptions extends JsonOptions {
  /** Only the table uses colour. */
  color: boolean;
}

/** The rendered report in pieces: JSON one project at a time (a large organization's report is large), others whole. */
export function renderAuditChunks(report: AuditReport, format: AuditFormat, options: RenderOptions): Iterable<string> {
  return format === "json" ? jsonReportChunks(report, options) : [renderAudit(report, format, options)];
}

export function renderAudit(report: AuditReport, format: AuditFormat, options: RenderOptions): string {
  switch (format) {
    case "table":
      return formatTable(withTerminalSafeStrings(report), { color: options.color });
    case "json":
      return formatJson(report, options);
    case "markdown":
      return formatMarkdown(withTerminalSafeStrings(report));
    case "junit":
      return formatJunit(report);
  }
}

export { formatJson, formatJunit, formatMarkdown, formatTable, jsonReportChunks };
