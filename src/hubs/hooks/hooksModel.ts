/**
 * Presentation helpers for the Service hooks tab: words for the analysis' values, the filters, and the parts
 * of a core plan one action applies. Nothing here decides what a subscription is or whether to change it;
 * that is src/core's (analyzeHooks, planHooksCleanup). No UI library here, so Node code (the schema test) can
 * read these words too.
 */
import type {
  DbtHookView,
  HookState,
  HooksPlan,
  HooksPlanStep,
  NamedRef,
  OtherHookView,
  StepResult,
  SubscriptionStatus,
  SubscriptionVisibility,
} from "../../core/hooks/index";
import { localDate } from "../components/dates";

export const STATE_LABELS: Readonly<Record<HookState, string>> = {
  healthy: "Healthy",
  failing: "Failing",
  onProbation: "On probation",
  disabledByUser: "Disabled by a user",
  disabledBySystem: "Disabled by Azure DevOps",
  disabledByInactiveIdentity: "Disabled: creator inactive",
  duplicate: "Duplicate",
  unknownStatus: "Unknown status",
};

/** Most urgent first, the order the health filter lists them. */
export const STATE_ORDER: readonly HookState[] = [
  "duplicate",
  "disabledBySystem",
  "disabledByInactiveIdentity",
  "disabledByUser",
  "onProbation",
  "failing",
  "unknownStatus",
  "healthy",
];

export type StatusKey = SubscriptionStatus | "unknown";

export const STATUS_LABELS: Readonly<Record<StatusKey, string>> = {
  enabled: "Enabled",
  onProbation: "On probation",
  disabledByUser: "Disabled by user",
  disabledBySystem: "Disabled by system",
  disabledByInactiveIdentity: "Disabled (inactive identity)",
  unknown: "Unknown",
};

export const STATUS_ORDER: readonly StatusKey[] = [
  "enabled",
  "onProbation",
  "disabledByUser",
  "disabledBySystem",
  "disabledByInactiveIdentity",
  "unknown",
];

export const VISIBILITY_LABELS: Readonly<Record<SubscriptionVisibility, string>> = {
  visible: "Visible",
  cannotSee: "Cannot see",
  unchecked: "Not checked",
};

/**
 * Service hook event types in words, as Project settings > Service hooks names them
 * (https://learn.microsoft.com/azure/devops/service-hooks/events); an id not listed is shown as it is.
 */
const EVENT_LABELS: Readonly<Record<string, string>> = {
  "git.push": "Code pushed",
  "git.pullrequest.created": "Pull request created",
  "git.pullrequest.updated": "Pull request updated",
  "git.pullrequest.merged": "Pull request merge attempted",
  "ms.vss-code.git-pullrequest-comment-event": "Pull request commented on",
  "build.complete": "Build completed",
  "ms.vss-release.deployment-completed-event": "Release deployment completed",
  "workitem.created": "Work item created",
  "workitem.updated": "Work item updated",
};

/** How this page carries out the core's advice: the buttons that delete or re-enable. */
export const HUB_DOES: Partial<Record<DbtHookView["action"], string>> = {
  delete: "To delete it, press Delete duplicates above the list.",
  reEnable: "To re-enable it, press Re-enable in its row.",
};

/** "Still on cloud.getdbt.com: move to acme.us1.dbt.com", for a subscription on a getdbt.com host. */
export function legacyHostLabel(view: Pick<DbtHookView, "legacyHost">): string | undefined {
  const legacy = view.legacyHost;
  if (!legacy) return undefined;
  return `Still on ${legacy.host}: move to ${legacy.newAccessHost ?? "your new access URL"}`;
}

/** Service hook consumers as Azure DevOps' "New subscription" dialog names them; an id not listed is shown as it is. */
const CONSUMER_LABELS: Readonly<Record<string, string>> = {
  webHooks: "Web Hooks",
  slack: "Slack",
  teams: "Microsoft Teams",
  azureStorageQueue: "Azure Storage",
  azureServiceBus: "Azure Service Bus",
  jenkins: "Jenkins",
  trello: "Trello",
  workplaceMessagingApps: "Workplace messaging apps",
};

export function consumerLabel(consumerId: string): string {
  return CONSUMER_LABELS[consumerId] ?? (consumerId || "Unknown service");
}

export function eventLabel(eventType: string): string {
  return EVENT_LABELS[eventType] ?? (eventType || "Unknown event");
}

/** The key the project filter uses for subscriptions scoped to no project (organization-wide). */
export const NO_PROJECT = "(organization)";

export function projectLabel(project: NamedRef): string {
  if (project.id === null) return "Organization-wide";
  return project.name ?? project.id;
}

export function repositoryLabel(repository: NamedRef): string {
  if (repository.id === null) return "any repository";
  return repository.name ?? repository.id;
}

export function whereLabel(view: Pick<DbtHookView, "project" | "repository">): string {
  return `${projectLabel(view.project)} / ${repositoryLabel(view.repository)}`;
}

/** `branch main, notificationType PushNotification`, or "any branch". */
export function filtersLabel(view: Pick<DbtHookView, "branch" | "filters">): string {
  const parts = [view.branch === null ? "any branch" : `branch ${view.branch}`];
  for (const [name, value] of Object.entries(view.filters)) parts.push(`${name} ${value}`);
  return parts.join(", ");
}

/** How the newest finished delivery went, from the analysis' delivery health (short, for a table cell). */
export function deliveryLabel(view: Pick<DbtHookView, "delivery">): string {
  const { delivery } = view;
  if (!delivery.historyRead) return "History not read";
  if (delivery.recent === 0) return "No deliveries yet";
  return delivery.lastResult === undefined ? "None finished yet" : `Last ${delivery.lastResult}`;
}

