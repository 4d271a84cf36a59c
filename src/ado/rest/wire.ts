/**
 * The JSON shapes the gateway reads, as they come over the wire (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query, https://learn.microsoft.com/rest/api/azure/devops/graph/descriptors/get, https://learn.microsoft.com/rest/api/azure/devops/core/projects/list, https://learn.microsoft.com/rest/api/azure/devops/git/repositories/list, https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get), with only the
 * fields used. Zero/default fields may be omitted by the service (https://learn.microsoft.com/rest/api/azure/devops/): every reader treats an
 * absent number as 0 and an absent string as empty.
 */
import { AdoError } from "../http/errors";

export interface WireAccessControlEntry {
  descriptor: string;
  allow?: number;
  deny?: number;
  /** With `includeExtendedInfo=true` (zero fields omitted; `{}` when nothing applies). */
  extendedInfo?: { inheritedAllow?: number; inheritedDeny?: number; effectiveAllow?: number; effectiveDeny?: number };
}

export interface WireAccessControlList {
  token: string;
  inheritPermissions?: boolean;
  acesDictionary?: Record<string, WireAccessControlEntry>;
}

export interface WireProperty {
  $type?: string;
  $value?: unknown;
}

export interface WireIdentity {
  id: string;
  /** A string `type;identifier` on the wire, though the SDK types declare an object (https://learn.microsoft.com/rest/api/azure/devops/). */
  descriptor: string | { identityType: string; identifier: string };
  subjectDescriptor?: string;
  providerDisplayName?: string;
  customDisplayName?: string;
  isActive?: boolean;
  isContainer?: boolean;
  memberOf?: (string | { identityType: string; identifier: string })[];
  properties?: Record<string, WireProperty | undefined>;
}

export interface WireGraphGroup {
  descriptor: string;
  displayName?: string;
  principalName?: string;
  domain?: string;
  origin?: string;
  originId?: string;
  description?: string;
}

/** One direct membership edge from Graph (`graph/memberships`): `memberDescriptor` is in `containerDescriptor`. */
export interface WireGraphMembershipEdge {
  memberDescriptor: string;
  containerDescriptor: string;
}

export interface WireAccessLevel {
  accountLicenseType?: string | number;
  licenseDisplayName?: string;
  status?: string | number;
}

export interface WireEntitlement {
  id?: string;
  accessLevel?: WireAccessLevel;
  lastAccessedDate?: string;
}

export interface WireProject {
  id: string;
  name: string;
  visibility?: string | number;
  state?: string | number;
}

export interface WireRepository {
  id: string;
  name: string;
  isDisabled?: boolean;
  project?: { id: string; name?: string };
}

/**
 * The items of a list response. With `noArrayWrap=true` in the Accept header Azure DevOps answers with a bare
 * array; without it (or from a server that ignores the flag) with `{"count": n, "value": [...]}` (https://learn.microsoft.com/rest/api/azure/devops/,
 * and azure-devops-extension-api's Common/Client.js). Both are accepted.
 */
export function listItems<T>(body: unknown, what: string): T[] {
  if (body === null || body === undefined) return [];
  if (Array.isArray(body)) return body as T[];
  const value = (body as { value?: unknown }).value;
  if (Array.isArray(value)) return value as T[];
  throw new AdoError("server", `Azure DevOps answered the ${what} request with an unexpected shape (no list in it).`);
}

/** `Microsoft.…;identifier` whatever form the descriptor came in. */
export function descriptorString(descriptor: WireIdentity["descriptor"]): string {
  if (typeof descriptor === "string") return descriptor;
  return `${descriptor.identityType};${descriptor.identifier}`;
}

/** A string property of an Identities API `properties` bag, or undefined. */
export function propertyString(identity: WireIdentity, name: string): string | undefined {
  const bag = identity.properties ?? {};
  const key = Object.keys(bag).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : bag[key]?.$value;
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** JSON.parse for a raw response body; an empty body is null, anything unparsable an AdoError. */
export function parseJsonText(text: string, what: string): unknown {
  if (text.trim() === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    throw new AdoError("server", `Azure DevOps answered the ${what} request with something that is not JSON.`);
  }
}
