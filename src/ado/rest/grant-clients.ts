/**
 * The REST calls `grant` needs beyond the readers': the caller-only permission check, the caller's identity,
 * namespace descriptions (for `writePermission`), and the Graph membership PUT. Routed through the gateway's
 * transport (`GatewayClients.custom`), so auth, throttling, retries and error mapping are the shared ones.
 */
import { RestClientBase } from "./api-clients";
import type { GatewayClients } from "./gateway-clients";
import { isAdoError } from "../http/errors";
import { RESOURCE_AREAS } from "../resource-areas";
import { listItems } from "./wire";

/** `connectionData` and the Graph resources are preview-only (https://learn.microsoft.com/azure/devops/integrate/concepts/rest-api-versioning). */
const PREVIEW = "7.1-preview.1";
const RELEASED = "7.1";

/** Tokens per permissions request: keeps the query string well under common URL limits. */
const TOKENS_PER_REQUEST = 40;

/** Evaluations per batch request body. */
const EVALUATIONS_PER_REQUEST = 500;

export interface PermissionEvaluation {
  securityNamespaceId: string;
  token: string;
  permissions: number;
}

export interface WireNamespace {
  namespaceId: string;
  name?: string;
  writePermission?: number;
}

export interface WireConnectionUser {
  id?: string;
  descriptor?: string;
  subjectDescriptor?: string;
  providerDisplayName?: string;
}

export interface WireGraphMembership {
  containerDescriptor?: string;
  memberDescriptor?: string;
}

/** Organization host: permission checks, namespaces, connectionData. */
export class GrantSecurityRestClient extends RestClientBase {
  /**
   * `GET _apis/permissions/{ns}/{permissions}?tokens=…&delimiter=,` → one boolean per token, in order, for the
   * **caller** (https://learn.microsoft.com/rest/api/azure/devops/security/permissions/has-permissions-batch). Long token lists are split over several requests.
   */
  async hasPermissions(
    securityNamespaceId: string,
    permissions: number,
    tokens: readonly string[],
    alwaysAllowAdministrators: boolean,
  ): Promise<boolean[]> {
    const answers: boolean[] = [];
    for (let start = 0; start < tokens.length; start += TOKENS_PER_REQUEST) {
      const chunk = tokens.slice(start, start + TOKENS_PER_REQUEST);
      const body = await this.beginRequest<unknown>({
        apiVersion: RELEASED,
        routeTemplate: "_apis/permissions/{securityNamespaceId}/{permissions}",
        routeValues: { securityNamespaceId, permissions },
        queryParams: { tokens: chunk.join(","), alwaysAllowAdministrators, delimiter: "," },
      });
      const values = listItems<unknown>(body, "permission check");
      if (values.length !== chunk.length) {
        throw new Error(`The permission check answered ${values.length} values for ${chunk.length} tokens`);
      }
      answers.push(...values.map((value) => value === true));
    }
    return answers;
  }

  /**
   * `POST _apis/security/permissionevaluationbatch` → one answer per evaluation, in order, for the **caller**
   * (https://learn.microsoft.com/rest/api/azure/devops/security/permissions/has-permissions-batch: no aggregation, no short-circuit).
   * Many tokens in one request body instead of a query string per 40 tokens; split every
   * EVALUATIONS_PER_REQUEST evaluations to keep each body modest (the service documents no limit).
   */
  async evaluatePermissions(evaluations: readonly PermissionEvaluation[], alwaysAllowAdministrators: boolean): Promise<boolean[]> {
    const answers: boolean[] = [];
    for (let start = 0; start < evaluations.length; start += EVALUATIONS_PER_REQUEST) {
      const chunk = evaluations.slice(start, start + EVALUATIONS_PER_REQUEST);
      const body = await this.beginRequest<{ evaluations?: { value?: unknown }[] } | null>({
        apiVersion: RELEASED,
        method: "POST",
        routeTemplate: "_apis/security/permissionevaluationbatch",
        body: { alwaysAllowAdministrators, evaluations: chunk },
      });
      const values = body?.evaluations ?? [];
      if (values.length !== chunk.length) {
        throw new Error(`The permission evaluation batch answered ${values.length} values for ${chunk.length} evaluations`);
      }
      answers.push(...values.map((evaluation) => evaluation?.value === true));
    }
    return answers;
  }

