/** Small builders for hand-made organizations in core tests. */
import type { AccessControlList, Entitlement, GroupInfo, IdentitySnapshot, OrgSnapshot, ProjectInfo, RepositoryInfo } from "../../src/core/snapshot";
import { gitToken, projectToken, serviceHooksToken } from "../../src/core/permissions/tokens";

export const TENANT = "72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60";
/** The collection part every organization-level SID here shares. */
const COLLECTION_SID = "S-1-9-1551374245-1204400969-2402986413-2179408616-0";

export const SVC_DESCRIPTOR = `Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT}\\svc-dbt@contoso.com`;
export const OTHER_USER_DESCRIPTOR = `Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT}\\someone-else@contoso.com`;

export const P1 = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c";
export const P2 = "0a1b2c3d-0000-4000-8000-00000000000b";
export const R1 = "278d5cd2-584d-4b63-824a-2ba458937249";
export const R2 = "9f0e1d2c-3b4a-4000-8000-0000000000a2";

export function groupDescriptor(sid: string): string {
  return `Microsoft.TeamFoundation.Identity;${sid}`;
}

export function identity(overrides: Partial<IdentitySnapshot> = {}): IdentitySnapshot {
  return {
    id: "81fa6389-0872-6fdd-a451-7ba7880f566a",
    displayName: "dbt Service User",
    principalName: "svc-dbt@contoso.com",
    kind: "user",
    descriptor: SVC_DESCRIPTOR,
    subjectDescriptor: "aad.MDA0NzBlMzQtZGE2MS03YTY5LWJkOTYtNDg3YTg0OWVjNTU4",
    isActive: true,
    memberOf: [],
    entitlement: entitlement(),
    ...overrides,
  };
}

export function entitlement(overrides: Partial<Entitlement> = {}): Entitlement {
  return {
    accessLevel: "express",
    licenseDisplayName: "Basic",
    status: "active",
    lastAccessedDate: "2026-01-10T00:00:00Z",
    ...overrides,
  };
}

let groupCounter = 0;

/** A plain group (custom SID); `project` makes it a project group named `[project]\name`. */
export function group(name: string, options: { projectId?: string | null; projectName?: string; memberOf?: string[]; sid?: string } = {}): GroupInfo {
  const projectId = options.projectId ?? null;
  const scope = projectId ? (options.projectName ?? projectId) : "contoso";
  const sid = options.sid ?? `${COLLECTION_SID}-1-${1000 + ++groupCounter}-${name.length}`;
  return {
    descriptor: groupDescriptor(sid),
    principalName: `[${scope}]\\${name}`,
    displayName: name,
    projectId,
    memberOf: options.memberOf ?? [],
  };
}

/** Project Collection Administrators, recognised from its SID tail. */
export function collectionAdmins(memberOf: string[] = []): GroupInfo {
  return group("Project Collection Administrators", { sid: `${COLLECTION_SID}-0-0-0-0-1`, memberOf });
}

export function collectionValidUsers(): GroupInfo {
  return group("Project Collection Valid Users", { sid: `${COLLECTION_SID}-0-0-0-0-3` });
}

function projectSid(projectId: string): string {
  // A stable number per project so two projects' well-known groups differ.
  const n = [...projectId].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 1_000_000_007, 7);
  return `${COLLECTION_SID}-1-${n}`;
}

export function projectValidUsers(projectId: string, projectName = projectId): GroupInfo {
  return group("Project Valid Users", { projectId, projectName, sid: `${projectSid(projectId)}-0-0-0-0-3` });
}

export function projectAdministrators(projectId: string, projectName = projectId, memberOf: string[] = []): GroupInfo {
  return group("Project Administrators", { projectId, projectName, sid: `${projectSid(projectId)}-0-0-0-0-1`, memberOf });
}

export type AceSpec = [descriptor: string, allow: number, deny: number];

export function acl(token: string, aces: AceSpec[], inheritPermissions = true): AccessControlList {
  const acesDictionary: AccessControlList["acesDictionary"] = {};
  for (const [descriptor, allow, deny] of aces) acesDictionary[descriptor] = { descriptor, allow, deny };
  return { token, inheritPermissions, acesDictionary };
}

export { gitToken, projectToken, serviceHooksToken };

export function project(id: string, name: string): ProjectInfo {
  return { id, name, visibility: "private" };
}

export function repo(projectId: string, id: string, name: string, isDisabled = false): RepositoryInfo {
  return { id, name, projectId, isDisabled };
}

export function snapshot(parts: Partial<OrgSnapshot> & { acls?: Partial<OrgSnapshot["acls"]> } = {}): OrgSnapshot {
  return {
    organization: { name: "contoso", url: "https://dev.azure.com/contoso" },
    identity: parts.identity ?? identity(),
    groups: parts.groups ?? [],
    projects: parts.projects ?? [],
    repositories: parts.repositories ?? [],
    acls: {
      project: parts.acls?.project ?? [],
      serviceHooks: parts.acls?.serviceHooks ?? [],
      gitRepositories: parts.acls?.gitRepositories ?? [],
    },
  };
}
