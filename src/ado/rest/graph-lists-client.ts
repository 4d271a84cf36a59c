/**
 * Graph list endpoints azure-devops-extension-api's GraphRestClient lacks (its Graph/GraphClient.d.ts has no `listGroups` with a scope descriptor): groups,
 * users and service principals, paged by the `X-MS-ContinuationToken` **response header** (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships).
 * Host from the `Graph` resource area (vssps); preview-only, so `7.1-preview.1` (https://learn.microsoft.com/azure/devops/integrate/concepts/rest-api-versioning).
 */
import { RestClientBase } from "./api-clients";
import type { Page } from "./paging";
import { listItems, parseJsonText, type WireGraphGroup, type WireGraphMembershipEdge } from "./wire";

const API_VERSION = "7.1-preview.1";

export interface GraphListOptions {
  /** A `scp.` descriptor to list one project's groups; omit for the whole organization. */
  scopeDescriptor?: string;
  /** e.g. ["vssgp", "aadgp"]. */
  subjectTypes?: string[];
  continuationToken?: string;
}

/** The fields of a Graph subject (`GraphUser`, `GraphServicePrincipal`, `GraphGroup`) that a suggestion shows. */
export interface WireGraphSubject {
  subjectKind?: string;
  displayName?: string;
  principalName?: string;
  mailAddress?: string | null;
  descriptor?: string;
  origin?: string;
  originId?: string;
}

export class GraphListsRestClient extends RestClientBase {
  /**
   * `POST _apis/graph/subjectquery`: subjects whose display name, principal name or mail starts with `query`,
   * at most 100 (https://learn.microsoft.com/rest/api/azure/devops/graph/subject-query/query). No `subjectKind`
   * is sent (every kind comes back); callers keep the kinds they want.
   */
  async querySubjects(query: string): Promise<WireGraphSubject[]> {
    const body = await this.beginRequest<unknown>({
      apiVersion: API_VERSION,
      method: "POST",
      routeTemplate: "_apis/graph/subjectquery",
      body: { query, scopeDescriptor: null },
    });
    return listItems<WireGraphSubject | null>(body, "Graph subjects").filter(
      (subject): subject is WireGraphSubject => subject !== null && typeof subject === "object",
    );
  }

  /** One page of `GET _apis/graph/groups`. */
  listGroupsPage(options: GraphListOptions = {}): Promise<Page<WireGraphGroup>> {
    return this.listPage<WireGraphGroup>("_apis/graph/groups", "Graph groups", options);
  }

  /**
   * `GET _apis/graph/memberships/{subjectDescriptor}?direction=up`: the subject's direct containers, one list,
   * not paged (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships/list).
   */
  async listContainers(subjectDescriptor: string): Promise<WireGraphMembershipEdge[]> {
    const body = await this.beginRequest<unknown>({
      apiVersion: API_VERSION,
      routeTemplate: "_apis/graph/memberships/{subjectDescriptor}",
      routeValues: { subjectDescriptor },
      queryParams: { direction: "up" },
    });
    return listItems<WireGraphMembershipEdge>(body, "Graph memberships");
  }

  private async listPage<T>(routeTemplate: string, what: string, options: GraphListOptions): Promise<Page<T>> {
    const response = await this.beginRequest<Response>({
      apiVersion: API_VERSION,
      routeTemplate,
      queryParams: {
        scopeDescriptor: options.scopeDescriptor,
        subjectTypes: options.subjectTypes && options.subjectTypes.length > 0 ? options.subjectTypes.join(",") : undefined,
        continuationToken: options.continuationToken,
      },
      returnRawResponse: true,
    });
    const text = await response.text();
    const items = listItems<T>(parseJsonText(text, what), what);
    return { items, next: response.headers.get("x-ms-continuationtoken") };
  }
}
