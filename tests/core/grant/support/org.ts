/**
 * Hand-made organizations for planner tests. Project groups carry the default rights Azure DevOps gives them
 * [https://learn.microsoft.com/rest/api/azure/devops/core/projects/list]: Readers may view the project (GENERIC_READ on the project token) and read and contribute to
 * pull requests (GenericRead + PullRequestContribute on `repoV2/{projectId}`).
 */
import { groupIdentityToSubjectDescriptor } from "../../../../src/core/permissions/descriptors";
import type { AccessControlList, GroupInfo, OrgSnapshot, RepositoryInfo } from "../../../../src/core/snapshot";
import { gitToken, projectToken, serviceHooksToken } from "../../../../src/core/permissions/tokens";

export const TENANT = "72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60";
export const SVC = `Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT}\\svc-dbt@contoso.com`;
export const SVC_SUBJECT = "aad.MDA0NzBlMzQtZGE2MS03YTY5LWJkOTYtNDg3YTg0OWVjNTU4";
export const ORG_URL = "https://dev.azure.com/contoso/";

export const P1 = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c";
export const P2 = "0a1b2c3d-0000-4000-8000-00000000000b";
export const R1 = "278d5cd2-584d-4b63-824a-2ba458937249";
export const R2 = "9f0e1d2c-3b4a-4000-8000-0000000000a2";
export const R3 = "5e5e5e5e-0000-4000-8000-0000000000a3";
export const R4 = "7a7a7a7a-0000-4000-8000-0000000000b4";

const COLLECTION = "S-1-9-1551374245-1204400969-2402986413-2179408616";

export const GIT = { read: 2, contribute: 4, prContribute: 16384 } as const;

export function groupDescriptor(sid: string): string {
  return `Microsoft.TeamFoundation.Identity;${sid}`;
}

function projectNumber(projectId: string): number {
  return [...projectId].reduce((sum, c) => (sum * 31 + c.charCodeAt(0)) % 1_000_003, 7);
}

export interface ProjectGroups {
  readers: GroupInfo;
  contributors: GroupInfo;
  validUsers: GroupInfo;
  administrators: GroupInfo;
}

export function projectGroups(projectId: string, projectName: string): ProjectGroups {
  const base = `${COLLECTION}-1-${projectNumber(projectId)}`;
  const make = (name: string, sid: string, wellKnown: GroupInfo["wellKnown"]): GroupInfo => ({
    descriptor: groupDescriptor(sid),
    subjectDescriptor: groupIdentityToSubjectDescriptor(groupDescriptor(sid)),
    principalName: `[${projectName}]\\${name}`,
    displayName: name,
    projectId,
    wellKnown,
    memberOf: [],
  });
  return {
    readers: make("Readers", `${base}-2001`, "readers"),
    contributors: make("Contributors", `${base}-2002`, "contributors"),
    validUsers: make("Project Valid Users", `${base}-0-0-0-0-3`, "projectValidUsers"),
    administrators: make("Project Administrators", `${base}-0-0-0-0-1`, "projectAdministrators"),
  };
}

let counter = 0;

/** A custom organization-level group. */
export function customGroup(name: string, memberOf: string[] = []): GroupInfo {
  const sid = `${COLLECTION}-1-${9000 + ++counter}`;
  return {
    descriptor: groupDescriptor(sid),
    subjectDescriptor: groupIdentityToSubjectDescriptor(groupDescriptor(sid)),
    principalName: `[contoso]\\${name}`,
    displayName: name,
    projectId: null,
    memberOf,
  };
}

export type Ace = [descriptor: string, allow: number, deny: number];

export function acl(token: string, aces: Ace[], inheritPermissions = true): AccessControlList {
  const acesDictionary: AccessControlList["acesDictionary"] = {};
  for (const [descriptor, allow, deny] of aces) acesDictionary[descriptor] = { descriptor, allow, deny };
  return { token, inheritPermissions, acesDictionary };
}

