/**
 * Dates as the person reading the hub writes them: Azure DevOps sends ISO 8601 instants (`2026-11-26T06:00:00Z`);
 * the hub shows them in the browser's language and time zone, as Azure DevOps' own pages do. A value that is not
 * a date is shown as it came, so nothing is hidden.
 */

/** "26 Nov 2026, 07:00" (in the reader's locale and time zone). */
export function localDateTime(value: string | null | undefined, locale?: string): string {
  const date = parsed(value);
  return date ? date.toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" }) : (value ?? "");
}

/** "26 Nov 2026" (in the reader's locale and time zone). */
export function localDate(value: string | null | undefined, locale?: string): string {
  const date = parsed(value);
  return date ? date.toLocaleDateString(locale, { dateStyle: "medium" }) : (value ?? "");
}

function parsed(value: string | null | undefined): Date | undefined {
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