  /** `GET _apis/securitynamespaces/{id}` (always a list (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference)); undefined when unknown. */
  async getNamespace(securityNamespaceId: string): Promise<WireNamespace | undefined> {
    const body = await this.beginRequest<unknown>({
      apiVersion: RELEASED,
      routeTemplate: "_apis/securitynamespaces/{securityNamespaceId}",
      routeValues: { securityNamespaceId },
    });
    return listItems<WireNamespace>(body, "security namespaces").find((ns) => ns?.namespaceId?.toLowerCase() === securityNamespaceId.toLowerCase());
  }

  /** `GET _apis/connectionData` → `authenticatedUser`: who the token belongs to (https://learn.microsoft.com/rest/api/azure/devops/locations/resource-areas/list). */
  async authenticatedUser(): Promise<WireConnectionUser | undefined> {
    const body = await this.beginRequest<{ authenticatedUser?: WireConnectionUser } | null>({
      apiVersion: PREVIEW,
      routeTemplate: "_apis/connectionData",
    });
    return body?.authenticatedUser ?? undefined;
  }
}

/** Graph host: memberships (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships). */
export class GraphMembershipRestClient extends RestClientBase {
  /** `HEAD _apis/graph/memberships/{subject}/{container}`: 200 when the direct membership exists, 404 when not. */
  async hasMembership(subjectDescriptor: string, containerDescriptor: string): Promise<boolean> {
    try {
      await this.beginRequest<Response>({
        apiVersion: PREVIEW,
        method: "HEAD",
        routeTemplate: "_apis/graph/memberships/{subjectDescriptor}/{containerDescriptor}",
        routeValues: { subjectDescriptor, containerDescriptor },
        returnRawResponse: true,
      });
      return true;
    } catch (error) {
      if (isAdoError(error, "notFound")) return false;
      throw error;
    }
  }

  /**
   * `GET _apis/graph/memberships/{subject}?direction=up`: the groups the subject is a direct member of, in one
   * request (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships/list), as container descriptors.
   */
  async directContainers(subjectDescriptor: string): Promise<string[]> {
    const body = await this.beginRequest<unknown>({
      apiVersion: PREVIEW,
      routeTemplate: "_apis/graph/memberships/{subjectDescriptor}",
      routeValues: { subjectDescriptor },
      queryParams: { direction: "up" },
    });
    return listItems<WireGraphMembership>(body, "memberships").flatMap((edge) => (edge?.containerDescriptor ? [edge.containerDescriptor] : []));
  }

  /** `PUT _apis/graph/memberships/{subject}/{container}` → 201 with the membership; adding an existing one is harmless. */
  async addMembership(subjectDescriptor: string, containerDescriptor: string): Promise<WireGraphMembership | null> {
    return this.beginRequest<WireGraphMembership | null>({
      apiVersion: PREVIEW,
      method: "PUT",
      routeTemplate: "_apis/graph/memberships/{subjectDescriptor}/{containerDescriptor}",
      routeValues: { subjectDescriptor, containerDescriptor },
    });
  }
}

export function grantSecurityClient(clients: GatewayClients): Promise<GrantSecurityRestClient> {
  return clients.custom("grant-security", GrantSecurityRestClient);
}

export function graphMembershipClient(clients: GatewayClients): Promise<GraphMembershipRestClient> {
  return clients.custom("graph-memberships", GraphMembershipRestClient, RESOURCE_AREAS.graph);
}
