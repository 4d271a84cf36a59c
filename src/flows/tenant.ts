/**
 * Which Microsoft Entra tenant backs the organization, for the faces that show it on its own (the hubs' Setup
 * tab); `dbt-ado audit --tenant-id` reads it inside the audit flow. A browser may not be allowed to read the
 * header (CORS), and may not even be allowed the request: both are "unreadable here", never a guess.
 */
import { isAdoError, type AdoGateway } from "../ado";
import { scopedGateway, throwIfCancelled, type FlowContext } from "./context";

export type OrganizationTenant =
  | { state: "connected"; tenantId: string }
  | { state: "notConnected" }
  /** The header was not readable from here; `reason` says why, for people. */
  | { state: "unreadable"; reason: string };

export async function readOrganizationTenant(gateway: AdoGateway, context: FlowContext = {}): Promise<OrganizationTenant> {
  let tenant: string | null | undefined;
  try {
    tenant = await scopedGateway(gateway, context).readResourceTenant();
  } catch (error) {
    if (!isAdoError(error, "network")) throw error;
    throwIfCancelled(context);
    return { state: "unreadable", reason: `the request was refused here (${error.message})` };
  }
  throwIfCancelled(context);
  if (tenant === undefined) return { state: "unreadable", reason: "the service's X-VSS-ResourceTenant header is not readable from this page" };
  return tenant === null ? { state: "notConnected" } : { state: "connected", tenantId: tenant };
}
