/**
 * src/ado: the only code that talks HTTP. Everything else gets plain data (an OrgSnapshot) from here.
 *
 *   CLI:        const gateway = AdoGateway.forOrganization({ org: parseOrganization(flag), auth: credentialsFromEnv(process.env) });
 *   Extension:  const gateway = new AdoGateway({ org, auth: { getAuthorizationHeader: async () => `Bearer ${await SDK.getAccessToken()}` },
 *                                                hosts: (areaId) => locationService.getResourceAreaLocation(areaId) });
 *   Then:       await gateway.readSnapshot({ identity: "svc-dbt@contoso.com", projects: ["Analytics"] });
 *
 * Layout: transport.ts (auth, limits, retries, errors, counting) <- routed-clients.ts (azure-devops-extension-api
 * clients and ours in clients/, all sending through the transport) <- snapshot-reader.ts / identity-reader.ts
 * (what to read, in how few requests) <- gateway.ts.
 */
export { AdoError, isAdoError, type AdoErrorKind, type AdoErrorDetails } from "./http/errors";
export { parseOrganization, isValidOrganizationName, type Organization } from "./organization";
export { credentialsFromEnv, patAuth, bearerAuth, PAT_ENV, BEARER_ENV, type AuthProvider, type Environment } from "./http/auth";
export { AdoGateway, readSnapshotNaive, type GatewayOptions } from "./gateway";
export { RESOURCE_AREAS, resourceAreaHostResolver, fixedHostResolver, type HostResolver } from "./resource-areas";
export type { IdentityRef } from "./read/identity-resolution";
export type { SnapshotOptions } from "./read/snapshot";
export type { RetryOptions } from "./http/retry-policy";
export type { TransportStats, FetchFunction } from "./http/transport";
export type { GatewayClients } from "./rest/gateway-clients";
