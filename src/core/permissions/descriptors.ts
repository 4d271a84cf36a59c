/**
 * Identity descriptors (what ACEs are keyed by) and Graph subject descriptors (what Graph returns).
 *
 * - Identity descriptor: `{identityType};{identifier}`, e.g. `Microsoft.TeamFoundation.Identity;S-1-9-…` for a
 *   group or `Microsoft.IdentityModel.Claims.ClaimsIdentity;{tenant}\{upn}` for an Entra user (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/security/7.1, https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/ims/7.1).
 *   Compared case-insensitively: the key the service returns may differ in case from what was sent (inferred: https://github.com/microsoft/terraform-provider-azuredevops).
 * - Subject descriptor: `{subjectType}.{base64url(identifier) without padding}` (https://learn.microsoft.com/rest/api/azure/devops/graph/descriptors/get). Group subjects
 *   (`vssgp`, `aadgp`) decode offline to a `Microsoft.TeamFoundation.Identity;{SID}` identity descriptor; user
 *   subjects (`aad`, `msa`) are CUID-based and need the Identities API (https://github.com/mjwrona/decompiled).
 */
import type { WellKnownGroup } from "../snapshot";

export const IDENTITY_TYPES = {
  group: "Microsoft.TeamFoundation.Identity",
  user: "Microsoft.IdentityModel.Claims.ClaimsIdentity",
  servicePrincipal: "Microsoft.VisualStudio.Services.Claims.AadServicePrincipal",
  serviceIdentity: "Microsoft.TeamFoundation.ServiceIdentity",
  graphScope: "Microsoft.VisualStudio.Services.Graph.GraphScope",
} as const;

/** The key descriptors are compared and indexed by. */
export function normalizeDescriptor(descriptor: string): string {
  if (typeof descriptor !== "string" || descriptor.trim() === "") throw new Error("Empty identity descriptor");
  return descriptor.trim().toLowerCase();
}

export function descriptorsEqual(a: string, b: string): boolean {
  return normalizeDescriptor(a) === normalizeDescriptor(b);
}

export interface SplitDescriptor {
  identityType: string;
  identifier: string;
}

/** `type;identifier` -> its two parts. Throws on anything without a `;`. */
export function splitIdentityDescriptor(descriptor: string): SplitDescriptor {
  const at = descriptor.indexOf(";");
  if (at <= 0 || at === descriptor.length - 1) {
    throw new Error(`"${descriptor}" is not an identity descriptor (expected "<identityType>;<identifier>")`);
  }
  return { identityType: descriptor.slice(0, at), identifier: descriptor.slice(at + 1) };
}

export type DescriptorKind = "user" | "servicePrincipal" | "group" | "serviceIdentity" | "unknown";

/** What an identity descriptor names, from its identity type (case-insensitive). */
export function descriptorKind(descriptor: string): DescriptorKind {
  const type = splitIdentityDescriptor(descriptor).identityType.toLowerCase();
  if (type === IDENTITY_TYPES.user.toLowerCase()) return "user";
  if (type === IDENTITY_TYPES.servicePrincipal.toLowerCase()) return "servicePrincipal";
  if (type === IDENTITY_TYPES.group.toLowerCase()) return "group";
  if (type === IDENTITY_TYPES.serviceIdentity.toLowerCase()) return "serviceIdentity";
  return "unknown";
}

/** The kind of a principal that can sign in and be audited; throws for groups and other identity types. */
export function principalKind(descriptor: string): "user" | "servicePrincipal" {
  const kind = descriptorKind(descriptor);
  if (kind === "user" || kind === "servicePrincipal") return kind;
  throw new Error(`"${descriptor}" is not a user or service principal descriptor (it is a ${kind} descriptor)`);
}

// ---------------------------------------------------------------------------------------------------------
// base64url without padding, over UTF-8, written out so the core runs unchanged in the browser and in Node.

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const ALPHABET_INDEX = new Map<string, number>([...ALPHABET].map((char, index) => [char, index]));

export function base64UrlEncode(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i];
    const b1 = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const b2 = i + 2 < bytes.length ? bytes[i + 2] : 0;
    out += ALPHABET[b0 >> 2] + ALPHABET[((b0 & 3) << 4) | (b1 >> 4)];
    if (i + 1 < bytes.length) out += ALPHABET[((b1 & 15) << 2) | (b2 >> 6)];
    if (i + 2 < bytes.length) out += ALPHABET[b2 & 63];
  }
  return out;
}

export function base64UrlDecode(encoded: string): string {
  const body = encoded.replace(/=+$/, "");
  if (body.length % 4 === 1) throw new Error(`"${encoded}" is not valid base64url (bad length)`);
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of body) {
    const value = ALPHABET_INDEX.get(char);
    if (value === undefined) throw new Error(`"${encoded}" is not valid base64url (unexpected "${char}")`);
    buffer = (buffer << 6) | value;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
}

// ---------------------------------------------------------------------------------------------------------
// Subject descriptor <-> identity descriptor

/** Subject types whose encoded part is the identity identifier itself (https://github.com/mjwrona/decompiled `ToIdentityDescriptor`). */
const SUBJECT_TO_IDENTITY_TYPE: Record<string, string> = {
  vssgp: IDENTITY_TYPES.group,
  aadgp: IDENTITY_TYPES.group,
  ungrp: IDENTITY_TYPES.group,
  svc: IDENTITY_TYPES.serviceIdentity,
  s2s: IDENTITY_TYPES.user,
  acs: IDENTITY_TYPES.user,
  unusr: IDENTITY_TYPES.user,
  scp: IDENTITY_TYPES.graphScope,
};

