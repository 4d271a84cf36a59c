/**
 * The hooks analysis: which subscriptions are dbt Cloud's, how each is doing, which are duplicates, where
 * dbt Cloud has none, and where the caller cannot tell because it may not view subscriptions.
 * Pure: a HooksSnapshot in, a HooksReport out.
 */
import { parseAccessUrl } from "../setup/access-url";
import { adviceFor, type AdviceContext } from "./advice";
import { deliveryHealth } from "./delivery";
import { findDuplicateGroups } from "./duplicates";
import {
  inputValue,
  isDbtCloudSubscription,
  subscriptionFilters,
  subscriptionProjectId,
  subscriptionRepositoryId,
  subscriptionStatus,
  targetHost,
  targetUrl,
  type HookIdentityRef,
  type HookSubscription,
  type HooksSnapshot,
  type ServiceUserRef,
} from "./model";
import {
  HOOKS_REPORT_SCHEMA_VERSION,
  type DbtHookView,
  type HookCreator,
  type HookFinding,
  type HookFindingId,
  type HookState,
  type HooksReport,
  type NamedRef,
  type OtherHookView,
  type ProjectHooksView,
  type SubscriptionVisibility,
} from "./report";
import { adoProjectServiceHooksUrl } from "../setup/links";
import { legacyHostAdvice, legacyHostOf, lookAlikeOf } from "./target-host";

export interface HooksAnalysisOptions {
  /** The dbt Cloud access URL; needed to recognise a single-tenant host on the customer's own domain. */
  accessUrl?: string;
  /** dbt Cloud account id, for deep links to the account's projects. */
  dbtAccountId?: string | number;
  /** The clock getdbt.com hosts are judged against (dbt's end of support for them); default: now. */
  now?: Date;
}

/** The two sides of the split, used by the planner as well. */
export function splitSubscriptions(
  subscriptions: readonly HookSubscription[],
  accessUrl?: string,
): { dbt: HookSubscription[]; other: HookSubscription[] } {
  const dbt: HookSubscription[] = [];
  const other: HookSubscription[] = [];
  for (const subscription of subscriptions) (isDbtCloudSubscription(subscription, accessUrl) ? dbt : other).push(subscription);
  return { dbt, other };
}

function text(value: string | undefined): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : null;
}

