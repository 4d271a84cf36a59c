/**
 * `--identity` input -> one user or Entra service principal, through the Identities API (the only way from a
 * UPN or a user's Graph descriptor to the identity descriptor ACEs use (https://learn.microsoft.com/rest/api/azure/devops/graph/descriptors/get, https://learn.microsoft.com/rest/api/azure/devops/)).
 *
 * Accepted: a UPN or e-mail, a display name, an identity descriptor (`Microsoft.IdentityModel.Claims.
 * ClaimsIdentity;tenant\upn`, `…AadServicePrincipal;tenant\objectId`) or a subject descriptor (`aad.`,
 * `aadsp.`, `msa.`, `bnd.`).
 */
import { descriptorKind } from "../../core/permissions/descriptors";
import type { IdentitySnapshot } from "../../core/snapshot";
import type { GraphListsRestClient } from "../rest/graph-lists-client";
import type { IdentitiesRestClient, IdentitySelector, QueryMembership } from "../rest/identities-client";
import { AdoError, type IdentityChoice } from "../http/errors";
import { descriptorString, propertyString, type WireIdentity } from "../rest/wire";

/** Who was resolved: the identity part of the snapshot, without memberships and entitlement. */
export type IdentityRef = Omit<IdentitySnapshot, "memberOf" | "entitlement">;

export type IdentityQuery = { by: "descriptor"; value: string } | { by: "subjectDescriptor"; value: string } | { by: "search"; value: string };

/** Subject types of principals that can be audited (users, Microsoft accounts, bind-pending, service principals). */
const PRINCIPAL_SUBJECT = /^(aad|aadsp|msa|bnd)\.[A-Za-z0-9_-]{8,}={0,2}$/i;
/** Subject types of groups and scopes: valid descriptors, but not something that signs in. */
const GROUP_SUBJECT = /^(vssgp|aadgp|ungrp|scp)\.[A-Za-z0-9_-]{8,}={0,2}$/i;
/** `Dotted.Identity.Type;identifier` (every identity type is a dotted .NET type name). */
const IDENTITY_DESCRIPTOR = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9]+)+;.+$/;

function notAPrincipal(query: string, what: string): AdoError {
  return new AdoError("usage", `"${query}" is ${what}; --identity must name the dbt service user or service principal itself.`);
}

/** How to look `query` up. Pure; throws `usage` for empty input and for group descriptors. */
export function classifyIdentityQuery(query: string): IdentityQuery {
  const value = typeof query === "string" ? query.trim() : "";
  if (value === "") throw new AdoError("usage", "No identity given: pass --identity with a UPN/e-mail, display name or descriptor.");
  if (GROUP_SUBJECT.test(value)) return notAPrincipalThrow(value, "a group (or scope) subject descriptor");
  if (PRINCIPAL_SUBJECT.test(value)) return { by: "subjectDescriptor", value };
  if (IDENTITY_DESCRIPTOR.test(value)) {
    const kind = descriptorKind(value);
    if (kind === "group") return notAPrincipalThrow(value, "a group descriptor");
    if (kind !== "user" && kind !== "servicePrincipal")
      return notAPrincipalThrow(value, `a ${kind === "serviceIdentity" ? "service identity" : "descriptor of an unsupported identity type"}`);
    return { by: "descriptor", value };
  }
  return { by: "search", value };
}

function notAPrincipalThrow(query: string, what: string): never {
  throw notAPrincipal(query, what);
}

export function selectorFor(query: IdentityQuery): IdentitySelector {
  switch (query.by) {
    case "descriptor":
      return { descriptors: [query.value] };
    case "subjectDescriptor":
      return { subjectDescriptors: [query.value] };
    case "search":
      // General searches display names, account names and mail addresses at once (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/ims/7.1).
      return { searchFilter: "General", filterValue: query.value };
  }
}

export function identityKind(identity: WireIdentity): "user" | "servicePrincipal" | undefined {
  if (identity.isContainer) return undefined;
  try {
    const kind = descriptorKind(descriptorString(identity.descriptor));
    return kind === "user" || kind === "servicePrincipal" ? kind : undefined;
  } catch {
    return undefined;
  }
}

export function toIdentityRef(identity: WireIdentity): IdentityRef {
  const descriptor = descriptorString(identity.descriptor);
  const kind = identityKind(identity);
  if (!kind) throw new AdoError("usage", `${identity.providerDisplayName ?? descriptor} is not a user or service principal.`);
  const afterBackslash = descriptor.includes("\\") ? descriptor.slice(descriptor.lastIndexOf("\\") + 1) : "";
  const principalName = propertyString(identity, "Account") ?? propertyString(identity, "Mail") ?? afterBackslash;
  return {
    id: identity.id,
    displayName: identity.customDisplayName || identity.providerDisplayName || principalName,
    principalName,
    kind,
    descriptor,
    subjectDescriptor: identity.subjectDescriptor ?? "",
    // Absent booleans are false on the wire (defaults are omitted (https://learn.microsoft.com/rest/api/azure/devops/)).
    isActive: identity.isActive === true,
  };
}

