/**
 * Validators for the values an admin types into the Setup checklist (and passes to `dbt-ado links`).
 *
 * Each returns `{ ok: true, value }` with the value in canonical form, or `{ ok: false, message }` with a
 * message an admin can act on without reading code: what was wrong, what the value should look like,
 * and where to find it. None of them throws on bad input.
 *
 * There is deliberately no validator (and no field anywhere) for the Entra client secret: the product
 * never asks for it, stores it or shows it. The GUID validators recognise a pasted secret Value and say so.
 */

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

function ok<T>(value: T): Validation<T> {
  return { ok: true, value };
}

function fail<T>(message: string): Validation<T> {
  return { ok: false, message };
}

/** Inputs arrive from forms, CLI flags and stored JSON, so anything may come in. */
function asTrimmedText(input: unknown): string | undefined {
  if (typeof input === "number" && Number.isFinite(input)) return String(input);
  return typeof input === "string" ? input.trim() : undefined;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NIL_GUID = "00000000-0000-0000-0000-000000000000";

/**
 * Entra client secret Values are 34–44 characters of letters, digits and `._~-`; current ones carry `~`
 * in their first characters (e.g. `abc8Q~…`). A GUID never contains `~`, so `~` plus the length is a
 * reliable enough sign that someone pasted a secret into an id field.
 */
function looksLikeClientSecret(text: string): boolean {
  return text.length >= 30 && text.length <= 50 && text.includes("~") && /^[A-Za-z0-9._~-]+$/.test(text);
}

/** A GUID as Microsoft Entra ID shows it (`xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`), returned lower-case. */
export function validateGuid(input: unknown, fieldLabel: string, whereToFindIt: string): Validation<string> {
  const text = asTrimmedText(input);
  if (text === undefined || text === "") return fail(`${fieldLabel} is required. ${whereToFindIt}`);
  if (looksLikeClientSecret(text)) {
    return fail(
      `This looks like a client secret Value, not the ${fieldLabel}. Do not paste secrets here: this page never ` + `needs one. ${whereToFindIt}`,
    );
  }
  // Entra never shows braces, but tools such as PowerShell do; accepting them costs nothing.
  const bare = text.replace(/^\{(.*)\}$/, "$1");
  if (!GUID.test(bare)) {
    return fail(
      // The input is not echoed: a mistyped field may hold a secret in an older format without "~".
      `${fieldLabel} must be a GUID like 3f2b8c1e-4d5a-4e6f-9a8b-7c6d5e4f3a2b (32 hexadecimal digits in ` + `groups of 8-4-4-4-12). ${whereToFindIt}`,
    );
  }
  const value = bare.toLowerCase();
  if (value === NIL_GUID) return fail(`${fieldLabel} cannot be the all-zero GUID. ${whereToFindIt}`);
  return ok(value);
}

/** The Entra app's Application (client) ID. */
export function validateApplicationId(input: unknown): Validation<string> {
  return validateGuid(input, "Application (client) ID", "Find it on the Overview page of the app registration in Microsoft Entra ID.");
}

const DOMAIN_LIKE = /^[a-z0-9-]+(\.[a-z0-9-]+)+$/i;

/** The Directory (tenant) ID of the tenant that owns the Entra app. */
export function validateTenantId(input: unknown): Validation<string> {
  const where = "Find it on the Overview page of the app registration in Microsoft Entra ID.";
  const text = asTrimmedText(input);
  // A domain such as contoso.onmicrosoft.com names the same tenant, but dbt Cloud's field wants the GUID.
  if (text !== undefined && !GUID.test(text) && DOMAIN_LIKE.test(text)) {
    return fail(
      `"${text}" is a domain name. dbt Cloud wants the Directory (tenant) ID, a GUID like ` + `3f2b8c1e-4d5a-4e6f-9a8b-7c6d5e4f3a2b. ${where}`,
    );
  }
  return validateGuid(input, "Directory (tenant) ID", where);
}

/**
 * Azure DevOps organization names: letters, digits and hyphens, 1–50 characters, not starting or ending
 * with a hyphen (the rule the "Create organization" form enforces; the naming-restrictions page on Learn
 * does not spell it out, so treat the exact limits as conventional).
 */
const ORG_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/;
const DEV_AZURE_PREFIX = /^(?:https?:\/\/)?(?:[^/@]*@)?dev\.azure\.com\/([^/?#]*)/i;
const VISUALSTUDIO_HOST = /^(?:https?:\/\/)?([^./?#@]+)\.visualstudio\.com(?:[/?#]|$)/i;

/**
 * The organization name exactly as dbt Cloud's "Azure DevOps Organization" field wants it: the bare name.
 * dbt's docs: "Do not include the dev.azure.com/ prefix in this field" (https://docs.getdbt.com/docs/cloud/git/setup-azure), the most
 * common way an integration is saved and then does nothing.
 */
export function validateOrganizationName(input: unknown): Validation<string> {
  const text = asTrimmedText(input);
  if (text === undefined || text === "") return fail("Azure DevOps organization name is required, e.g. my-devops-org.");
  const bareRule =
    "dbt Cloud's Azure DevOps Organization field takes the bare organization name: use my-devops-org, " + "not dev.azure.com/my-devops-org.";
  const devAzure = DEV_AZURE_PREFIX.exec(text);
  if (devAzure) {
    const name = devAzure[1];
    const suggestion = ORG_NAME.test(name) ? ` Type "${name}" instead.` : "";
    return fail(`Remove the dev.azure.com/ prefix. ${bareRule}${suggestion}`);
  }
  const visualStudio = VISUALSTUDIO_HOST.exec(text);
  if (visualStudio) {
    const name = visualStudio[1];
    const suggestion = ORG_NAME.test(name) ? ` Type "${name}" instead.` : "";
    return fail(`Remove the .visualstudio.com host. ${bareRule}${suggestion}`);
  }
  if (/[/:.]/.test(text)) return fail(`"${text}" looks like a URL or host name. ${bareRule}`);
  if (text.length > 50) return fail(`Azure DevOps organization names have at most 50 characters; this one has ${text.length}.`);
  if (/^-|-$/.test(text)) return fail(`Azure DevOps organization names cannot start or end with a hyphen: "${text}".`);
  if (!ORG_NAME.test(text)) {
    return fail(`Azure DevOps organization names contain only letters, digits and hyphens; "${text}" has other characters.`);
  }
  return ok(text);
}

const ACCOUNT_IN_URL = /\/accounts\/(\d+)(?:[/?#]|$)/;

/** The dbt Cloud account id: a positive whole number (it appears in dbt Cloud URLs after `/accounts/`). */
export function validateAccountId(input: unknown): Validation<number> {
  const where = "It is the number after /accounts/ in your dbt Cloud address bar (Account settings).";
  const text = asTrimmedText(input);
  if (text === undefined || text === "") return fail(`dbt Cloud account id is required. ${where}`);
  if (!/^\d+$/.test(text)) {
    const inUrl = ACCOUNT_IN_URL.exec(text);
    if (inUrl) return fail(`Type only the account id, not the whole URL: "${inUrl[1]}".`);
    return fail(`dbt Cloud account id must be a positive whole number, e.g. 12345; got "${text}". ${where}`);
  }
  const value = Number(text);
  if (value === 0) return fail(`dbt Cloud account id must be a positive whole number; 0 is not an account. ${where}`);
  if (!Number.isSafeInteger(value)) return fail(`"${text}" is too large to be a dbt Cloud account id. ${where}`);
  return ok(value);
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function isRealCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
  return day <= daysInMonth;
}

/**
 * An ISO 8601 date (`2027-03-14`) or date-time with an explicit zone (`2027-03-14T09:30:00Z`).
 * Date-only values stay as typed; date-times come back as UTC (`toISOString()`). Local-looking forms such
 * as `3/14/2027` are refused because they read differently in different countries.
 */
export function validateIsoDate(input: unknown, fieldLabel = "Date"): Validation<string> {
  const text = asTrimmedText(input);
  const shape = "Use the form YYYY-MM-DD, e.g. 2027-03-14.";
  if (text === undefined || text === "") return fail(`${fieldLabel} is required. ${shape}`);
  const dateOnly = DATE_ONLY.exec(text);
  const dateTime = dateOnly ? null : DATE_TIME.exec(text);
  const parts = dateOnly ?? dateTime;
  if (!parts) return fail(`${fieldLabel} "${text}" is not an ISO date. ${shape}`);
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (!isRealCalendarDate(year, month, day)) return fail(`${fieldLabel} "${text}" is not a real calendar date. ${shape}`);
  if (dateOnly) return ok(text);
  const hours = Number(parts[4]);
  const minutes = Number(parts[5]);
  const seconds = parts[6] === undefined ? 0 : Number(parts[6]);
  if (hours > 23 || minutes > 59 || seconds > 59) return fail(`${fieldLabel} "${text}" has an impossible time of day. ${shape}`);
  const zone = parts[8].toUpperCase();
  const zoneHours = zone === "Z" ? 0 : Number(zone.slice(1, 3));
  const zoneMinutes = zone === "Z" ? 0 : Number(zone.slice(4, 6));
  if (zoneHours > 23 || zoneMinutes > 59) return fail(`${fieldLabel} "${text}" has an impossible time zone offset. ${shape}`);
  // Computed by hand: Date.parse is only specified for exactly three fractional digits.
  const milliseconds = parts[7] === undefined ? 0 : Number(parts[7].padEnd(3, "0").slice(0, 3));
  const offsetMs = (zone.startsWith("-") ? -1 : 1) * (zoneHours * 60 + zoneMinutes) * 60_000;
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  const local = new Date(0);
  local.setUTCFullYear(year, month - 1, day);
  local.setUTCHours(hours, minutes, seconds, milliseconds);
  return ok(new Date(local.getTime() - offsetMs).toISOString());
}

/**
 * The instant an ISO date from `validateIsoDate` stands for. A date-only value means the start of that day
 * in UTC: the Entra portal shows a secret's expiry only as a date, so the earliest reading keeps warnings
 * from ever arriving late.
 */
export function isoDateToInstant(value: string): Date {
  return new Date(DATE_ONLY.test(value) ? `${value}T00:00:00.000Z` : value);
}
