/**
 * Graph subjects: GraphUser, GraphGroup, GraphServicePrincipal (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships, https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/graph/7.1 examples).
 * Links point at the vssps host the way the real service builds them (`_apis/Graph/Users/{d}`).
 */
import type { IdentityRecord } from "../model/records";
import { hostUrl, type RequestContext } from "../http/context";

function collection(identity: IdentityRecord): string {
  if (identity.kind === "group") return "Groups";
  if (identity.kind === "servicePrincipal") return "ServicePrincipals";
  return "Users";
}

export function subjectKind(identity: IdentityRecord): "user" | "group" | "servicePrincipal" {
  if (identity.kind === "group") return "group";
  if (identity.kind === "servicePrincipal") return "servicePrincipal";
  return "user";
}

export function renderSubject(ctx: RequestContext, identity: IdentityRecord): Record<string, unknown> {
  const graph = `${hostUrl(ctx, "vssps")}/_apis/Graph`;
  const d = encodeURIComponent(identity.subjectDescriptor);
  const self = `${graph}/${collection(identity)}/${d}`;
  const links = {
    self: { href: self },
    memberships: { href: `${graph}/Memberships/${d}` },
    membershipState: { href: `${graph}/MembershipStates/${d}` },
    storageKey: { href: `${graph}/StorageKeys/${d}` },
    // Groups have no avatar link (recorded: tests/fixtures/recorded, Graph/Groups).
    ...(identity.kind === "group" ? {} : { avatar: { href: `${hostUrl(ctx, "core")}/_apis/GraphProfile/MemberAvatars/${d}` } }),
  };
  const body: Record<string, unknown> = { subjectKind: subjectKind(identity) };
  if (identity.group) body.description = identity.group.description;
  if (identity.kind === "servicePrincipal") body.applicationId = identity.applicationId;
  if (identity.kind !== "group") body.metaType = identity.kind === "servicePrincipal" ? "application" : "member";
  Object.assign(body, {
    domain: identity.domain,
    principalName: identity.principalName,
    mailAddress: identity.mailAddress || null,
    origin: identity.origin,
    originId: identity.originId,
    displayName: identity.displayName,
  });
  if (identity.kind === "user") body.directoryAlias = identity.directoryAlias;
  if (identity.group && identity.origin === "aad") body.isCrossProject = true;
  body._links = links;
  body.url = self;
  body.descriptor = identity.subjectDescriptor;
  return body;
}

/** A Graph membership edge (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships). */
export function renderMembership(ctx: RequestContext, member: IdentityRecord, container: IdentityRecord): Record<string, unknown> {
  const graph = `${hostUrl(ctx, "vssps")}/_apis/Graph`;
  const m = encodeURIComponent(member.subjectDescriptor);
  const c = encodeURIComponent(container.subjectDescriptor);
  return {
    _links: {
      self: { href: `${graph}/Memberships/${m}/${c}` },
      member: { href: `${graph}/${collection(member)}/${m}` },
      container: { href: `${graph}/Groups/${c}` },
    },
    containerDescriptor: container.subjectDescriptor,
    memberDescriptor: member.subjectDescriptor,
  };
}
