/**
 * What to do about a dbt Cloud subscription in each state, in words, with deep links. The words name no
 * command or button: each face says how it deletes or re-enables (the CLI's `hooks prune --yes`, the hub's buttons).
 *
 * Facts behind the advice (https://docs.getdbt.com/docs/cloud/git/setup-azure; https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions):
 * - failures put a subscription on probation (retried, `probationRetries` counts), then the system disables it;
 * - a subscription whose creator left or lost access is disabled by inactive identity;
 * - updating a subscription the system disabled does not revive it, and this tool cannot recreate dbt's (its
 *   URL and secret are dbt Cloud's), so the repair is: fix the service user's permissions, then reconnect the
 *   repository in dbt Cloud, which registers a new subscription; the dead copy is then a duplicate;
 * - one disabled by a user is revived by setting its status back to enabled (PUT).
 */
import { parseAccessUrl } from "../setup/access-url";
import type { DeliveryHealth } from "./delivery";
import type { HookAction, HookLink, HookSeverity, HookState, NamedRef } from "./report";
import {
  adoProjectPermissionsUrl,
  adoProjectServiceHooksUrl,
  adoRepositorySecurityUrl,
  dbtAccountSettingsUrl,
  type OrganizationRef,
} from "../setup/links";
import { validateAccountId } from "../setup/validate";

export interface AdviceContext {
  organization: OrganizationRef;
  /** The configured dbt Cloud access URL, if any. */
  accessUrl?: string;
  /** dbt Cloud account id, for a link straight to the account's projects. */
  dbtAccountId?: string | number;
}

export interface AdviceSubject {
  state: HookState;
  project: NamedRef;
  repository: NamedRef;
  targetHost: string | null;
  probationRetries: number;
  lastProbationRetryDate: string | null;
  delivery: DeliveryHealth;
  creatorName: string | null;
  duplicateOf: string | null;
}

export interface Advice {
  severity: HookSeverity;
  action: HookAction;
  advice: string;
  links: HookLink[];
}

function where(subject: AdviceSubject): string {
  const project = subject.project.name ?? subject.project.id ?? "the organization";
  if (subject.repository.id === null) return `${project} (any repository)`;
  return `${project}/${subject.repository.name ?? subject.repository.id}`;
}

/**
 * An instant as people write it, the same for every reader of the advice (CLI, hub, JSON): "2026-11-26 06:00 UTC".
 * A value that is not a date is kept as it came.
 */
