/**
 * Service hook subscriptions over HTTP: read what the hooks analysis needs (a HooksSnapshot) and apply a
 * clean-up plan (DELETE duplicates, PUT re-enables), re-checking each subscription right before writing.
 *
 * Wire format [C reference §9, SPEC-HOOKS], host = the organization URL, `api-version=7.1`:
 *   GET    _apis/hooks/subscriptions                                   every subscription the caller may view
 *   GET    _apis/hooks/subscriptions/{id}                              one (404 when gone)
 *   PUT    _apis/hooks/subscriptions/{id}                              replace (same body as create)
 *   DELETE _apis/hooks/subscriptions/{id}                              204
 *   GET    _apis/hooks/subscriptions/{id}/notifications?maxResults=n   recent deliveries
 *   GET    _apis/permissions/{ns}/{bits}?tokens=a,b&delimiter=,        the caller's own permission, one bool per token [C §4]
 *
 * The requests go through the gateway's routed client on the organization host (so auth, retries on 429/5xx,
 * throttling and error mapping are the shared transport's); azure-devops-extension-api's typed hooks methods
 * are not used because they pin `7.2-preview.1` and have no call for the permissions API.
 */
import { NAMESPACE_IDS } from "../core/permissions/catalogue";
import {
  checkBeforeDelete,
  checkBeforeEnable,
  isDbtCloudSubscription,
  type DeleteStep,
  type EnableStep,
  type HookNotification,
  type HookSubscription,
  type HooksPlan,
  type HooksSnapshot,
  type ServiceUserRef,
  type StepResult,
  subscriptionProjectId,
} from "../core/hooks/index";
import type { ProjectInfo, RepositoryInfo } from "../core/snapshot";
import { serviceHooksToken } from "../core/permissions/tokens";
import type { RestClientRequestParams } from "./rest/api-clients";
import { AdoError, isAdoError } from "./http/errors";
import type { AdoGateway } from "./gateway";
import { sortRepositories, toRepositoryInfo } from "./read/snapshot";
import { listItems, type WireRepository } from "./rest/wire";

const API_VERSION = "7.1";
/** ViewSubscriptions [C reference §1.1]. */
const VIEW_SUBSCRIPTIONS = 1;
/** Deliveries read per subscription: enough to tell a trend, few enough to stay cheap (the default is 100). */
export const DEFAULT_NOTIFICATIONS_PER_SUBSCRIPTION = 20;
/** Tokens per permissions request, to keep the URL well under common limits. */
const TOKENS_PER_REQUEST = 50;

/** A subscription exactly as received, so a PUT sends back every field it did not mean to change. */
export type WireSubscription = HookSubscription & Record<string, unknown>;

type BeginRequest = <T>(params: RestClientRequestParams) => Promise<T>;

/** The hooks and permissions calls, on the gateway's routed client for the organization host. */
export class HooksApi {
  private constructor(private readonly request: BeginRequest) {}

  static async of(gateway: AdoGateway): Promise<HooksApi> {
    // `beginRequest` is protected in azure-devops-extension-api's declarations only; calling it on the routed
    // client sends our own route through the gateway's transport, as the clients in ./clients do internally.
    const client = (await gateway.clients.serviceHooks()) as unknown as { beginRequest: BeginRequest };
    return new HooksApi((params) => client.beginRequest(params));
  }

  async listSubscriptions(): Promise<WireSubscription[]> {
    const body = await this.request<unknown>({ apiVersion: API_VERSION, routeTemplate: "_apis/hooks/subscriptions" });
    return listItems<WireSubscription>(body, "service hook subscriptions").filter(isSubscription);
  }

  /** The subscription, or undefined when it does not exist (404). */
  async getSubscription(id: string): Promise<WireSubscription | undefined> {
    try {
      const body = await this.request<unknown>({
        apiVersion: API_VERSION,
        routeTemplate: "_apis/hooks/subscriptions/{subscriptionId}",
        routeValues: { subscriptionId: id },
      });
      return isSubscription(body) ? body : undefined;
    } catch (error) {
      if (isAdoError(error, "notFound")) return undefined;
      throw error;
    }
  }

  /** `deleted` (204), or `notFound` when it was already gone (404): both leave it deleted. */
  async deleteSubscription(id: string): Promise<"deleted" | "notFound"> {
    try {
      await this.request<unknown>({
        apiVersion: API_VERSION,
        method: "DELETE",
        routeTemplate: "_apis/hooks/subscriptions/{subscriptionId}",
        routeValues: { subscriptionId: id },
      });
      return "deleted";
    } catch (error) {
      if (isAdoError(error, "notFound")) return "notFound";
      throw error;
    }
  }

  async replaceSubscription(id: string, subscription: WireSubscription): Promise<WireSubscription | undefined> {
    const body = await this.request<unknown>({
      apiVersion: API_VERSION,
      method: "PUT",
      routeTemplate: "_apis/hooks/subscriptions/{subscriptionId}",
      routeValues: { subscriptionId: id },
      body: subscription,
    });
    return isSubscription(body) ? body : undefined;
  }

