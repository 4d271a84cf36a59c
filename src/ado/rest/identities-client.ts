/**
 * The Identities API (IMS, on the host the `IMS` resource area names; `api-version=7.1`) (https://learn.microsoft.com/rest/api/azure/devops/ims/identities/read-identities):
 * the bridge from UPNs and Graph subject descriptors to the identity descriptors ACEs are keyed by, and the
 * membership closure. azure-devops-extension-api has no client for it.
 */
import { RestClientBase } from "./api-clients";
import { listItems, type WireIdentity } from "./wire";

const API_VERSION = "7.1";
const BATCH_API_VERSION = "7.1-preview.1";

export type QueryMembership = "None" | "Direct" | "Expanded" | "ExpandedUp" | "ExpandedDown";

export type SearchFilter = "General" | "AccountName" | "DisplayName" | "MailAddress" | "LocalGroupName" | "DirectoryAlias";

/** Exactly one selector per request (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/ims/7.1). */
export type IdentitySelector =
  { descriptors: string[] } | { subjectDescriptors: string[] } | { identityIds: string[] } | { searchFilter: SearchFilter; filterValue: string };

export class IdentitiesRestClient extends RestClientBase {
  /** `GET _apis/identities?{selector}&queryMembership=`; unresolvable inputs may come back as null items (inferred, not documented), dropped here. */
  async readIdentities(selector: IdentitySelector, queryMembership: QueryMembership = "None"): Promise<WireIdentity[]> {
    const queryParams: Record<string, unknown> = { queryMembership };
    if ("descriptors" in selector) queryParams.descriptors = selector.descriptors.join(",");
    else if ("subjectDescriptors" in selector) queryParams.subjectDescriptors = selector.subjectDescriptors.join(",");
    else if ("identityIds" in selector) queryParams.identityIds = selector.identityIds.join(",");
    else {
      queryParams.searchFilter = selector.searchFilter;
      queryParams.filterValue = selector.filterValue;
    }
    const body = await this.beginRequest<unknown>({ apiVersion: API_VERSION, routeTemplate: "_apis/identities", queryParams });
    return listItems<WireIdentity | null>(body, "identities").filter(
      (identity): identity is WireIdentity => identity !== null && typeof identity === "object",
    );
  }

  /**
   * `POST _apis/identitybatch`: the same answer as `readIdentities({ descriptors })` for lists too long for a URL
   * (IdentityBatchInfo: https://learn.microsoft.com/javascript/api/azure-devops-extension-api/identitybatchinfo; the
   * route and version: `read_identity_batch` in
   * https://github.com/microsoft/azure-devops-python-api/blob/dev/azure-devops/azure/devops/v7_1/identity/identity_client.py).
   * Descriptors travel as `{ identityType, identifier }` objects.
   */
  async readIdentityBatch(descriptors: string[], queryMembership: QueryMembership = "None"): Promise<WireIdentity[]> {
    const body = await this.beginRequest<unknown>({
      apiVersion: BATCH_API_VERSION,
      method: "POST",
      routeTemplate: "_apis/identitybatch",
      body: { descriptors: descriptors.map(toDescriptorObject), queryMembership },
    });
    return listItems<WireIdentity | null>(body, "identities").filter(
      (identity): identity is WireIdentity => identity !== null && typeof identity === "object",
    );
  }
}

/** `Type;Identifier` as the wire's IdentityDescriptor object, split at the first `;`. */
function toDescriptorObject(descriptor: string): { identityType: string; identifier: string } {
  const at = descriptor.indexOf(";");
  return at < 0 ? { identityType: "", identifier: descriptor } : { identityType: descriptor.slice(0, at), identifier: descriptor.slice(at + 1) };
}
