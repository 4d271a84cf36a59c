/** Words the migration panel shows for the migrate flow's values. Presentation only. */
import type { Effective } from "../../core/audit/report";
import type { ParityRow } from "../../core/audit/parity";
import { permissionByKey, type PermissionKey } from "../../core/permissions/catalogue";
import { pluralize } from "../components/labels";

export const EFFECTIVE_LABELS: Record<Effective, string> = { allow: "Allowed", deny: "Denied", notSet: "Not allowed" };

export function permissionName(key: string): string {
  try {
    return permissionByKey(key as PermissionKey).displayName;
  } catch {
    return key;
  }
}

export function parityPlace(row: ParityRow): string {
  return row.repository ? `${row.project} / ${row.repository}` : row.project;
}

/** "The service principal lacks 11 of 42 required permissions." or that it has them all. */
export function paritySummary(rows: readonly ParityRow[]): string {
  const missing = rows.filter((row) => row.to !== "allow").length;
  if (missing === 0) return `The service principal has all ${pluralize(rows.length, "required permission")}.`;
  return `The service principal lacks ${missing} of ${pluralize(rows.length, "required permission")}.`;
}

/** The migrate flow's refusals name the CLI's flags; the panel names its own fields instead. */
export function inPanelWords(message: string): string {
  return message
    .replace(/--from and --to name/g, "Both fields name")
    .replace(/--from/g, "The first identity")
    .replace(/--to/g, "The second identity");
}