  async listNotifications(id: string, maxResults: number): Promise<HookNotification[]> {
    const body = await this.request<unknown>({
      apiVersion: API_VERSION,
      routeTemplate: "_apis/hooks/subscriptions/{subscriptionId}/notifications",
      routeValues: { subscriptionId: id },
      queryParams: { maxResults },
    });
    return listItems<HookNotification>(body, "service hook notifications").filter((item) => item !== null && typeof item === "object");
  }

  /** The caller's own permission on each token, in order [C reference §4]. */
  async callerHasPermissions(namespaceId: string, bits: number, tokens: string[]): Promise<boolean[]> {
    const answers: boolean[] = [];
    for (let start = 0; start < tokens.length; start += TOKENS_PER_REQUEST) {
      const chunk = tokens.slice(start, start + TOKENS_PER_REQUEST);
      const body = await this.request<unknown>({
        apiVersion: API_VERSION,
        routeTemplate: "_apis/permissions/{securityNamespaceId}/{permissions}",
        routeValues: { securityNamespaceId: namespaceId, permissions: bits },
        // Asked the way the list is assumed to filter: administrators see every project's subscriptions [I].
        queryParams: { tokens: chunk.join(","), alwaysAllowAdministrators: true, delimiter: "," },
      });
      const values = listItems<unknown>(body, "permissions");
      if (values.length !== chunk.length) {
        throw new AdoError("server", `Azure DevOps answered ${values.length} permission checks for ${chunk.length} tokens.`);
      }
      answers.push(...values.map((value) => value === true));
    }
    return answers;
  }
}

function isSubscription(value: unknown): value is WireSubscription {
  return value !== null && typeof value === "object" && typeof (value as { id?: unknown }).id === "string";
}

export interface HooksReadOptions {
  /** Project names or ids; empty = every project. */
  projects?: string[];
  /** The dbt service user (UPN, e-mail, display name or descriptor), to tell whether it created each subscription. */
  serviceUser?: string;
  /** The dbt Cloud access URL: delivery history is read for dbt Cloud's subscriptions only. */
  accessUrl?: string;
  notificationsPerSubscription?: number;
  onProgress?: (message: string) => void;
}

async function readRepositories(gateway: AdoGateway, projectIds: Set<string>): Promise<RepositoryInfo[]> {
  const git = await gateway.clients.git();
  const body = (await git.getRepositories()) as unknown;
  const list = listItems<WireRepository>(body, "repositories");
  return sortRepositories(list.map((repository) => toRepositoryInfo(repository)).filter((repository) => projectIds.has(repository.projectId.toLowerCase())));
}

async function readVisibility(api: HooksApi, projects: ProjectInfo[], progress: (message: string) => void): Promise<Record<string, boolean>> {
  if (projects.length === 0) return {};
  try {
    const answers = await api.callerHasPermissions(
      NAMESPACE_IDS.serviceHooks,
      VIEW_SUBSCRIPTIONS,
      projects.map((project) => serviceHooksToken(project.id)),
    );
    return Object.fromEntries(projects.map((project, index) => [project.id.toLowerCase(), answers[index]!]));
  } catch (error) {
    if (isAdoError(error, "forbidden") || isAdoError(error, "server") || isAdoError(error, "notFound")) {
      progress(`Could not check who may view subscriptions (${error.message}); empty projects are reported as unchecked.`);
      return {};
    }
    throw error;
  }
}

async function readServiceUser(gateway: AdoGateway, query: string | undefined): Promise<ServiceUserRef | undefined> {
  if (query === undefined || query.trim() === "") return undefined;
  const identity = await gateway.resolveIdentity(query);
  return {
    id: identity.id,
    displayName: identity.displayName,
    principalName: identity.principalName,
    subjectDescriptor: identity.subjectDescriptor,
  };
}

/** The subscriptions of the projects in scope; organization-wide ones only when no project was named. */
function inScope(subscriptions: WireSubscription[], projects: ProjectInfo[], everyProject: boolean): WireSubscription[] {
  const ids = new Set(projects.map((project) => project.id.toLowerCase()));
  return subscriptions.filter((subscription) => {
    const projectId = subscriptionProjectId(subscription);
    return projectId === undefined ? everyProject : everyProject || ids.has(projectId);
  });
}

async function readHistory(
  api: HooksApi,
  subscriptions: HookSubscription[],
  maxResults: number,
  progress: (message: string) => void,
): Promise<Record<string, HookNotification[]>> {
  const entries = await Promise.all(
    subscriptions.map(async (subscription): Promise<[string, HookNotification[]] | undefined> => {
      try {
        return [subscription.id, await api.listNotifications(subscription.id, maxResults)];
      } catch (error) {
        // One unreadable history (deleted meanwhile, or not allowed) leaves that one "not read", not the run failed.
        if (isAdoError(error, "notFound") || isAdoError(error, "forbidden")) {
          progress(`Could not read the delivery history of subscription ${subscription.id}: ${error.message}`);
          return undefined;
        }
        throw error;
      }
    }),
  );
  return Object.fromEntries(entries.filter((entry): entry is [string, HookNotification[]] => entry !== undefined));
}