export function candidateLabel(identity: WireIdentity): string {
  const ref = toIdentityRef(identity);
  return ref.principalName && ref.principalName !== ref.displayName ? `${ref.displayName} <${ref.principalName}>` : ref.displayName;
}

/**
 * The one principal `query` names among the results. Exact (case-insensitive) matches on the sign-in name,
 * mail or descriptor win, then exact display-name matches. A search result that matches only loosely (the
 * service's General search also matches prefixes of display names) is never picked, even when it is the only
 * one: a write for the wrong identity is worse than a question, so it is offered as "did you mean". A lookup
 * by descriptor is exact by construction. Pure.
 */
export function pickIdentity(query: string, results: WireIdentity[], organization: string, lookup: IdentityQuery["by"] = "search"): WireIdentity {
  const principals = results.filter((identity) => identityKind(identity) !== undefined);
  if (principals.length === 0) {
    const onlyGroups = results.length > 0 ? " (only groups match it)" : "";
    throw new AdoError(
      "notFound",
      `No user or service principal matching "${query}" was found in ${organization}${onlyGroups}. Use the sign-in name (UPN) or e-mail, the display name, or a descriptor, and check that the identity was added to the organization.`,
    );
  }
  if (lookup !== "search" && principals.length === 1) return principals[0];

  const wanted = query.trim().toLowerCase();
  const same = (value: string | undefined) => value !== undefined && value.toLowerCase() === wanted;
  const bySignIn = principals.filter(
    (identity) =>
      same(propertyString(identity, "Account")) ||
      same(propertyString(identity, "Mail")) ||
      same(descriptorString(identity.descriptor)) ||
      same(identity.subjectDescriptor),
  );
  if (bySignIn.length === 1) return bySignIn[0];
  const byName = principals.filter((identity) => same(identity.customDisplayName) || same(identity.providerDisplayName));
  if (bySignIn.length === 0 && byName.length === 1) return byName[0];

  if (bySignIn.length === 0 && byName.length === 0) {
    const choices = identityChoices(principals);
    throw new AdoError(
      "ambiguous",
      `No identity in ${organization} is exactly "${query}"; did you mean ${choices.map((choice) => choice.label).join(" or ")}? Pass the sign-in name (UPN), the full display name or a descriptor.`,
      { candidates: choices.map((choice) => choice.label), choices },
    );
  }
  const choices = identityChoices(bySignIn.length > 1 ? bySignIn : byName);
  const candidates = choices.map((choice) => choice.label);
  throw new AdoError(
    "ambiguous",
    `"${query}" matches ${candidates.length} identities in ${organization}: ${candidates.join(", ")}. Pass the sign-in name (UPN) or a descriptor instead.`,
    { candidates, choices },
  );
}

/** The principals as choices, sorted by label: each with the input that names it exactly (its descriptor). */
function identityChoices(principals: WireIdentity[]): IdentityChoice[] {
  return principals
    .map((identity) => ({ label: candidateLabel(identity), query: descriptorString(identity.descriptor) }))
    .sort((a, b) => a.label.localeCompare(b.label));
}

/** Looks `query` up (one Identities request) and returns the one principal it names, with `membership` expanded. */
export async function findIdentity(
  identities: IdentitiesRestClient,
  query: string,
  organization: string,
  membership: QueryMembership = "None",
): Promise<WireIdentity> {
  const classified = classifyIdentityQuery(query);
  const results = await identities.readIdentities(selectorFor(classified), membership);
  return pickIdentity(classified.value, results, organization, classified.by);
}

/** A user or service principal offered while an admin types: what the Azure DevOps people picker shows. */
export interface PrincipalSuggestion {
  displayName: string;
  /** UPN for a user; the application id for a service principal (what Graph calls its principal name). */
  principalName: string;
  kind: "user" | "servicePrincipal";
  /** Graph subject descriptor (`aad.…`, `aadsp.…`): it names exactly this identity. */
  subjectDescriptor: string;
}

/**
 * Users and service principals whose display name, sign-in name or mail starts with `text` (one Graph subject
 * query, a prefix match as the people picker's), groups left out, at most `max`.
 */
export async function searchPrincipals(graph: GraphListsRestClient, text: string, max: number): Promise<PrincipalSuggestion[]> {
  const subjects = await graph.querySubjects(text.trim());
  const suggestions: PrincipalSuggestion[] = [];
  for (const subject of subjects) {
    const kind = subject.subjectKind?.toLowerCase();
    if ((kind !== "user" && kind !== "serviceprincipal") || !subject.descriptor) continue;
    const principalName = subject.principalName || subject.mailAddress || "";
    suggestions.push({
      displayName: subject.displayName || principalName,
      principalName,
      kind: kind === "user" ? "user" : "servicePrincipal",
      subjectDescriptor: subject.descriptor,
    });
    if (suggestions.length === max) break;
  }
  return suggestions;
}
