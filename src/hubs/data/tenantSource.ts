/**
 * Which Entra tenant backs the organization, for the Setup tab: the tenant flow over the hub's one gateway.
 * Read once per page; an unreadable header (the browser hides it) is an answer too, shown as such.
 */
import type { AdoGateway } from "../../ado";
import { readOrganizationTenant, type OrganizationTenant } from "../../flows";

export interface TenantSource {
  /** The same answer (one read) for every caller of one page. */
  read(): Promise<OrganizationTenant>;
}

export function createGatewayTenantSource(gateway: AdoGateway): TenantSource {
  let reading: Promise<OrganizationTenant> | undefined;
  return {
    read() {
      reading ??= readOrganizationTenant(gateway).catch((error: unknown) => {
        // Anything else (a server error): unknown this time, asked again on the next visit of the tab.
        reading = undefined;
        return { state: "unreadable", reason: error instanceof Error ? error.message : String(error) } as const;
      });
      return reading;
    },
  };
}
