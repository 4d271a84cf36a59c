/**
 * dbt Cloud access URLs: parse what a person typed, classify it, and recognise dbt Cloud hosts.
 *
 * Facts (https://docs.getdbt.com/docs/cloud/about-cloud/access-regions-ip-addresses, https://docs.getdbt.com/docs/cloud/migration):
 * - Cell / regional hosts are `ACCOUNT_PREFIX.{cell}.dbt.com`, the cell naming cloud and region.
 * - Account-scoped hosts are `ACCOUNT_PREFIX.dbt.com` (the migration target for `cloud.getdbt.com`).
 * - Legacy multi-tenant hosts: `cloud.getdbt.com` (US), `emea.dbt.com`, `au.dbt.com`, and `jp1.dbt.com`
 *   (in an older copy of the regions page). `getdbt.com` keeps working for integrations until 1 Nov 2026.
 * - Single-tenant / VPC deployments use customised hosts: any DNS name is accepted and flagged `custom`.
 */
import type { Validation } from "./validate";

export type DbtCloud = "AWS" | "GCP" | "Azure";

export interface DbtRegion {
  /** The cell label in the host (`us1`…), or the legacy host's own first label (`cloud`, `emea`, `au`). */
  code: string;
  cloud: DbtCloud;
  /** Where dbt says the region is, e.g. "North America", "EMEA (Frankfurt)". */
  location: string;
}

export const DBT_CELLS = ["us1", "us2", "us3", "eu1", "eu2", "eu3", "eu4", "au1", "jp1"] as const;
export type DbtCell = (typeof DBT_CELLS)[number];

/** From the access-regions page (current copy). */
export const DBT_CELL_REGIONS: Readonly<Record<DbtCell, DbtRegion>> = {
  us1: { code: "us1", cloud: "AWS", location: "North America" },
  us2: { code: "us2", cloud: "Azure", location: "North America (East US 2)" },
  us3: { code: "us3", cloud: "GCP", location: "North America (us-central1)" },
  eu1: { code: "eu1", cloud: "AWS", location: "EMEA (Frankfurt)" },
  eu2: { code: "eu2", cloud: "Azure", location: "EMEA (North Europe)" },
  eu3: { code: "eu3", cloud: "GCP", location: "EMEA (London)" },
  eu4: { code: "eu4", cloud: "GCP", location: "EMEA (Frankfurt)" },
  au1: { code: "au1", cloud: "AWS", location: "APAC (Sydney)" },
  jp1: { code: "jp1", cloud: "AWS", location: "Japan (Tokyo)" },
};

/** Multi-tenant hosts from before account-scoped URLs, with the region each served. */
export const LEGACY_MULTI_TENANT_HOSTS: Readonly<Record<string, DbtRegion>> = {
  "cloud.getdbt.com": { code: "cloud", cloud: "AWS", location: "North America" },
  "emea.dbt.com": { code: "emea", cloud: "AWS", location: "EMEA (Frankfurt)" },
  "au.dbt.com": { code: "au", cloud: "AWS", location: "APAC (Sydney)" },
  "jp1.dbt.com": { code: "jp1", cloud: "AWS", location: "Japan (Tokyo)" },
};

/** dbt-owned hosts that people paste but that are not an account's access URL. */
const NOT_AN_ACCESS_URL: Readonly<Record<string, string>> = {
  "login.dbt.com": "login.dbt.com is dbt's sign-in page, not your account's access URL.",
  "getdbt.com": "getdbt.com is dbt's website, not your account's access URL.",
  "www.getdbt.com": "www.getdbt.com is dbt's website, not your account's access URL.",
  "docs.getdbt.com": "docs.getdbt.com is dbt's documentation, not your account's access URL.",
  "dbt.com": "dbt.com is dbt's website, not your account's access URL.",
  "www.dbt.com": "www.dbt.com is dbt's website, not your account's access URL.",
};

/**
 * - `legacyMultiTenant`: `cloud.getdbt.com`, `emea.dbt.com`, `au.dbt.com`, `jp1.dbt.com`
 * - `cell`: `ACCOUNT_PREFIX.{cell}.dbt.com`
 * - `accountScoped`: `ACCOUNT_PREFIX.dbt.com`
 * - `custom`: any other DNS host (single-tenant / VPC, or a dbt host shape this code does not know)
 */
