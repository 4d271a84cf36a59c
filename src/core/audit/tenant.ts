/**
 * The app's Directory (tenant) ID against the tenant backing the organization. "You can only add a service
 * principal for the tenant to which your organization is connected" (dbt's service principal setup,
 * https://docs.getdbt.com/docs/cloud/git/setup-service-principal), and Azure DevOps only signs in identities of
 * the connected tenant (https://learn.microsoft.com/azure/devops/organizations/accounts/connect-organization-to-azure-ad).
 */
import type { Finding } from "./report";

/**
 * `appTenantId`: the app's Directory (tenant) ID (validated, any case). `organizationTenantId`: the tenant the
 * organization announces; null = not connected to Entra ID; undefined = it could not be read (nothing compared).
 */
export function tenantFindings(appTenantId: string, organizationTenantId: string | null | undefined): Finding[] {
  if (organizationTenantId === undefined) return [];
  if (organizationTenantId === null) {
    return [
      {
        id: "organization-not-connected-to-entra",
        severity: "error",
        message:
          "The organization is not connected to Microsoft Entra ID, so neither the app's service principal nor Entra users can " +
          `sign in to it. Connect it to tenant ${appTenantId.toLowerCase()} in Organization settings → Microsoft Entra ID.`,
      },
    ];
  }
  const app = appTenantId.toLowerCase();
  const org = organizationTenantId.toLowerCase();
  if (app === org) return [];
  return [
    {
      id: "tenant-mismatch",
      severity: "error",
      message:
        `The organization is connected to Entra tenant ${org}, but the app's Directory (tenant) ID is ${app}. A service principal ` +
        "can only be added for the tenant the organization is connected to: register the app in that tenant, or connect the " +
        "organization to the app's tenant.",
    },
  ];
}
