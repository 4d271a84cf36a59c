/** The audit report's output formats, selected by `--format`. Each is a pure function of the report. */
import type { AuditReport } from "../../core/audit/report";
import { formatJson } from "./json";
import { formatJunit } from "./junit";
import { formatMarkdown } from "./markdown";
import { formatTable } from "./table";
import { withTerminalSafeStrings } from "./terminal-safe";

export const AUDIT_FORMATS = ["table", "json", "markdown", "junit"] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

export interface RenderOptions {
  /** Only the table uses colour. */
  color: boolean;
}

export function renderAudit(report: AuditReport, format: AuditFormat, options: RenderOptions): string {
  switch (format) {
    case "table":
      return formatTable(withTerminalSafeStrings(report), { color: options.color });
    case "json":
      return formatJson(report);
    case "markdown":
      return formatMarkdown(withTerminalSafeStrings(report));
    case "junit":
      return formatJunit(report);
  }
}

export { formatJson, formatJunit, formatMarkdown, formatTable };