function sameId(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.trim() !== "" && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Whether `createdBy` is the service user: true or false when some key can be compared (storage id, UPN,
 * subject descriptor), null when the service user is unknown or nothing can be compared.
 */
export function isCreatedByServiceUser(createdBy: HookIdentityRef | undefined, serviceUser: ServiceUserRef | undefined): boolean | null {
  if (!createdBy || !serviceUser) return null;
  const pairs: [string | undefined, string | undefined, boolean][] = [
    [createdBy.id, serviceUser.id, false],
    [createdBy.uniqueName, serviceUser.principalName, false],
    // Subject descriptors are base64: compare exactly.
    [createdBy.descriptor, serviceUser.subjectDescriptor, true],
  ];
  const comparable = pairs.filter(([a, b]) => text(a) !== null && text(b) !== null);
  if (comparable.length === 0) return null;
  return comparable.some(([a, b, exact]) => (exact ? a!.trim() === b!.trim() : sameId(a, b)));
}

/** `https://host/path` with query, fragment and user info removed (they can hold secrets). */
export function redactUrl(url: string | undefined): string {
  if (url === undefined) return "";
  try {
    const parsed = new URL(url);
    const query = parsed.search !== "" ? "?…" : "";
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}${query}`;
  } catch {
    return "(not a valid URL)";
  }
}

interface Lookup {
  projects: Map<string, string>;
  repositories: Map<string, string>;
}

function projectRef(subscription: HookSubscription, lookup: Lookup): NamedRef {
  const id = subscriptionProjectId(subscription) ?? null;
  return { id, name: id === null ? null : (lookup.projects.get(id) ?? null) };
}

function repositoryRef(subscription: HookSubscription, lookup: Lookup): NamedRef {
  const id = subscriptionRepositoryId(subscription) ?? null;
  return { id, name: id === null ? null : (lookup.repositories.get(id) ?? null) };
}

function stateOf(subscription: HookSubscription, health: ReturnType<typeof deliveryHealth>, duplicateOf: string | null): HookState {
  if (duplicateOf !== null) return "duplicate";
  const status = subscriptionStatus(subscription);
  switch (status) {
    case "enabled":
      return health.lastResult === "failed" ? "failing" : "healthy";
    case "unknown":
      return "unknownStatus";
    default:
      return status;
  }
}

const STATE_FINDINGS: Partial<Record<HookState, HookFindingId>> = {
  duplicate: "hook-duplicate",
  disabledByUser: "hook-disabled-by-user",
  disabledBySystem: "hook-disabled-by-system",
  disabledByInactiveIdentity: "hook-disabled-by-inactive-identity",
  onProbation: "hook-on-probation",
  failing: "hook-failing",
  unknownStatus: "hook-status-unknown",
};

function creatorName(creator: HookCreator): string | null {
  if (creator.displayName && creator.uniqueName) return `${creator.displayName} <${creator.uniqueName}>`;
  return creator.displayName ?? creator.uniqueName ?? creator.id;
}

function location(view: Pick<DbtHookView, "project" | "repository">): string {
  const project = view.project.name ?? view.project.id ?? "(no project)";
  const repository = view.repository.id === null ? "any repository" : (view.repository.name ?? view.repository.id);
  return `${project}/${repository}`;
}

function visibilityOf(projectId: string, subscriptionsSeen: number, snapshot: HooksSnapshot): SubscriptionVisibility {
  // Subscriptions that came back prove the caller can view them, whatever the permission check said.
  if (subscriptionsSeen > 0) return "visible";
  const canView = Object.entries(snapshot.canViewSubscriptions).find(([id]) => id.toLowerCase() === projectId)?.[1];
  if (canView === true) return "visible";
  if (canView === false) return "cannotSee";
  return "unchecked";
}

function dbtView(
  subscription: HookSubscription,
  snapshot: HooksSnapshot,
  lookup: Lookup,
  context: AdviceContext,
  duplicateOf: string | null,
  duplicates: string[],
  now: Date,
): DbtHookView {
  const health = deliveryHealth(subscription, snapshot.notifications[subscription.id]);
  const state = stateOf(subscription, health, duplicateOf);
  const filters = subscriptionFilters(subscription);
  const branchKey = Object.keys(filters).find((name) => name.toLowerCase() === "branch");
  const branch = branchKey === undefined ? null : filters[branchKey]!;
  if (branchKey !== undefined) delete filters[branchKey];
  const creator: HookCreator = {
    id: text(subscription.createdBy?.id),
    displayName: text(subscription.createdBy?.displayName),
    uniqueName: text(subscription.createdBy?.uniqueName),
    isServiceUser: isCreatedByServiceUser(subscription.createdBy, snapshot.serviceUser),
  };
  const base = {
    project: projectRef(subscription, lookup),
    repository: repositoryRef(subscription, lookup),
    targetHost: targetHost(subscription) ?? null,
    probationRetries: typeof subscription.probationRetries === "number" ? subscription.probationRetries : 0,
    lastProbationRetryDate: text(subscription.lastProbationRetryDate),
  };
  let advice = adviceFor({ ...base, state, delivery: health, creatorName: creatorName(creator), duplicateOf }, context);
  // A duplicate is deleted anyway; any other copy on a getdbt.com host must move to the new access URL.
  const legacyHost = state === "duplicate" ? null : legacyHostOf(base.targetHost, now, context.accessUrl);
  if (legacyHost) {
    advice = {
      severity: legacyHost.pastEndOfSupport || advice.severity === "error" ? "error" : "warning",
      action: advice.action === "none" || advice.action === "watch" ? "reconnect" : advice.action,
      advice: state === "healthy" ? legacyHostAdvice(legacyHost) : `${advice.advice} ${legacyHostAdvice(legacyHost)}`,
      links: advice.links,
    };
  }
  return {
    id: subscription.id,
    status: subscriptionStatus(subscription),
    reportedStatus: subscription.status === undefined || subscription.status === null ? null : String(subscription.status),
    state,
    ...advice,
    ...base,
    publisherId: subscription.publisherId ?? "",
    eventType: subscription.eventType ?? "",
    consumerId: subscription.consumerId ?? "",
    consumerActionId: subscription.consumerActionId ?? "",
    branch,
    filters,
    target: redactUrl(targetUrl(subscription)),
    delivery: health,
    creator,
    createdDate: text(subscription.createdDate),
    modifiedDate: text(subscription.modifiedDate),
    duplicateOf,
    duplicates,
    legacyHost,
  };
}

function otherView(subscription: HookSubscription, lookup: Lookup, accessUrl: string | undefined): OtherHookView {
  const host = inputValue(subscription.consumerInputs, "url") === undefined ? null : (targetHost(subscription) ?? null);
  return {
    id: subscription.id,
    status: subscriptionStatus(subscription),
    project: projectRef(subscription, lookup),
    repository: repositoryRef(subscription, lookup),
    publisherId: subscription.publisherId ?? "",
    eventType: subscription.eventType ?? "",
    consumerId: subscription.consumerId ?? "",
    consumerActionId: subscription.consumerActionId ?? "",
    targetHost: host,
    lookAlike: lookAlikeOf(host, accessUrl),
  };
}

function subscriptionFindings(views: DbtHookView[]): HookFinding[] {
  const findings: HookFinding[] = [];
  for (const view of views) {
    const id = STATE_FINDINGS[view.state];
    if (id !== undefined) {
      findings.push({
        id,
        severity: view.severity === "error" ? "error" : "warning",
        message: `${view.eventType} subscription ${view.id} in ${location(view)}: ${view.advice}`,
        subscriptionId: view.id,
        projectId: view.project.id ?? undefined,
      });
    }
    if (view.legacyHost) {
      findings.push({
        id: "hook-legacy-host",
        severity: view.legacyHost.pastEndOfSupport ? "error" : "warning",
        message: `${view.eventType} subscription ${view.id} in ${location(view)}: ${legacyHostAdvice(view.legacyHost)}`,
        subscriptionId: view.id,
        projectId: view.project.id ?? undefined,
      });
    }
    // A duplicate is going away; only a copy that stays matters for who owns it.
    if (view.state !== "duplicate" && view.creator.isServiceUser === false) {
      findings.push({
        id: "hook-not-created-by-service-user",
        severity: "warning",
        message:
          `${view.eventType} subscription ${view.id} in ${location(view)} was created by ${creatorName(view.creator)}, not the dbt service user. ` +
          "If that identity leaves or loses access, Azure DevOps disables the subscription; reconnect the repository in dbt Cloud with the service user linked.",
        subscriptionId: view.id,
        projectId: view.project.id ?? undefined,
      });
    }
  }
  return findings;
}

function lookAlikeFindings(views: OtherHookView[]): HookFinding[] {
  return views
    .filter((view) => view.lookAlike !== null)
    .map((view) => ({
      id: "hook-look-alike-host" as const,
      severity: "warning" as const,
      message:
        `${view.eventType} subscription ${view.id} posts to ${view.targetHost}, which looks like ${view.lookAlike} but is not dbt Cloud's. ` +
        "Its events (with repository and pull request details) go to someone else: check who created it, and delete it unless it is known.",
      subscriptionId: view.id,
      projectId: view.project.id ?? undefined,
    }));
}