/** The default ACEs of a project's groups. */
export function defaultProjectAcls(projectId: string, groups: ProjectGroups): Pick<OrgSnapshot["acls"], "project" | "gitRepositories"> {
  return {
    project: [
      acl(projectToken(projectId), [
        [groups.readers.descriptor, 1, 0],
        [groups.contributors.descriptor, 1, 0],
      ]),
    ],
    gitRepositories: [
      acl(gitToken(projectId), [
        [groups.readers.descriptor, GIT.read | GIT.prContribute, 0],
        [groups.contributors.descriptor, GIT.read | GIT.contribute | GIT.prContribute | 16 | 32 | 64, 0],
      ]),
    ],
  };
}

export interface OrgOptions {
  memberOf?: string[];
  extraGroups?: GroupInfo[];
  extraAcls?: Partial<OrgSnapshot["acls"]>;
  /** Replace the default project ACLs entirely. */
  defaultAcls?: boolean;
  repositories?: RepositoryInfo[];
  projects?: { id: string; name: string }[];
}

export const ANALYTICS = projectGroups(P1, "Analytics");
export const FINANCE = projectGroups(P2, "Finance");

/**
 * Analytics (P1): dbt-models (R1), jaffle-shop (R2), archive (R3, disabled).
 * Finance (P2, only with `projects`): ledger (R4).
 */
export function org(options: OrgOptions = {}): OrgSnapshot {
  const projects = options.projects ?? [{ id: P1, name: "Analytics" }];
  const groupsByProject = new Map([
    [P1, ANALYTICS],
    [P2, FINANCE],
  ]);
  const repositories = options.repositories ?? [
    { id: R1, name: "dbt-models", projectId: P1, isDisabled: false },
    { id: R2, name: "jaffle-shop", projectId: P1, isDisabled: false },
    { id: R3, name: "archive", projectId: P1, isDisabled: true },
    ...(projects.some((p) => p.id === P2) ? [{ id: R4, name: "ledger", projectId: P2, isDisabled: false }] : []),
  ];
  const groups: GroupInfo[] = [];
  const acls: OrgSnapshot["acls"] = { project: [], serviceHooks: [], gitRepositories: [] };
  for (const project of projects) {
    const projectGroupSet = groupsByProject.get(project.id) ?? projectGroups(project.id, project.name);
    groups.push(...Object.values(projectGroupSet));
    if (options.defaultAcls !== false) {
      const defaults = defaultProjectAcls(project.id, projectGroupSet);
      acls.project.push(...defaults.project);
      acls.gitRepositories.push(...defaults.gitRepositories);
    }
  }
  groups.push(...(options.extraGroups ?? []));
  // Extra ACLs on a token that already has one are merged into it, as the service keeps one ACL per token.
  for (const key of ["project", "serviceHooks", "gitRepositories"] as const) {
    for (const extra of options.extraAcls?.[key] ?? []) {
      const existing = acls[key].find((candidate) => candidate.token.toLowerCase() === extra.token.toLowerCase());
      if (!existing) acls[key].push(extra);
      else {
        existing.inheritPermissions = extra.inheritPermissions;
        Object.assign(existing.acesDictionary, extra.acesDictionary);
      }
    }
  }
  return {
    organization: { name: "contoso", url: ORG_URL },
    identity: {
      id: "81fa6389-0872-6fdd-a451-7ba7880f566a",
      displayName: "dbt Service User",
      principalName: "svc-dbt@contoso.com",
      kind: "user",
      descriptor: SVC,
      subjectDescriptor: SVC_SUBJECT,
      isActive: true,
      memberOf: options.memberOf ?? [],
      entitlement: { accessLevel: "express", licenseDisplayName: "Basic", status: "active", lastAccessedDate: "2026-11-01T00:00:00Z" },
    },
    groups,
    projects: projects.map((p) => ({ ...p, visibility: "private" })),
    repositories,
    acls,
  };
}

export { gitToken, projectToken, serviceHooksToken };

export const NOW = new Date("2026-11-20T00:00:00Z");
