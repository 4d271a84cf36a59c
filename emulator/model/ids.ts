/**
 * Identifier formats Azure DevOps uses: GUIDs, security identifiers (SIDs), identity descriptors and
 * Graph subject descriptors. Everything here is deterministic so that seeds and generated
 * organizations are reproducible byte for byte.
 */
import { createHash } from "node:crypto";

/** A GUID derived from the given parts (SHA-1 based, like a v5 UUID), lower-case. */
export function stableGuid(...parts: string[]): string {
  const hex = createHash("sha1").update(parts.join("\u0000")).digest("hex");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Four unsigned 32-bit numbers derived from the parts: the variable middle of an Azure DevOps SID. */
export function sidNumbers(...parts: string[]): string {
  const digest = createHash("sha1").update(parts.join("\u0000")).digest();
  return [0, 4, 8, 12].map((offset) => digest.readUInt32LE(offset)).join("-");
}

/**
 * Azure DevOps group SIDs all start with `S-1-9-1551374245-`; the next four numbers identify the scope
 * (organization or project), the tail identifies the group. Well-known tails: `-0-0-0-0-1`
 * administrators, `-0-0-0-0-3` valid users; generated groups use `-1-…` (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/graph/7.1 GetAllGroups.json).
 */
export const SID_PREFIX = "S-1-9-1551374245";

export function scopeSid(scopeId: string): string {
  return `${SID_PREFIX}-${sidNumbers("scope", scopeId.toLowerCase())}`;
}

/** Graph subject descriptors are `{subjectType}.{base64url(identifier)}` without padding (https://learn.microsoft.com/rest/api/azure/devops/graph/descriptors/get). */
export function subjectDescriptor(subjectType: string, identifier: string): string {
  return `${subjectType}.${Buffer.from(identifier, "utf8").toString("base64url")}`;
}

/** The identifier encoded in a subject descriptor, or null when it is not one. */
export function decodeSubjectDescriptor(descriptor: string): { subjectType: string; identifier: string } | null {
  const dot = descriptor.indexOf(".");
  if (dot <= 0 || descriptor.includes(";")) return null;
  const identifier = Buffer.from(descriptor.slice(dot + 1), "base64url").toString("utf8");
  return { subjectType: descriptor.slice(0, dot), identifier };
}

/** Identity descriptor type prefixes (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query). */
export const IDENTITY_TYPES = {
  group: "Microsoft.TeamFoundation.Identity",
  aadUser: "Microsoft.IdentityModel.Claims.ClaimsIdentity",
  aadServicePrincipal: "Microsoft.VisualStudio.Services.Claims.AadServicePrincipal",
  serviceIdentity: "Microsoft.TeamFoundation.ServiceIdentity",
} as const;

export function isIdentityDescriptor(value: string): boolean {
  const semi = value.indexOf(";");
  return semi > 0 && semi < value.length - 1;
}

export const GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID_PATTERN.test(value);
}
