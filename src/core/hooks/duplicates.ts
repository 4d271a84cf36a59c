/**
 * Duplicate dbt Cloud subscriptions: two subscriptions are duplicates when they have the same publisher,
 * event type, consumer, project, repository, branch and other filters, and target URL, so Azure DevOps
 * delivers every matching event to dbt Cloud once per copy (CI runs twice).
 *
 * Deleting is destructive, so equality is strict: values are only normalised where Azure DevOps itself does
 * not distinguish (input names and GUIDs are case-insensitive, empty means "any", URL scheme and host are
 * case-insensitive). Overlapping but different filters (a project-wide subscription next to a repository
 * one, `main` next to `refs/heads/main`) are not duplicates.
 */
import {
  instant,
  subscriptionFilters,
  subscriptionProjectId,
  subscriptionRepositoryId,
  subscriptionStatus,
  targetUrl,
  type HookSubscription,
  type SubscriptionStatus,
} from "./model";

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function normaliseValue(value: string): string {
  const trimmed = value.trim();
  return GUID.test(trimmed) ? trimmed.toLowerCase() : trimmed;
}

/** The URL as a client sends it (scheme and host lower-case, default port dropped); else the trimmed text. */
export function normaliseTargetUrl(url: string | undefined): string {
  if (url === undefined) return "";
  try {
    return new URL(url.trim()).href;
  } catch {
    return url.trim();
  }
}

function lower(value: string | undefined): string {
  return (value ?? "").trim().toLowerCase();
}

/** What makes two subscriptions deliver the same events to the same place; equal keys = duplicates. */
export function duplicateKey(subscription: HookSubscription): string {
  const filters = Object.entries(subscriptionFilters(subscription)).map(([name, value]) => [name.toLowerCase(), normaliseValue(value)]);
  return JSON.stringify([
    lower(subscription.publisherId),
    lower(subscription.eventType),
    lower(subscription.consumerId),
    lower(subscription.consumerActionId),
    subscriptionProjectId(subscription) ?? "",
    subscriptionRepositoryId(subscription) ?? "",
    filters,
    normaliseTargetUrl(targetUrl(subscription)),
  ]);
}

/** Which copy to keep: an enabled one first, then the ones that still deliver, then those a PUT can revive. */
const KEEP_PREFERENCE: Readonly<Record<SubscriptionStatus | "unknown", number>> = {
  enabled: 0,
  onProbation: 1,
  disabledByUser: 2,
  disabledBySystem: 3,
  disabledByInactiveIdentity: 3,
  unknown: 4,
};

function newestFirst(a: HookSubscription, b: HookSubscription): number {
  const created = (instant(b.createdDate) ?? -Infinity) - (instant(a.createdDate) ?? -Infinity);
  if (created !== 0 && !Number.isNaN(created)) return created;
  const modified = (instant(b.modifiedDate) ?? -Infinity) - (instant(a.modifiedDate) ?? -Infinity);
  if (modified !== 0 && !Number.isNaN(modified)) return modified;
  // Same dates: any fixed order keeps two runs (and the hub and the CLI) choosing the same copy.
  return a.id.toLowerCase().localeCompare(b.id.toLowerCase());
}

/** Keep order within a group: the newest enabled one first (the rule), then by preference and age. */
export function keepOrder(a: HookSubscription, b: HookSubscription): number {
  const preference = KEEP_PREFERENCE[subscriptionStatus(a)] - KEEP_PREFERENCE[subscriptionStatus(b)];
  return preference !== 0 ? preference : newestFirst(a, b);
}

export interface DuplicateGroup {
  /** The copy that stays. */
  kept: HookSubscription;
  /** The others, to be deleted. */
  duplicates: HookSubscription[];
}

/** Groups of two or more equal subscriptions, each with the one to keep; singletons are left out. */
export function findDuplicateGroups(subscriptions: readonly HookSubscription[]): DuplicateGroup[] {
  const byKey = new Map<string, HookSubscription[]>();
  for (const subscription of subscriptions) {
    const key = duplicateKey(subscription);
    const group = byKey.get(key);
    if (group) group.push(subscription);
    else byKey.set(key, [subscription]);
  }
  const groups: DuplicateGroup[] = [];
  for (const members of byKey.values()) {
    if (members.length < 2) continue;
    const [kept, ...duplicates] = [...members].sort(keepOrder);
    groups.push({ kept: kept!, duplicates });
  }
  return groups;
}
