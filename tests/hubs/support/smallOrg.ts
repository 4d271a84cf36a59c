/**
 * A small organization for hub tests, audited by the real core. What it is built to show:
 *  - Analytics: project permissions allowed through the "dbt Integration" group; repository permissions
 *    inherited from the project-level Git ACL through [Analytics]\Contributors; `legacy` has an explicit
 *    Deny of Contribute for the "Legacy Lockdown" group; `archive` is disabled and its inheritance is off.
 *  - Marketing: Edit Subscription is not set (only View and Delete are allowed); its repository is fine.
 *  - Finance: complete.
 *  - The identity last signed in 80 days before NOW (an inactivity warning).
 */
import { audit } from "../../../src/core/audit/audit";
import type { AuditReport } from "../../../src/core/audit/report";
import type { AccessControlList, GroupInfo, OrgSnapshot } from "../../../src/core/snapshot";
import { gitToken, projectToken, serviceHooksToken } from "../../../src/core/permissions/tokens";

export const NOW = new Date("2026-11-20T12:00:00Z");
const TENANT = "72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60";
const SCOPE = "S-1-9-1551374245-1204400969-2402986413-2179408616";

export const SVC_DESCRIPTOR = `Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT}\\svc-dbt@contoso.com`;
export const IDS = {
  analytics: "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c",
  marketing: "0a1b2c3d-0000-4000-8000-00000000000b",
  finance: "5e8d7c6b-0000-4000-8000-00000000000f",
  dbtModels: "278d5cd2-584d-4b63-824a-2ba458937249",
  legacy: "9f0e1d2c-3b4a-4000-8000-0000000000a2",
  archive: "9f0e1d2c-3b4a-4000-8000-0000000000a3",
  site: "1b2c3d4e-0000-4000-8000-0000000000b1",
  ledger: "1b2c3d4e-0000-4000-8000-0000000000f1",
};

function groupInfo(sid: string, principalName: string, projectId: string | null, memberOf: string[] = []): GroupInfo {
  const displayName = principalName.slice(principalName.indexOf("\\") + 1);
  return { descriptor: `Microsoft.TeamFoundation.Identity;${sid}`, principalName, displayName, projectId, memberOf };
}

export const GROUPS = {
  integration: groupInfo(`${SCOPE}-1-2001`, "[contoso]\\dbt Integration", null),
  lockdown: groupInfo(`${SCOPE}-1-2002`, "[contoso]\\Legacy Lockdown", null),
  contributors: groupInfo(`${SCOPE}-1-3001-0-0-0-0-2`, "[Analytics]\\Contributors", IDS.analytics),
};
// The identity is in Contributors through dbt Integration (a two-step chain for the reason panel).
GROUPS.integration.memberOf.push(GROUPS.contributors.descriptor);

function acl(token: string, aces: [GroupInfo, number, number][], inheritPermissions = true): AccessControlList {
  const acesDictionary: AccessControlList["acesDictionary"] = {};
  for (const [group, allow, deny] of aces) acesDictionary[group.descriptor] = { descriptor: group.descriptor, allow, deny };
  return { token, inheritPermissions, acesDictionary };
}

const GIT_ALL = 2 | 4 | 16384;

export function smallOrgSnapshot(): OrgSnapshot {
  const { integration, lockdown, contributors } = GROUPS;
  return {
    organization: { name: "contoso", url: "https://dev.azure.com/contoso/" },
    identity: {
      id: "81fa6389-0872-6fdd-a451-7ba7880f566a",
      displayName: "dbt Service User",
      principalName: "svc-dbt@contoso.com",
      kind: "user",
      descriptor: SVC_DESCRIPTOR,
      subjectDescriptor: "aad.MDA0NzBlMzQtZGE2MS03YTY5LWJkOTYtNDg3YTg0OWVjNTU4",
      isActive: true,
      memberOf: [integration.descriptor, lockdown.descriptor],
      entitlement: {
        accessLevel: "express",
        licenseDisplayName: "Basic",
        status: "active",
        lastAccessedDate: new Date(NOW.getTime() - 80 * 86_400_000).toISOString(),
      },
    },
    groups: [integration, lockdown, contributors],
    projects: [
      { id: IDS.analytics, name: "Analytics", visibility: "private" },
      { id: IDS.marketing, name: "Marketing", visibility: "private" },
      { id: IDS.finance, name: "Finance", visibility: "private" },
    ],
    repositories: [
      { id: IDS.dbtModels, name: "dbt-models", projectId: IDS.analytics, isDisabled: false },
      { id: IDS.legacy, name: "legacy", projectId: IDS.analytics, isDisabled: false },
      { id: IDS.archive, name: "archive", projectId: IDS.analytics, isDisabled: true },
      { id: IDS.site, name: "site", projectId: IDS.marketing, isDisabled: false },
      { id: IDS.ledger, name: "ledger", projectId: IDS.finance, isDisabled: false },
    ],
    acls: {
      project: [IDS.analytics, IDS.marketing, IDS.finance].map((id) => acl(projectToken(id), [[integration, 1, 0]])),
      serviceHooks: [
        acl(serviceHooksToken(IDS.analytics), [[integration, 7, 0]]),
        acl(serviceHooksToken(IDS.marketing), [[integration, 1 | 4, 0]]),
        acl(serviceHooksToken(IDS.finance), [[integration, 7, 0]]),
      ],
      gitRepositories: [
        acl(gitToken(IDS.analytics), [[contributors, GIT_ALL, 0]]),
        acl(gitToken(IDS.analytics, IDS.legacy), [[lockdown, 0, 4]]),
        acl(gitToken(IDS.analytics, IDS.archive), [], false),
        acl(gitToken(IDS.marketing), [[integration, GIT_ALL, 0]]),
        acl(gitToken(IDS.finance), [[integration, GIT_ALL, 0]]),
      ],
    },
  };
}

export function smallOrgReport(): AuditReport {
  return audit(smallOrgSnapshot(), { now: NOW });
}

/**
 * A large organization (projects × repositories) where every repository inherits its permissions from
 * one organization-wide Git ACL, and every tenth repository of a project denies Contribute.
 */
export function largeOrgSnapshot(projectCount: number, repositoriesPerProject: number): OrgSnapshot {
  const base = smallOrgSnapshot();
  const projects = [];
  const repositories = [];
  const gitAcls: AccessControlList[] = [acl(gitToken(), [[GROUPS.integration, GIT_ALL, 0]])];
  for (let p = 0; p < projectCount; p++) {
    const projectId = `00000000-0000-4000-8000-${String(p).padStart(12, "0")}`;
    projects.push({ id: projectId, name: `Project ${String(p).padStart(4, "0")}`, visibility: "private" });
    for (let r = 0; r < repositoriesPerProject; r++) {
      const repoId = `00000000-0000-4000-9000-${String(p * repositoriesPerProject + r).padStart(12, "0")}`;
      repositories.push({ id: repoId, name: `repo-${String(r).padStart(4, "0")}`, projectId, isDisabled: false });
      if (r % 10 === 0) gitAcls.push(acl(gitToken(projectId, repoId), [[GROUPS.lockdown, 0, 4]]));
    }
  }
  return {
    ...base,
    projects,
    repositories,
    acls: {
      project: [acl("$PROJECT", [[GROUPS.integration, 1, 0]])],
      serviceHooks: [acl(serviceHooksToken(), [[GROUPS.integration, 7, 0]])],
      gitRepositories: gitAcls,
    },
  };
}
