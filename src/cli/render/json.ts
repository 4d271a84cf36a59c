/** `--format json`: the AuditReport itself (schemaVersion 1, schema/audit-report.schema.json), 2-space indent. */
import type { AuditReport } from "../../core/audit/report";
import { terminalSafeJson } from "./terminal-safe";

export function formatJson(report: AuditReport): string {
  return `${terminalSafeJson(report)}\n`;
}
