/**
 * Small organization snapshots for formatter tests. Reports are always produced from these by the real core
 * `audit`, so the formatters are tested on what the CLI would really print.
 */
import { audit } from "../../../src/core/audit/audit";
import { gitToken, projectToken, serviceHooksToken } from "../../../src/core/permissions/tokens";
import type { AuditReport } from "../../../src/core/audit/report";
import type { AccessControlList, Entitlement, OrgSnapshot } from "../../../src/core/snapshot";

export const NOW = new Date("2026-10-10T00:00:00Z");
export const SERVICE_USER = "Microsoft.IdentityModel.Claims.ClaimsIdentity;72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60\\svc-dbt@contoso.com";

export const ACTIVE_BASIC: Entitlement = {
  accessLevel: "express",
  licenseDisplayName: "Basic",
  status: "active",
  lastAccessedDate: "2026-10-01T00:00:00Z",
};

function acl(token: string, allow: number, deny = 0, inheritPermissions = true): AccessControlList {
  return { token, inheritPermissions, acesDictionary: { [SERVICE_USER]: { descriptor: SERVICE_USER, allow, deny } } };
}

export interface SnapshotOptions {
  entitlement?: Entitlement;
  /** Renames the "Marketing" project, e.g. to put markup characters in it. */
  marketingName?: string;
  /** Renames Marketing's "web" repository. */
  webRepoName?: string;
}

/**
 * Two projects:
 * - Analytics (p1): every project permission allowed; its repository dbt-models allowed through repoV2/p1.
 * - Marketing (p2): GENERIC_READ not set, EditSubscriptions explicitly denied on PublisherSecurity/p2;
 *   repository web allows only GenericRead (Contribute and PR not set); repository archive is disabled with
 *   nothing allowed (listed, not counted).
 */
export function twoProjectSnapshot(options: SnapshotOptions = {}): OrgSnapshot {
  return {
    organization: { name: "contoso", url: "https://dev.azure.com/contoso/" },
    identity: {
      id: "81fa6389-0872-6fdd-a451-7ba7880f566a",
      displayName: "dbt Service User",
      principalName: "svc-dbt@contoso.com",
      kind: "user",
      descriptor: SERVICE_USER,
      subjectDescriptor: "aad.MDA0NzBlMzQtZGE2MS03YTY5LWJkOTYtNDg3YTg0OWVjNTU4",
      isActive: true,
      memberOf: [],
      entitlement: "entitlement" in options ? options.entitlement : ACTIVE_BASIC,
    },
    groups: [],
    projects: [
      { id: "p1", name: "Analytics", visibility: "private" },
      { id: "p2", name: options.marketingName ?? "Marketing", visibility: "private" },
    ],
    repositories: [
      { id: "r1", name: "dbt-models", projectId: "p1", isDisabled: false },
      { id: "r2", name: options.webRepoName ?? "web", projectId: "p2", isDisabled: false },
      { id: "r3", name: "archive", projectId: "p2", isDisabled: true },
    ],
    acls: {
      project: [acl(projectToken("p1"), 1)],
      serviceHooks: [acl(serviceHooksToken(), 7), acl(serviceHooksToken("p2"), 0, 2)],
      gitRepositories: [acl(gitToken("p1"), 2 | 4 | 16384), acl(gitToken("p2", "r2"), 2)],
    },
  };
}

/** One project where everything is allowed, and an active Basic user. */
export function completeSnapshot(): OrgSnapshot {
  const base = twoProjectSnapshot();
  return {
    ...base,
    projects: [base.projects[0]!],
    repositories: [base.repositories[0]!],
  };
}

export function reportOf(snapshot: OrgSnapshot): AuditReport {
  return audit(snapshot, { now: NOW });
}
