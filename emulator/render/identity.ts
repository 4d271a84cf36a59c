/**
 * The Identities (IMS) shape of an identity (https://learn.microsoft.com/rest/api/azure/devops/ims/identities/read-identities, https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/ims/7.1 examples): the bridge between
 * Graph subject descriptors and the identity descriptors ACEs are keyed by.
 */
import type { IdentityRecord } from "../model/records";
import type { OrgState } from "../model/state";

export type QueryMembership = "None" | "Direct" | "Expanded" | "ExpandedUp" | "ExpandedDown";

type Property = { $type: string; $value: string };

const str = (value: string): Property => ({ $type: "System.String", $value: value });
const guid = (value: string): Property => ({ $type: "System.Guid", $value: value });

function properties(org: OrgState, identity: IdentityRecord): Record<string, Property> {
  const group = identity.group;
  if (group) {
    const scopeId = group.projectId ?? org.id;
    return {
      SchemaClassName: str("Group"),
      Description: str(group.description),
      Domain: str(identity.domain),
      Account: str(group.accountName),
      SecurityGroup: str("SecurityGroup"),
      SpecialType: str(group.specialType),
      ScopeId: guid(scopeId),
      ScopeType: str(group.projectId ? "TeamProject" : identity.origin === "aad" ? "Generic" : "ServiceHost"),
      LocalScopeId: guid(scopeId),
      SecuringHostId: guid(org.id),
      ScopeName: str(group.scopeName),
      VirtualPlugin: str(""),
    };
  }
  const base: Record<string, Property> = {
    SchemaClassName: str(identity.kind === "servicePrincipal" ? "ServicePrincipal" : "User"),
    Description: str(""),
    Domain: str(identity.domain),
    Account: str(identity.principalName),
    // DN and SpecialType as the live service sends them for a user (recorded: tests/fixtures/recorded, Identities search).
    DN: str(""),
    Mail: str(identity.mailAddress),
    SpecialType: str("Generic"),
    DirectoryAlias: str(identity.directoryAlias),
  };
  if (identity.origin === "aad") {
    base["http://schemas.microsoft.com/identity/claims/objectidentifier"] = str(identity.originId);
  }
  return base;
}

/** `providerDisplayName`: the display name, or `[scope]\Group` for groups. */
export function providerDisplayName(identity: IdentityRecord): string {
  return identity.group ? identity.principalName : identity.displayName;
}

/**
 * One identity. `memberOf` holds identity descriptor strings: Direct = explicit direct parents;
 * Expanded/ExpandedUp = transitive parents including the implicit Valid Users groups (inferred: https://learn.microsoft.com/rest/api/azure/devops/ims/identities/read-identities);
 * `members` likewise downwards for groups. None leaves the three arrays empty (documented).
 */
export function renderIdentity(org: OrgState, identity: IdentityRecord, membership: QueryMembership): Record<string, unknown> {
  const up =
    membership === "Direct"
      ? org.directParents(identity)
      : membership === "Expanded" || membership === "ExpandedUp"
        ? org.expandedParents(identity)
        : [];
  const down = !identity.group
    ? []
    : membership === "Direct"
      ? org.directMembers(identity)
      : membership === "Expanded" || membership === "ExpandedDown"
        ? org.expandedMembers(identity)
        : [];
  const body: Record<string, unknown> = {
    id: identity.id,
    descriptor: identity.descriptor,
    subjectDescriptor: identity.subjectDescriptor,
    providerDisplayName: providerDisplayName(identity),
    isActive: identity.isActive,
  };
  if (identity.group) body.isContainer = true;
  body.members = down.map((m) => m.descriptor);
  body.memberOf = up.map((g) => g.descriptor);
  body.memberIds = down.map((m) => m.id);
  body.properties = properties(org, identity);
  body.resourceVersion = 2;
  body.metaTypeId = identity.group ? 255 : 0;
  return body;
}

/** The caller as connectionData's `authenticatedUser` / `authorizedUser` (https://learn.microsoft.com/rest/api/azure/devops/locations/resource-areas/list). */
export function renderConnectionUser(identity: IdentityRecord): Record<string, unknown> {
  return {
    id: identity.id,
    descriptor: identity.descriptor,
    subjectDescriptor: identity.subjectDescriptor,
    providerDisplayName: providerDisplayName(identity),
    isActive: identity.isActive,
    properties: { Account: str(identity.principalName) },
    resourceVersion: 2,
    metaTypeId: identity.group ? 255 : 0,
  };
}
