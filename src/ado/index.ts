/**
 * src/ado: the only code that talks HTTP, and this file is the only way in from outside src/ado. The flows
 * (src/flows) call the gateway's methods and get plain data (src/core types) back.
 *
 *   CLI:        const gateway = AdoGateway.forOrganization({ org: parseOrganization(flag), auth: credentialsFromEnv(process.env) });
 *   Extension:  const gateway = new AdoGateway({ org, auth: { getAuthorizationHeader: async () => `Bearer ${await SDK.getAccessToken()}` },
 *                                                hosts: (areaId) => locationService.getResourceAreaLocation(areaId) });
 *   One run:    const run = gateway.scoped({ signal, onProgress });  await run.readSnapshot({ identity: "svc-dbt@contoso.com" });
 *
 * Layout: http/ (transport: auth, limits, retries, errors, counting) <- rest/ (azure-devops-extension-api clients
 * and ours, all sending through the transport) <- read/ and write/ (what to read or write, in how few requests)
 * <- gateway.ts.
 */
export { AdoError, isAdoError, type AdoErrorKind, type AdoErrorDetails, type IdentityChoice } from "./http/errors";
export { parseOrganization, isValidOrganizationName, type Organization } from "./organization";
export { credentialsFromEnv, patAuth, bearerAuth, PAT_ENV, BEARER_ENV, type AuthProvider, type Environment } from "./http/auth";
export { AdoGateway, type GatewayOptions, type GatewayScope } from "./gateway";
export { RESOURCE_AREAS, resourceAreaHostResolver, fixedHostResolver, type HostResolver } from "./resource-areas";
export type { IdentityRef, PrincipalSuggestion } from "./read/identity-resolution";
export type { SnapshotOptions } from "./read/snapshot";
export type { PairedSnapshot, PairedSnapshotOptions } from "./read/paired-snapshot";
export { DEFAULT_NOTIFICATIONS_PER_SUBSCRIPTION, type HooksReadOptions } from "./read/hooks";
export type { ApplyOptions } from "./write/grant";
export type { HooksApplyOptions } from "./write/hooks";
export type { RetryOptions } from "./http/retry-policy";
export type { TransportStats, FetchFunction } from "./http/transport";