/** "26 Nov 2026 · 1 of 3 failed": when the newest finished, and the failures among those read; empty when none were. */
export function deliveryCounts(view: Pick<DbtHookView, "delivery">): string {
  const { delivery } = view;
  if (!delivery.historyRead || delivery.recent === 0) return "";
  const day = delivery.lastDeliveryDate ? localDate(delivery.lastDeliveryDate) : undefined;
  return `${day ? `${day} · ` : ""}${delivery.failed} of ${delivery.recent} failed`;
}

// ---- Filters ------------------------------------------------------------------------------------------------

/** Empty = any. Project keys are project ids (lower-case) or NO_PROJECT. */
export interface HookFilters {
  states: readonly HookState[];
  statuses: readonly StatusKey[];
  projects: readonly string[];
}

export const NO_FILTERS: HookFilters = { states: [], statuses: [], projects: [] };

export function projectKey(project: NamedRef): string {
  return project.id === null ? NO_PROJECT : project.id.toLowerCase();
}

function allows<T>(selected: readonly T[], value: T): boolean {
  return selected.length === 0 || selected.includes(value);
}

export function filterDbtHooks(views: readonly DbtHookView[], filters: HookFilters): DbtHookView[] {
  return views.filter(
    (view) => allows(filters.states, view.state) && allows(filters.statuses, view.status) && allows(filters.projects, projectKey(view.project)),
  );
}

/** Someone else's subscriptions have no health: the status and project filters apply, the health one does not. */
export function filterOtherHooks(views: readonly OtherHookView[], filters: HookFilters): OtherHookView[] {
  return views.filter((view) => allows(filters.statuses, view.status) && allows(filters.projects, projectKey(view.project)));
}

export function isFiltered(filters: HookFilters): boolean {
  return filters.states.length + filters.statuses.length + filters.projects.length > 0;
}

export interface FilterOption<K extends string> {
  key: K;
  text: string;
  count: number;
}

/** The filter choices present in the lists, with how many subscriptions each matches. */
export function filterOptions(
  dbt: readonly DbtHookView[],
  other: readonly OtherHookView[],
): { states: FilterOption<HookState>[]; statuses: FilterOption<StatusKey>[]; projects: FilterOption<string>[] } {
  const count = <K extends string>(keys: K[]) => {
    const counts = new Map<K, number>();
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    return counts;
  };
  const states = count(dbt.map((view) => view.state));
  const statuses = count([...dbt, ...other].map((view) => view.status));
  const everything = [...dbt, ...other];
  const projects = count(everything.map((view) => projectKey(view.project)));
  const projectNames = new Map(everything.map((view) => [projectKey(view.project), projectLabel(view.project)]));
  return {
    states: STATE_ORDER.filter((state) => states.has(state)).map((key) => ({ key, text: STATE_LABELS[key], count: states.get(key)! })),
    statuses: STATUS_ORDER.filter((status) => statuses.has(status)).map((key) => ({ key, text: STATUS_LABELS[key], count: statuses.get(key)! })),
    projects: [...projects.entries()]
      .map(([key, n]) => ({ key, text: projectNames.get(key)!, count: n }))
      .sort((a, b) => (a.key === NO_PROJECT ? 1 : b.key === NO_PROJECT ? -1 : a.text.localeCompare(b.text))),
  };
}

// ---- Actions --------------------------------------------------------------------------------------------------

/** The deletes of a core plan (its duplicates), in the plan's order. */
export function deletePlan(plan: HooksPlan): HooksPlan {
  return { ...plan, steps: plan.steps.filter((step) => step.kind === "delete") };
}

/** The core plan's re-enable of one subscription; undefined when the plan has none for it. */
export function enablePlan(plan: HooksPlan, subscriptionId: string): HooksPlan | undefined {
  const step = plan.steps.find(
    (candidate) => candidate.kind === "enable" && candidate.subscription.id.toLowerCase() === subscriptionId.toLowerCase(),
  );
  return step === undefined ? undefined : { ...plan, steps: [step] };
}

/** The ids of the subscriptions a plan re-enables (what the table offers "Re-enable" for). */
export function reEnableable(plan: HooksPlan): ReadonlySet<string> {
  return new Set(plan.steps.filter((step) => step.kind === "enable").map((step) => step.subscription.id.toLowerCase()));
}

export function stepVerb(step: HooksPlanStep): string {
  return step.kind === "delete" ? "Delete" : "Re-enable";
}

const OUTCOME_WORDS: Readonly<Record<StepResult["outcome"], string>> = {
  deleted: "deleted",
  alreadyDeleted: "already gone",
  enabled: "re-enabled",
  alreadyEnabled: "already enabled",
  refused: "not changed",
  failed: "failed",
  unknown: "outcome unknown",
  notAttempted: "not attempted",
};

export function outcomeLabel(result: StepResult): string {
  return OUTCOME_WORDS[result.outcome];
}

/** "2 deleted, 1 not changed": the results in one line, for the message after an action. */
export function resultsLine(results: readonly StepResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(outcomeLabel(result), (counts.get(outcomeLabel(result)) ?? 0) + 1);
  if (counts.size === 0) return "Nothing was changed.";
  return `${[...counts.entries()].map(([word, n]) => `${n} ${word}`).join(", ")}.`;
}

export function subscriptionsCount(n: number): string {
  return `${n} ${n === 1 ? "subscription" : "subscriptions"}`;
}