function projectFindings(projects: ProjectHooksView[], dbtCount: number, otherWebHooks: number, accessUrl?: string): HookFinding[] {
  const findings: HookFinding[] = [];
  for (const project of projects) {
    if (project.visibility === "cannotSee") {
      findings.push({
        id: "hooks-cannot-see",
        severity: "error",
        message:
          `Cannot see the service hook subscriptions of ${project.name}: the caller lacks View Subscriptions there, and Azure DevOps then answers ` +
          'with an empty list rather than an error, so "none" cannot be told apart. Read them as a Project Administrator of it (or grant View Subscriptions on PublisherSecurity).',
        projectId: project.id,
      });
    } else if (project.visibility === "unchecked") {
      findings.push({
        id: "hooks-visibility-unchecked",
        severity: "warning",
        message: `No subscriptions came back for ${project.name}, and whether the caller may view them could not be checked: it may have none, or the caller cannot see them.`,
        projectId: project.id,
      });
    } else if (project.missingDbtSubscription) {
      findings.push({
        id: "hooks-missing-in-project",
        severity: "warning",
        message:
          `${project.name} has ${project.repositories} ${project.repositories === 1 ? "repository" : "repositories"} but no dbt Cloud subscription. ` +
          "If a dbt Cloud project uses one of them, its CI jobs never start: the repository was connected with webhook registration bypassed, or the subscription was deleted. Reconnect it in dbt Cloud.",
        projectId: project.id,
      });
    }
  }
  const visible = projects.filter((project) => project.visibility === "visible").length;
  if (dbtCount === 0 && visible > 0) {
    const hint =
      otherWebHooks > 0 && accessUrl === undefined
        ? ` ${otherWebHooks} web hook ${otherWebHooks === 1 ? "subscription points" : "subscriptions point"} elsewhere; if dbt Cloud runs on your own single-tenant host, give its access URL.`
        : "";
    findings.push({
      id: "no-dbt-hooks",
      severity: "warning",
      message: `No dbt Cloud service hook subscription was found in the ${visible} ${visible === 1 ? "project" : "projects"} that could be seen.${hint}`,
    });
  }
  return findings;
}

