/**
 * The service hooks and permissions calls, on the gateway's routed client for the organization host.
 *
 * Wire format (https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions, api-version 7.1),
 * host = the organization URL:
 *   GET    _apis/hooks/subscriptions                                   every subscription the caller may view
 *   GET    _apis/hooks/subscriptions/{id}                              one (404 when gone)
 *   PUT    _apis/hooks/subscriptions/{id}                              replace (same body as create)
 *   DELETE _apis/hooks/subscriptions/{id}                              204
 *   GET    _apis/hooks/subscriptions/{id}/notifications?maxResults=n   recent deliveries
 *   GET    _apis/permissions/{ns}/{bits}?tokens=a,b&delimiter=,        the caller's own permission, one bool per token
 *          (https://learn.microsoft.com/rest/api/azure/devops/security/permissions/has-permissions-batch)
 *
 * Requests go through the gateway's transport (auth, retries on 429/5xx, throttling, error mapping);
 * azure-devops-extension-api's typed hooks methods are not used because they pin `7.2-preview.1` and have no
 * call for the permissions API.
 */
import type { HookNotification, HookSubscription } from "../../core/hooks/index";
import { AdoError, isAdoError } from "../http/errors";
import type { RestClientRequestParams } from "./api-clients";
import type { GatewayClients } from "./gateway-clients";
import { listItems } from "./wire";

const API_VERSION = "7.1";
/** Tokens per permissions request, to keep the URL well under common limits. */
const TOKENS_PER_REQUEST = 50;

/** A subscription exactly as received, so a PUT sends back every field it did not mean to change. */
export type WireSubscription = HookSubscription & Record<string, unknown>;

type BeginRequest = <T>(params: RestClientRequestParams) => Promise<T>;

/** The hooks and permissions calls, on the gateway's routed client for the organization host. */
export class HooksApi {
  private constructor(private readonly request: BeginRequest) {}

  static async of(clients: GatewayClients): Promise<HooksApi> {
    // `beginRequest` is protected in azure-devops-extension-api's declarations only; calling it on the routed
    // client sends our own route through the gateway's transport, as the other clients in this folder do.
    const client = (await clients.serviceHooks()) as unknown as { beginRequest: BeginRequest };
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
      // A 404 to a DELETE the transport sent again after losing the first answer: the first one deleted it.
      if (isAdoError(error, "notFound")) return error.afterLostAnswer ? "deleted" : "notFound";
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

  /** The caller's own permission on each token, in order (https://learn.microsoft.com/rest/api/azure/devops/security/permissions/has-permissions-batch). */
  async callerHasPermissions(namespaceId: string, bits: number, tokens: string[]): Promise<boolean[]> {
    const answers: boolean[] = [];
    for (let start = 0; start < tokens.length; start += TOKENS_PER_REQUEST) {
      const chunk = tokens.slice(start, start + TOKENS_PER_REQUEST);
      const body = await this.request<unknown>({
        apiVersion: API_VERSION,
        routeTemplate: "_apis/permissions/{securityNamespaceId}/{permissions}",
        routeValues: { securityNamespaceId: namespaceId, permissions: bits },
        // Asked the way the list is assumed to filter: administrators see every project's subscriptions (inferred, not documented).
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
