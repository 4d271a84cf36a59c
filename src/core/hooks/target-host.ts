/**
 * What a subscription's target host says beyond "dbt Cloud's or not":
 * - a dbt Cloud subscription still posting to a `getdbt.com` host: dbt supports integrations on those hosts only
 *   until 2026-11-01 (account-url-migration.md, GETDBT_COM_INTEGRATIONS_END); after that date its deliveries may
 *   stop, and dbt Cloud must be reconnected from the account's new access URL;
 * - someone else's subscription whose host only looks like dbt Cloud's (`getdbt.com.evil.example`,
 *   `getdbt-com.example`, `dbt.com.attacker.net`): pull request events, with their code links, are sent to a
 *   host that is not dbt's. It is suspicious, not just "another service".
 */
import { hostOf, isDbtCloudHost, parseAccessUrl } from "../setup/access-url";
import { GETDBT_COM_INTEGRATIONS_END } from "../setup/checklist";
import { isoDateToInstant } from "../setup/validate";

export interface LegacyHost {
  /** The `getdbt.com` host the subscription posts to. */
  host: string;
  /** True once dbt's end of support for integrations on getdbt.com hosts has passed. */
  pastEndOfSupport: boolean;
  /** The configured access URL's host to reconnect from, when one is known and is not itself on getdbt.com. */
  newAccessHost: string | null;
}

function isUnder(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/** The legacy-host facts of a dbt Cloud subscription's target, or null when it posts to a current host. */
export function legacyHostOf(targetHost: string | null | undefined, now: Date, accessUrl?: string): LegacyHost | null {
  if (!targetHost || !isUnder(targetHost, "getdbt.com")) return null;
  const access = accessUrl === undefined ? undefined : parseAccessUrl(accessUrl);
  const newAccessHost = access?.ok && !access.value.isGetdbtCom ? access.value.host : null;
  return { host: targetHost, pastEndOfSupport: now.getTime() >= isoDateToInstant(GETDBT_COM_INTEGRATIONS_END).getTime(), newAccessHost };
}

/** dbt's names, as they appear inside a look-alike host. */
const DBT_MARKS = ["getdbt", "dbt.com", "dbt-com", "dbtcom"] as const;

/**
 * For a host that is NOT dbt Cloud's (nor the configured access URL's): the dbt name it imitates, e.g.
 * "getdbt.com" for `getdbt.com.evil.example`; null when it does not look like dbt Cloud at all.
 */
export function lookAlikeOf(urlOrHost: string | null | undefined, accessUrl?: string): string | null {
  if (!urlOrHost) return null;
  const host = hostOf(urlOrHost);
  if (host === undefined || isDbtCloudHost(host, accessUrl)) return null;
  const mark = DBT_MARKS.find((candidate) => host.includes(candidate));
  if (mark === undefined) return null;
  return mark === "getdbt" ? "getdbt.com" : "dbt.com";
}

/** Words for a dbt Cloud subscription still on a getdbt.com host: what happens and what to do. */
export function legacyHostAdvice(legacy: LegacyHost): string {
  const newHost = legacy.newAccessHost ?? "your account-scoped access URL (dbt Cloud > Account settings > Access URLs, e.g. abc123.dbt.com)";
  const when = legacy.pastEndOfSupport
    ? `dbt Cloud stopped supporting integrations on getdbt.com hosts on ${GETDBT_COM_INTEGRATIONS_END}, so its deliveries may stop at any time.`
    : `dbt Cloud supports integrations on getdbt.com hosts only until ${GETDBT_COM_INTEGRATIONS_END}.`;
  return (
    `It still posts to ${legacy.host}: ${when} Open dbt Cloud at ${newHost} and reconnect the repository there ` +
    "(project settings > Repository), so dbt registers a subscription to the new host; this one then becomes a duplicate to delete."
  );
}