export function readableInstant(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function lastError(delivery: DeliveryHealth): string {
  if (!delivery.lastFailure) return "";
  const message = delivery.lastFailure.message;
  return ` The last failed delivery (${readableInstant(delivery.lastFailure.date)}) said: ${message}${/[.!?]$/.test(message) ? "" : "."}`;
}

/** The dbt Cloud page to reconnect a repository from: the account's projects, else the access URL itself. */
export function dbtReconnectUrl(context: AdviceContext, targetHost: string | null): string | undefined {
  const access = context.accessUrl ?? targetHost ?? undefined;
  if (access === undefined) return undefined;
  const parsed = parseAccessUrl(access);
  const origin = parsed.ok ? parsed.value.origin : targetHost ? `https://${targetHost}` : undefined;
  if (origin === undefined) return undefined;
  if (context.dbtAccountId !== undefined && validateAccountId(context.dbtAccountId).ok && parsed.ok) {
    // `/pages/projects` is documented for dbt's account settings (https://docs.getdbt.com/docs/cloud/git/setup-azure).
    return `${dbtAccountSettingsUrl(parsed.value.host, context.dbtAccountId)}/pages/projects`;
  }
  return `${origin}/`;
}

function serviceHooksLink(context: AdviceContext, subject: AdviceSubject): HookLink[] {
  const project = subject.project.name ?? subject.project.id;
  if (project === null) return [];
  return [{ label: `Service hooks of ${project}`, url: adoProjectServiceHooksUrl(context.organization, project), owner: "adoAdmin" }];
}

function reconnectLinks(context: AdviceContext, subject: AdviceSubject): HookLink[] {
  const links: HookLink[] = [];
  const project = subject.project.name ?? subject.project.id;
  if (project !== null) {
    links.push(
      subject.repository.id !== null
        ? {
            label: `Security of ${subject.repository.name ?? subject.repository.id}`,
            url: adoRepositorySecurityUrl(context.organization, project, subject.repository.id),
            owner: "adoAdmin",
          }
        : { label: `Permissions of ${project}`, url: adoProjectPermissionsUrl(context.organization, project), owner: "adoAdmin" },
    );
  }
  const dbt = dbtReconnectUrl(context, subject.targetHost);
  if (dbt) links.push({ label: "Reconnect the repository in dbt Cloud", url: dbt, owner: "dbtAdmin" });
  return [...links, ...serviceHooksLink(context, subject)];
}

const RECONNECT_STEPS =
  "Updating or re-enabling it does not revive it. Make sure the dbt service user still has Basic access, " +
  "View and Edit subscriptions in the project, and Read, Contribute and Contribute to pull requests on the repository; " +
  "then reconnect the repository in dbt Cloud (project settings > Repository) so dbt registers a new subscription. " +
  "If the new one has the same filters and target, this one is then a duplicate to delete.";

export function adviceFor(subject: AdviceSubject, context: AdviceContext): Advice {
  const at = where(subject);
  const host = subject.targetHost ?? "dbt Cloud";
  switch (subject.state) {
    case "duplicate":
      return {
        severity: "error",
        action: "delete",
        advice:
          `Delete it: subscription ${subject.duplicateOf} in ${at} has the same events, filters and target and is kept, ` +
          "so while both deliver, dbt Cloud receives every event twice (CI runs twice).",
        links: serviceHooksLink(context, subject),
      };
    case "disabledByUser":
      return {
        severity: "error",
        action: "reEnable",
        advice: `Someone disabled it in ${at}, so dbt Cloud gets no events from it. Re-enable it, unless it was turned off on purpose.`,
        links: serviceHooksLink(context, subject),
      };
    case "disabledBySystem":
      return {
        severity: "error",
        action: "reconnect",
        advice: `Azure DevOps disabled it after repeated delivery failures to ${host}, so dbt Cloud gets no events from ${at}.${lastError(subject.delivery)} ${RECONNECT_STEPS}`,
        links: reconnectLinks(context, subject),
      };
    case "disabledByInactiveIdentity": {
      const creator = subject.creatorName ?? "the identity that created it";
      return {
        severity: "error",
        action: "reconnect",
        advice: `Azure DevOps disabled it because ${creator} is no longer active or lost access, so dbt Cloud gets no events from ${at}. ${RECONNECT_STEPS}`,
        links: reconnectLinks(context, subject),
      };
    }
    case "onProbation": {
      const since = subject.lastProbationRetryDate ? `, the last on ${readableInstant(subject.lastProbationRetryDate)}` : "";
      return {
        severity: "warning",
        action: "watch",
        advice:
          `Deliveries to ${host} fail and Azure DevOps is retrying them (${subject.probationRetries} probation ${subject.probationRetries === 1 ? "retry" : "retries"}${since}).${lastError(subject.delivery)} ` +
          "If they keep failing, the system disables it. Check that the repository is still connected in dbt Cloud and that dbt Cloud answers.",
        links: reconnectLinks(context, subject),
      };
    }
    case "failing":
      return {
        severity: "warning",
        action: "watch",
        advice:
          `The newest delivery to ${host} failed (${subject.delivery.failed} of the last ${subject.delivery.recent}).${lastError(subject.delivery)} ` +
          "Azure DevOps retries; repeated failures put it on probation and then disable it. Check the repository's connection in dbt Cloud.",
        links: reconnectLinks(context, subject),
      };
    case "unknownStatus":
      return {
        severity: "warning",
        action: "check",
        advice: `Its status is not one this tool knows; look at it in Project settings > Service hooks of ${subject.project.name ?? "its project"}.`,
        links: serviceHooksLink(context, subject),
      };
    case "healthy":
      return { severity: "ok", action: "none", advice: "Nothing to do.", links: serviceHooksLink(context, subject) };
  }
}
