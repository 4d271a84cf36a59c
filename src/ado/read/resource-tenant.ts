/**
 * Which Microsoft Entra tenant backs an organization. Azure DevOps names it in the `X-VSS-ResourceTenant`
 * response header, even to an unauthenticated `GET {org}/_apis/connectionData`; all zeros when the organization
 * is not connected to Entra ID. Git Credential Manager detects the authority the same way
 * (https://github.com/git-ecosystem/git-credential-manager/blob/main/src/shared/Microsoft.AzureRepos/AzureDevOpsRestApi.cs,
 * `AzureDevOpsConstants.VssResourceTenantHeader`). The header may list several tenants, comma-separated.
 */
import type { Transport } from "../http/transport";

export const RESOURCE_TENANT_HEADER = "X-VSS-ResourceTenant";
const EMPTY_GUID = "00000000-0000-0000-0000-000000000000";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The tenant id (lower case); `null` when the organization is not connected to Entra ID (all zeros);
 * `undefined` when the header is missing or unreadable (for instance hidden from a browser by CORS).
 */
export function parseResourceTenant(header: string | null): string | null | undefined {
  if (header === null) return undefined;
  const guids = header
    .split(",")
    .map((part) => part.trim().toLowerCase())
    .filter((part) => GUID.test(part));
  if (guids.length === 0) return undefined;
  return guids.find((guid) => guid !== EMPTY_GUID) ?? null;
}

export async function readResourceTenant(transport: Transport, organizationUrl: string): Promise<string | null | undefined> {
  const base = organizationUrl.endsWith("/") ? organizationUrl : `${organizationUrl}/`;
  const headers = await transport.anonymousHeaders(`${base}_apis/connectionData`);
  return parseResourceTenant(headers.get(RESOURCE_TENANT_HEADER));
}
