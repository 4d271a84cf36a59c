/**
 * Security ACLs and ACEs (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference and https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries, host = the organization's core URL, `api-version=7.1`
 * (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/security/7.1)). azure-devops-extension-api has no Security client, so this extends its base class.
 */
import type { KeepListItem } from "../http/json-list-stream";
import { RestClientBase } from "./api-clients";
import { listItems, type WireAccessControlEntry, type WireAccessControlList } from "./wire";

const API_VERSION = "7.1";

export interface AclQuery {
  /** Exactly this token's ACL (plus its descendants with `recurse`); omit for every ACL of the namespace. */
  token?: string;
  recurse?: boolean;
  /** Identity descriptors to filter ACEs to (synthetic zero ACEs appear for them (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query)). */
  descriptors?: string[];
  includeExtendedInfo?: boolean;
}

export interface AceToWrite {
  descriptor: string;
  allow: number;
  deny: number;
}

export class SecurityRestClient extends RestClientBase {
  /**
   * `GET _apis/accesscontrollists/{ns}?token=&recurse=&descriptors=&includeExtendedInfo=`. With `keep`, the answer
   * is read ACL by ACL as it arrives and the list holds what `keep` returns (a whole namespace can be tens of MB).
   */
  async queryAccessControlLists<T = WireAccessControlList>(
    securityNamespaceId: string,
    query: AclQuery = {},
    keep?: (acl: WireAccessControlList) => T | undefined,
  ): Promise<T[]> {
    const body = await this.beginRequest<unknown>({
      apiVersion: API_VERSION,
      routeTemplate: "_apis/accesscontrollists/{securityNamespaceId}",
      routeValues: { securityNamespaceId },
      queryParams: {
        token: query.token,
        descriptors: query.descriptors && query.descriptors.length > 0 ? query.descriptors.join(",") : undefined,
        includeExtendedInfo: query.includeExtendedInfo,
        recurse: query.recurse,
      },
      keepListItem: keep as KeepListItem | undefined,
    });
    return listItems<T>(body, "access control lists");
  }

  /** `POST _apis/accesscontrolentries/{ns}` with `merge` (OR into existing ACEs) or replace (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries). */
  async setAccessControlEntries(
    securityNamespaceId: string,
    token: string,
    entries: AceToWrite[],
    merge: boolean,
  ): Promise<WireAccessControlEntry[]> {
    const body = await this.beginRequest<unknown>({
      apiVersion: API_VERSION,
      method: "POST",
      routeTemplate: "_apis/accesscontrolentries/{securityNamespaceId}",
      routeValues: { securityNamespaceId },
      body: {
        token,
        merge,
        accessControlEntries: entries.map((entry) => ({ ...entry, extendedInfo: {} })),
      },
    });
    return listItems<WireAccessControlEntry>(body, "access control entries");
  }

  /** `DELETE _apis/accesscontrolentries/{ns}?token=&descriptors=` -> `true` (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/remove-access-control-entries). */
  async removeAccessControlEntries(securityNamespaceId: string, token: string, descriptors: string[]): Promise<boolean> {
    const body = await this.beginRequest<unknown>({
      apiVersion: API_VERSION,
      method: "DELETE",
      routeTemplate: "_apis/accesscontrolentries/{securityNamespaceId}",
      routeValues: { securityNamespaceId },
      queryParams: { token, descriptors: descriptors.join(",") },
    });
    return body === true || (body as { value?: unknown } | null)?.value === true;
  }

  /**
   * `POST _apis/accesscontrollists/{ns}` `{"value":[…]}` overwrites the given ACLs entirely (the way to switch
   * inheritance); answers 204 (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/set-access-control-lists).
   */
  async setAccessControlLists(securityNamespaceId: string, acls: WireAccessControlList[]): Promise<void> {
    await this.beginRequest<unknown>({
      apiVersion: API_VERSION,
      method: "POST",
      routeTemplate: "_apis/accesscontrollists/{securityNamespaceId}",
      routeValues: { securityNamespaceId },
      body: { value: acls },
    });
  }
}
