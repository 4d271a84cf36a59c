/**
 * Reads what the hooks analysis needs (a HooksSnapshot): projects, repositories, every subscription in scope,
 * the recent delivery history of dbt Cloud's, and where the caller may view subscriptions at all.
 */
import { NAMESPACE_IDS } from "../../core/permissions/catalogue";
import { serviceHooksToken } from "../../core/permissions/tokens";
import {
  isDbtCloudSubscription,
  subscriptionProjectId,
  type HookNotification,
  type HookSubscription,
  type HooksSnapshot,
  type ServiceUserRef,
} from "../../core/hooks/index";
import type { ProjectInfo } from "../../core/snapshot";
import { isAdoError } from "../http/errors";
import type { Organization } from "../organization";
import type { GatewayClients } from "../rest/gateway-clients";
import { readRepositoriesInScope } from "./repositories";
import { HooksApi, type WireSubscription } from "../rest/hooks-client";
import type { IdentityRef } from "./identity-resolution";

/** ViewSubscriptions (ServiceHooks namespace bit 1). */
const VIEW_SUBSCRIPTIONS = 1;
/** Deliveries read per subscription: enough to tell a trend, few enough to stay cheap (the default is 100). */
export const DEFAULT_NOTIFICATIONS_PER_SUBSCRIPTION = 20;

/** What the reader needs from the gateway. */
export interface HooksReaderContext {
  organization: Organization;
  clients: GatewayClients;
  resolveProjects(filters: string[]): Promise<ProjectInfo[]>;
  resolveIdentity(query: string): Promise<IdentityRef>;
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

async function readServiceUser(gateway: HooksReaderContext, query: string | undefined): Promise<ServiceUserRef | undefined> {
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
export function subscriptionsInScope(subscriptions: WireSubscription[], projects: ProjectInfo[], everyProject: boolean): WireSubscription[] {
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
export async function readHooksSnapshot(gateway: HooksReaderContext, options: HooksReadOptions = {}): Promise<HooksSnapshot> {
  const progress = options.onProgress ?? (() => undefined);
  const filters = options.projects ?? [];
  const api = await HooksApi.of(gateway.clients);
  const [projects, serviceUser, allSubscriptions] = await Promise.all([
    gateway.resolveProjects(filters),
    readServiceUser(gateway, options.serviceUser),
    api.listSubscriptions(),
  ]);
  const projectIds = new Set(projects.map((project) => project.id.toLowerCase()));
  const subscriptions = subscriptionsInScope(allSubscriptions, projects, filters.length === 0);
  const dbt = subscriptions.filter((subscription) => isDbtCloudSubscription(subscription, options.accessUrl));
  progress(`Service hook subscriptions in scope: ${subscriptions.length} (${dbt.length} to dbt Cloud) in ${projects.length} projects`);

  const [repositories, canViewSubscriptions, notifications] = await Promise.all([
    // The same read as the audit's, with its per-project fallback for an organization-wide list too large to come.
    readRepositoriesInScope({ clients: gateway.clients, progress }, projectIds),
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