export type AccessUrlKind = "legacyMultiTenant" | "cell" | "accountScoped" | "custom";

export interface AccessUrlInfo {
  /** Lower-case host, no scheme, port, path or trailing dot: what goes after `https://`. */
  host: string;
  /** `https://{host}`, the form every link and redirect URI is built from. */
  origin: string;
  kind: AccessUrlKind;
  /** True for a host under `getdbt.com`: these must move to an account-scoped URL (account-url-migration.md). */
  isGetdbtCom: boolean;
  /** True when the host is not a dbt Cloud shape this code knows (single-tenant or customised). */
  isCustom: boolean;
  /** The account prefix for `cell` and `accountScoped` hosts. */
  accountPrefix?: string;
  /** Known for cell and legacy hosts; unknown for account-scoped and custom ones. */
  region?: DbtRegion;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const EXAMPLES = "e.g. cloud.getdbt.com, abc123.us1.dbt.com or abc123.dbt.com";

function fail(message: string): Validation<AccessUrlInfo> {
  return { ok: false, message };
}

function isUnderDomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** Classify an already-normalised, valid DNS host. */
function classifyHost(host: string): Validation<AccessUrlInfo> {
  const base = { host, origin: `https://${host}`, isGetdbtCom: isUnderDomain(host, "getdbt.com") };
  const notAccess = NOT_AN_ACCESS_URL[host];
  if (notAccess) {
    return fail(`${notAccess} Copy it from dbt Cloud: Account settings > Access URLs (${EXAMPLES}).`);
  }
  const legacy = LEGACY_MULTI_TENANT_HOSTS[host];
  if (legacy) return { ok: true, value: { ...base, kind: "legacyMultiTenant", isCustom: false, region: legacy } };

  const labels = host.split(".");
  if (isUnderDomain(host, "dbt.com")) {
    const [first, second] = labels;
    if (labels.length === 3 && (DBT_CELLS as readonly string[]).includes(first)) {
      return fail(
        `${host} names a dbt Cloud region but no account. Your access URL starts with your account prefix, ` +
          `e.g. abc123.${host}; copy it from Account settings > Access URLs.`,
      );
    }
    if (labels.length === 3) {
      return { ok: true, value: { ...base, kind: "accountScoped", isCustom: false, accountPrefix: first } };
    }
    if (labels.length === 4 && (DBT_CELLS as readonly string[]).includes(second)) {
      const region = DBT_CELL_REGIONS[second as DbtCell];
      return { ok: true, value: { ...base, kind: "cell", isCustom: false, accountPrefix: first, region } };
    }
  }
  return { ok: true, value: { ...base, kind: "custom", isCustom: true } };
}

/**
 * Parse an access URL as a person types it: `https://ABC123.us1.dbt.com/settings/`, `cloud.getdbt.com`,
 * `emea.dbt.com:443`. Scheme, path, query, trailing slash and trailing dot are dropped and the host is
 * lower-cased. Refused, each with its own message: empty input, spaces, non-ASCII, schemes other than
 * http(s), user names (`x@host`), ports other than 443, IP addresses, and names that are not DNS hosts.
 */
export function parseAccessUrl(input: unknown): Validation<AccessUrlInfo> {
  if (typeof input !== "string" || input.trim() === "") {
    return fail(`The dbt Cloud access URL is required (${EXAMPLES}). Find it in dbt Cloud under Account settings > Access URLs.`);
  }
  const text = input.trim();
  if (/\s/.test(text)) return fail(`The access URL "${text}" contains spaces; type only the host, ${EXAMPLES}.`);
  // Refusing non-ASCII keeps look-alike (homograph) hosts out; no dbt Cloud host needs it.
  if (/[^\x21-\x7e]/.test(text)) return fail(`The access URL "${text}" contains non-ASCII characters; type the host, ${EXAMPLES}.`);

  let rest = text;
  const scheme = SCHEME.exec(text);
  if (scheme) {
    const name = scheme[1].toLowerCase();
    if (name !== "https" && name !== "http") return fail(`"${name}:" is not a web address; dbt Cloud is reached over https (${EXAMPLES}).`);
    rest = text.slice(scheme[0].length);
  }
  // Everything after the first / ? # or \ is path, query or fragment (browsers treat \ as / here).
  const authority = rest.split(/[/?#\\]/, 1)[0];
  if (authority.includes("@")) {
    return fail(`The access URL "${text}" contains a user name before "@"; type only the host, ${EXAMPLES}.`);
  }
  if (authority === "") return fail(`"${text}" has no host; type the host, ${EXAMPLES}.`);
  if (authority.startsWith("[")) return fail(`"${authority}" is an IP address; dbt Cloud access URLs are host names (${EXAMPLES}).`);

  let hostPart = authority;
  const colon = authority.lastIndexOf(":");
  if (colon >= 0) {
    const port = authority.slice(colon + 1);
    hostPart = authority.slice(0, colon);
    if (!/^\d+$/.test(port)) return fail(`"${authority}" has an invalid port; type only the host, ${EXAMPLES}.`);
    if (Number(port) !== 443) {
      return fail(`dbt Cloud is served on the standard https port; remove ":${port}" and type only the host (${EXAMPLES}).`);
    }
  }
  const host = hostPart.toLowerCase().replace(/\.$/, "");
  const labels = host.split(".");
  // A numeric last label is never a top-level domain: 10.0.0.1, 1.2.3 and 0x7f.1 are all IPv4 to a browser.
  if (/^(\d+|0x[0-9a-f]*)$/.test(labels[labels.length - 1])) {
    return fail(`"${hostPart}" is an IP address; dbt Cloud access URLs are host names (${EXAMPLES}).`);
  }
  if (labels.length < 2) return fail(`"${hostPart}" is not a full host name; ${EXAMPLES}.`);
  if (host.length > 253 || !labels.every((label) => DNS_LABEL.test(label))) {
    return fail(`"${hostPart}" is not a valid host name (letters, digits and hyphens between dots); ${EXAMPLES}.`);
  }
  return classifyHost(host);
}

/**
 * The host a client would actually connect to for a URL or bare host, lower-case without a trailing dot,
 * or undefined when it is not an http(s) URL. Uses the WHATWG URL parser (what browsers and Node use), so
 * `https://cloud.getdbt.com@evil.example/` yields `evil.example` and `%2e`/`\` tricks resolve as they
 * would on the wire.
 */
export function hostOf(urlOrHost: string): string | undefined {
  if (typeof urlOrHost !== "string") return undefined;
  const text = urlOrHost.trim();
  if (text === "") return undefined;
  // `mailto:x@host` has a scheme without "//"; `host:443/x` does not, though it also has a colon.
  const hasScheme = SCHEME.test(text) || /^[a-z][a-z0-9+.-]*:(?!\d)/i.test(text);
  const withScheme = hasScheme ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  return host === "" ? undefined : host;
}

/** The domains dbt Labs serves dbt Cloud from; every host under them belongs to dbt. */
const DBT_DOMAINS = ["getdbt.com", "dbt.com"] as const;

/**
 * True when `urlOrHost` points at dbt Cloud: its host is `getdbt.com`, `dbt.com` or a subdomain of either
 * (matched on whole labels, so `evilgetdbt.com` and `getdbt.com.evil.example` do not match), or exactly the
 * host of `configuredAccessUrl` (how a single-tenant host on a customer's own domain is recognised).
 * Used to tell dbt's service-hook subscriptions from others by their consumer URL.
 */
export function isDbtCloudHost(urlOrHost: string, configuredAccessUrl?: string): boolean {
  const host = hostOf(urlOrHost);
  if (host === undefined) return false;
  if (DBT_DOMAINS.some((domain) => isUnderDomain(host, domain))) return true;
  if (configuredAccessUrl === undefined) return false;
  const configured = parseAccessUrl(configuredAccessUrl);
  return configured.ok && configured.value.host === host;
}

/** True when `urlOrHost` points at exactly the configured access URL's host (one dbt account's host). */
export function matchesAccessUrl(urlOrHost: string, accessUrl: string): boolean {
  const host = hostOf(urlOrHost);
  const configured = parseAccessUrl(accessUrl);
  return host !== undefined && configured.ok && configured.value.host === host;
}