/** Reads everything `analyzeHooks` needs: projects, repositories, subscriptions, delivery history, visibility. */
export async function readHooksSnapshot(gateway: AdoGateway, options: HooksReadOptions = {}): Promise<HooksSnapshot> {
  const progress = options.onProgress ?? (() => undefined);
  const filters = options.projects ?? [];
  const api = await HooksApi.of(gateway);
  const [projects, serviceUser, allSubscriptions] = await Promise.all([
    gateway.resolveProjects(filters),
    readServiceUser(gateway, options.serviceUser),
    api.listSubscriptions(),
  ]);
  const projectIds = new Set(projects.map((project) => project.id.toLowerCase()));
  const subscriptions = inScope(allSubscriptions, projects, filters.length === 0);
  const dbt = subscriptions.filter((subscription) => isDbtCloudSubscription(subscription, options.accessUrl));
  progress(`Service hook subscriptions in scope: ${subscriptions.length} (${dbt.length} to dbt Cloud) in ${projects.length} projects`);

  const [repositories, canViewSubscriptions, notifications] = await Promise.all([
    readRepositories(gateway, projectIds),
    readVisibility(api, projects, progress),
    readHistory(api, dbt, options.notificationsPerSubscription ?? DEFAULT_NOTIFICATIONS_PER_SUBSCRIPTION, progress),
  ]);
  return {
    organization: { name: gateway.organization.name, url: gateway.organization.url },
    projects,
    repositories,
    subscriptions,
    notifications,
    canViewSubscriptions,
    ...(serviceUser ? { serviceUser } : {}),
  };
}

export interface HooksApplyOptions {
  onProgress?: (message: string) => void;
}

/** Failures that concern one subscription; anything else (auth, network, throttling) stops the run. */
function isStepError(error: unknown): error is AdoError {
  return isAdoError(error, "forbidden") || isAdoError(error, "server") || isAdoError(error, "notFound");
}

async function applyDelete(api: HooksApi, step: DeleteStep, accessUrl: string | undefined, kept: Map<string, Promise<WireSubscription | undefined>>): Promise<StepResult> {
  const id = step.subscription.id;
  const keptRead = kept.get(step.keepId) ?? api.getSubscription(step.keepId);
  kept.set(step.keepId, keptRead);
  const [current, keptCopy] = await Promise.all([api.getSubscription(id), keptRead]);
  const check = checkBeforeDelete(step, current, keptCopy, accessUrl);
  if (check.verdict === "done") return { step, outcome: "alreadyDeleted", message: "" };
  if (check.verdict === "refuse") return { step, outcome: "refused", message: check.reason };
  const result = await api.deleteSubscription(id);
  return { step, outcome: result === "deleted" ? "deleted" : "alreadyDeleted", message: "" };
}

async function applyEnable(api: HooksApi, step: EnableStep, accessUrl: string | undefined): Promise<StepResult> {
  const current = await api.getSubscription(step.subscription.id);
  const check = checkBeforeEnable(current, accessUrl);
  if (check.verdict === "done") return { step, outcome: "alreadyEnabled", message: "" };
  if (check.verdict === "refuse") return { step, outcome: "refused", message: check.reason };
  // The whole subscription goes back as read, only the status changed: a PUT replaces it [C reference §9].
  // Confidential inputs come back masked (`********`); the service keeps the stored secret when the mask is
  // echoed, as its own settings page relies on [I reference §9].
  const updated = await api.replaceSubscription(step.subscription.id, { ...current!, status: "enabled" });
  if (updated !== undefined && updated.status !== undefined && updated.status !== "enabled" && updated.status !== 0) {
    return { step, outcome: "failed", message: `Azure DevOps kept its status ${String(updated.status)}` };
  }
  return { step, outcome: "enabled", message: "" };
}

/**
 * Applies the steps in order, one at a time (deletes first, as planned). Each write is preceded by a fresh
 * read and the core's check; a step that fails on its own (403, 5xx after the transport's retries) is
 * reported and the others go on; authentication, network and throttling errors stop the run (thrown).
 */
export async function applyHooksPlan(gateway: AdoGateway, plan: HooksPlan, options: HooksApplyOptions = {}): Promise<StepResult[]> {
  const progress = options.onProgress ?? (() => undefined);
  const api = await HooksApi.of(gateway);
  const accessUrl = plan.accessUrl ?? undefined;
  const kept = new Map<string, Promise<WireSubscription | undefined>>();
  const results: StepResult[] = [];
  for (const step of plan.steps) {
    let result: StepResult;
    try {
      result = step.kind === "delete" ? await applyDelete(api, step, accessUrl, kept) : await applyEnable(api, step, accessUrl);
    } catch (error) {
      if (!isStepError(error)) throw error;
      result = { step, outcome: "failed", message: error.message };
    }
    progress(`${step.kind === "delete" ? "Delete" : "Re-enable"} ${step.subscription.id}: ${result.outcome}${result.message ? ` (${result.message})` : ""}`);
    results.push(result);
  }
  return results;
}