export function analyzeHooks(snapshot: HooksSnapshot, options: HooksAnalysisOptions = {}): HooksReport {
  if (!snapshot || !Array.isArray(snapshot.subscriptions) || !Array.isArray(snapshot.projects)) {
    throw new Error("analyzeHooks needs a snapshot with projects and subscriptions");
  }
  let accessHost: string | null = null;
  if (options.accessUrl !== undefined) {
    const parsed = parseAccessUrl(options.accessUrl);
    if (!parsed.ok) throw new Error(parsed.message);
    accessHost = parsed.value.host;
  }
  const now = options.now ?? new Date();
  if (Number.isNaN(now.getTime())) throw new Error("analyzeHooks needs `now` as a valid Date");
  const lookup: Lookup = {
    projects: new Map(snapshot.projects.map((project) => [project.id.toLowerCase(), project.name])),
    repositories: new Map(snapshot.repositories.map((repository) => [repository.id.toLowerCase(), repository.name])),
  };
  const context: AdviceContext = { organization: snapshot.organization, accessUrl: accessHost ?? undefined, dbtAccountId: options.dbtAccountId };
  const { dbt, other } = splitSubscriptions(snapshot.subscriptions, accessHost ?? undefined);

  const duplicateOf = new Map<string, string>();
  const duplicatesOf = new Map<string, string[]>();
  for (const group of findDuplicateGroups(dbt)) {
    duplicatesOf.set(
      group.kept.id,
      group.duplicates.map((duplicate) => duplicate.id),
    );
    for (const duplicate of group.duplicates) duplicateOf.set(duplicate.id, group.kept.id);
  }
  const dbtViews = dbt
    .map((subscription) =>
      dbtView(subscription, snapshot, lookup, context, duplicateOf.get(subscription.id) ?? null, duplicatesOf.get(subscription.id) ?? [], now),
    )
    .sort((a, b) => location(a).localeCompare(location(b)) || a.eventType.localeCompare(b.eventType) || a.id.localeCompare(b.id));
  const otherViews = other.map((subscription) => otherView(subscription, lookup, accessHost ?? undefined)).sort((a, b) => a.id.localeCompare(b.id));

  const projects: ProjectHooksView[] = [...snapshot.projects]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((project) => {
      const id = project.id.toLowerCase();
      const dbtHere = dbtViews.filter((view) => view.project.id === id).length;
      const otherHere = otherViews.filter((view) => view.project.id === id).length;
      const repositories = snapshot.repositories.filter((repository) => repository.projectId.toLowerCase() === id && !repository.isDisabled).length;
      const visibility = visibilityOf(id, dbtHere + otherHere, snapshot);
      return {
        id: project.id,
        name: project.name,
        visibility,
        repositories,
        dbtSubscriptions: dbtHere,
        otherSubscriptions: otherHere,
        // Only meaningful where the caller can see, and where dbt Cloud is in use at all.
        missingDbtSubscription: visibility === "visible" && repositories > 0 && dbtHere === 0 && dbtViews.length > 0,
        serviceHooksUrl: adoProjectServiceHooksUrl(snapshot.organization, project.name),
      };
    });

  const otherWebHooks = other.filter((subscription) => (subscription.consumerId ?? "").toLowerCase() === "webhooks").length;
  const findings = [
    ...subscriptionFindings(dbtViews),
    ...lookAlikeFindings(otherViews),
    ...projectFindings(projects, dbtViews.length, otherWebHooks, accessHost ?? undefined),
  ];
  const serviceUser = snapshot.serviceUser;
  return {
    schemaVersion: HOOKS_REPORT_SCHEMA_VERSION,
    organization: snapshot.organization.name,
    accessUrl: accessHost,
    serviceUser: serviceUser
      ? { id: text(serviceUser.id), displayName: text(serviceUser.displayName), principalName: text(serviceUser.principalName) }
      : null,
    ok: findings.every((finding) => finding.severity !== "error"),
    summary: {
      dbt: dbtViews.length,
      healthy: dbtViews.filter((view) => view.state === "healthy").length,
      duplicates: dbtViews.filter((view) => view.state === "duplicate").length,
      unhealthy: dbtViews.filter((view) => view.state !== "healthy" && view.state !== "duplicate").length,
      other: otherViews.length,
      projectsCannotSee: projects.filter((project) => project.visibility === "cannotSee").length,
    },
    findings,
    projects,
    dbtSubscriptions: dbtViews,
    otherSubscriptions: otherViews,
  };
}