/** Subject types that are CUID-based: no offline mapping exists. */
const CUID_SUBJECT_TYPES = new Set(["aad", "msa", "aadsp", "bnd", "imp"]);

export function splitSubjectDescriptor(subjectDescriptor: string): { subjectType: string; encoded: string } {
  const at = subjectDescriptor.indexOf(".");
  if (at <= 0 || at === subjectDescriptor.length - 1) {
    throw new Error(`"${subjectDescriptor}" is not a Graph subject descriptor (expected "<subjectType>.<base64url>")`);
  }
  return { subjectType: subjectDescriptor.slice(0, at).toLowerCase(), encoded: subjectDescriptor.slice(at + 1) };
}

/**
 * `vssgp.Uy0xLTkt…` -> `Microsoft.TeamFoundation.Identity;S-1-9-…`. Throws for user subjects (`aad.`, `msa.`),
 * which must be resolved through the Identities API (https://learn.microsoft.com/rest/api/azure/devops/graph/descriptors/get).
 */
export function subjectToIdentityDescriptor(subjectDescriptor: string): string {
  const { subjectType, encoded } = splitSubjectDescriptor(subjectDescriptor);
  const identityType = SUBJECT_TO_IDENTITY_TYPE[subjectType];
  if (identityType === undefined) {
    if (CUID_SUBJECT_TYPES.has(subjectType)) {
      throw new Error(
        `"${subjectDescriptor}" is a ${subjectType} subject descriptor; it cannot be decoded offline, look it up with the Identities API (subjectDescriptors=)`,
      );
    }
    throw new Error(`Unknown Graph subject type "${subjectType}" in "${subjectDescriptor}"`);
  }
  return `${identityType};${base64UrlDecode(encoded)}`;
}

/**
 * `Microsoft.TeamFoundation.Identity;S-1-9-…` -> `vssgp.…` (or `aadgp.…` for an Entra group; the identity
 * descriptor alone does not say which, so the caller chooses).
 */
export function groupIdentityToSubjectDescriptor(identityDescriptor: string, subjectType: "vssgp" | "aadgp" = "vssgp"): string {
  const { identityType, identifier } = splitIdentityDescriptor(identityDescriptor);
  if (identityType.toLowerCase() !== IDENTITY_TYPES.group.toLowerCase()) {
    throw new Error(`Only group descriptors (${IDENTITY_TYPES.group};…) map to a subject descriptor offline, not "${identityDescriptor}"`);
  }
  return `${subjectType}.${base64UrlEncode(identifier)}`;
}

// ---------------------------------------------------------------------------------------------------------
// Well-known groups

/**
 * The SID inside a SID, an identity descriptor, or a group subject descriptor; null when there is none
 * (e.g. a user descriptor).
 */
export function sidOf(sidOrDescriptor: string): string | null {
  const value = sidOrDescriptor.trim();
  if (/^s-1-/i.test(value)) return value;
  if (value.includes(";")) {
    const { identityType, identifier } = splitIdentityDescriptor(value);
    return identityType.toLowerCase() === IDENTITY_TYPES.group.toLowerCase() && /^s-1-/i.test(identifier) ? identifier : null;
  }
  if (/^(vssgp|aadgp|ungrp)\./i.test(value)) return sidOf(subjectToIdentityDescriptor(value));
  return null;
}

/**
 * Recognises the administrators and valid-users groups from their SID tails (https://learn.microsoft.com/rest/api/azure/devops/core/projects/list):
 * `…-0-0-0-0-1` is Project Administrators in a project and Project Collection Administrators at the
 * organization; `…-0-0-0-0-3` is Project Valid Users / Project Collection Valid Users. Readers and
 * Contributors have generated SIDs and cannot be told from the SID (see `wellKnownGroupOf`).
 */
export function classifyGroup(sidOrDescriptor: string, projectId: string | null): WellKnownGroup | undefined {
  const sid = sidOf(sidOrDescriptor);
  if (sid === null || !/^s-1-9-/i.test(sid)) return undefined;
  if (/-0-0-0-0-1$/.test(sid)) return projectId ? "projectAdministrators" : "projectCollectionAdministrators";
  if (/-0-0-0-0-3$/.test(sid)) return projectId ? "projectValidUsers" : "projectCollectionValidUsers";
  return undefined;
}

/** The group's well-known role: as the gateway marked it, else from its SID, else from its default name. */
export function wellKnownGroupOf(group: {
  descriptor: string;
  principalName: string;
  projectId: string | null;
  wellKnown?: WellKnownGroup;
}): WellKnownGroup | undefined {
  if (group.wellKnown) return group.wellKnown;
  const fromSid = classifyGroup(group.descriptor, group.projectId);
  if (fromSid) return fromSid;
  if (group.projectId) {
    // Default project group names (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/graph/7.1 GetAllGroups.json); a renamed group is simply not recognised.
    const name = group.principalName.slice(group.principalName.lastIndexOf("\\") + 1).toLowerCase();
    if (name === "readers") return "readers";
    if (name === "contributors") return "contributors";
  }
  return undefined;
}
