/**
 * MemberEntitlementManagement (host from the `MemberEntitlementManagement` resource area, e.g.
 * `vsaex.dev.azure.com`) (https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get). azure-devops-extension-api has no client for it.
 */
import { RestClientBase } from "./api-clients";
import type { Page } from "./paging";
import type { WireEntitlement } from "./wire";

/** userentitlements is released at 7.1 (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/memberEntitlementManagement/7.1). */
const USER_API_VERSION = "7.1";
/**
 * serviceprincipalentitlements is documented only as a preview ("7.1-preview.1" in the 7.1 REST reference for
 * Service Principal Entitlements - Get) [I: not covered by the reference notes].
 */
const SERVICE_PRINCIPAL_API_VERSION = "7.1-preview.1";

export interface UserEntitlementListOptions {
  /** OData-like filter, e.g. `name eq 'svc-dbt'` (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/memberEntitlementManagement/7.1). */
  filter?: string;
  continuationToken?: string;
}

export class MemberEntitlementsRestClient extends RestClientBase {
  /** `GET _apis/userentitlements/{userId}` (userId = identity storage key). */
  getUserEntitlement(userId: string): Promise<WireEntitlement> {
    return this.beginRequest<WireEntitlement>({
      apiVersion: USER_API_VERSION,
      routeTemplate: "_apis/userentitlements/{userId}",
      routeValues: { userId },
    });
  }

  /** `GET _apis/serviceprincipalentitlements/{servicePrincipalId}` for an Entra service principal. */
  getServicePrincipalEntitlement(servicePrincipalId: string): Promise<WireEntitlement> {
    return this.beginRequest<WireEntitlement>({
      apiVersion: SERVICE_PRINCIPAL_API_VERSION,
      routeTemplate: "_apis/serviceprincipalentitlements/{servicePrincipalId}",
      routeValues: { servicePrincipalId },
    });
  }

  /**
   * One page of `GET _apis/userentitlements`. The next-page token is in the **body** (`continuationToken`);
   * the list is in `members` for real clients though the spec names it `items` (https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get), so both are read.
   */
  async listUserEntitlementsPage(
    options: UserEntitlementListOptions = {},
  ): Promise<Page<WireEntitlement & { user?: { principalName?: string; displayName?: string } }>> {
    const body = await this.beginRequest<{ members?: WireEntitlement[]; items?: WireEntitlement[]; continuationToken?: string | null } | null>({
      apiVersion: USER_API_VERSION,
      routeTemplate: "_apis/userentitlements",
      queryParams: { $filter: options.filter, continuationToken: options.continuationToken },
    });
    return { items: body?.members ?? body?.items ?? [], next: body?.continuationToken ?? null };
  }
}
