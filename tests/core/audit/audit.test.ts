import { audit } from "../../../src/core/audit/audit";
import type { GroupInfo, OrgSnapshot } from "../../../src/core/snapshot";
import {
  P1,
  P2,
  R1,
  R2,
  SVC_DESCRIPTOR,
  acl,
  collectionValidUsers,
  entitlement,
  gitToken,
  group,
  identity,
  project,
  projectToken,
  projectValidUsers,
  repo,
  serviceHooksToken,
  snapshot,
} from "../builders";

const NOW = new Date("2026-02-01T00:00:00Z");
const R3 = "11111111-2222-4333-8444-555555555555";
const R4 = "aaaaaaaa-2222-4333-8444-555555555555";

const analyticsReaders = group("Readers", { projectId: P1, projectName: "Analytics" });
const financeReaders = group("Readers", { projectId: P2, projectName: "Finance" });
const pcvu = collectionValidUsers();
const pvuAnalytics = projectValidUsers(P1, "Analytics");

/** Analytics is fully set up; Finance lacks service hook rights and one repository denies Contribute. */
function world(overrides: Partial<OrgSnapshot> = {}): OrgSnapshot {
  const groups: GroupInfo[] = [analyticsReaders, financeReaders, pcvu, pvuAnalytics];
  return snapshot({
    identity: identity({ memberOf: [analyticsReaders.descriptor, financeReaders.descriptor] }),
    groups,
    projects: [project(P2, "Finance"), project(P1, "analytics")],
    repositories: [repo(P1, R1, "dbt-models"), repo(P1, R2, "Archive", true), repo(P2, R3, "finance-dbt"), repo(P2, R4, "Finance-legacy")],
    acls: {
      project: [acl("$PROJECT", [[pcvu.descriptor, 1, 0]])],
      serviceHooks: [acl(serviceHooksToken(P1), [[SVC_DESCRIPTOR, 7, 0]])],
      gitRepositories: [
        acl(gitToken(P1), [
          [analyticsReaders.descriptor, 2 | 16384, 0],
          [SVC_DESCRIPTOR, 4, 0],
        ]),
        acl(gitToken(P1, R2), [], false),
        acl(gitToken(P2), [[financeReaders.descriptor, 2 | 4 | 16384, 0]]),
        acl(gitToken(P2, R4), [[financeReaders.descriptor, 0, 4]]),
      ],
    },
    ...overrides,
  });
}

describe("audit", () => {
  it("follows the report contract: identity, sorted projects and repositories, every permission key", () => {
    const report = audit(world(), { now: NOW });
    expect(report.schemaVersion).toBe(1);
    expect(report.organization).toBe("contoso");
    expect(report.identity).toEqual({
      displayName: "dbt Service User",
      principalName: "svc-dbt@contoso.com",
      kind: "user",
      subjectDescriptor: identity().subjectDescriptor,
      descriptor: SVC_DESCRIPTOR,
      accessLevel: "express",
      lastAccessedDate: "2026-01-10T00:00:00Z",
    });
    expect(report.projects.map((p) => p.name)).toEqual(["analytics", "Finance"]);
    expect(report.projects[0].repositories.map((r) => r.name)).toEqual(["Archive", "dbt-models"]);
    expect(report.projects[1].repositories.map((r) => r.name)).toEqual(["finance-dbt", "Finance-legacy"]);
    expect(Object.keys(report.projects[0].permissions)).toEqual(["GENERIC_READ", "ViewSubscriptions", "EditSubscriptions", "DeleteSubscriptions"]);
    expect(Object.keys(report.projects[0].repositories[0].permissions)).toEqual(["GenericRead", "GenericContribute", "PullRequestContribute"]);
  });

  it("checks each permission on its own token and reports group and token in the reason", () => {
    const [analytics, finance] = audit(world(), { now: NOW }).projects;
    expect(analytics.permissions.GENERIC_READ).toMatchObject({ effective: "allow", token: projectToken(P1) });
    expect(analytics.permissions.GENERIC_READ.reason).toContain("[contoso]\\Project Collection Valid Users");
    expect(analytics.permissions.GENERIC_READ.reason).toContain("$PROJECT");
    expect(analytics.permissions.EditSubscriptions).toMatchObject({ effective: "allow", token: serviceHooksToken(P1) });
    expect(finance.permissions.ViewSubscriptions.effective).toBe("notSet");

    const models = analytics.repositories[1];
    expect(models.permissions.GenericRead).toMatchObject({ effective: "allow", token: gitToken(P1, R1) });
    expect(models.permissions.GenericRead.decidedBy).toMatchObject({ name: "[Analytics]\\Readers", token: gitToken(P1), inherited: true });
    expect(models.permissions.GenericRead.reason).toContain("[Analytics]\\Readers");
    expect(models.permissions.GenericRead.reason).toContain(gitToken(P1));
    expect(models.permissions.GenericRead.reason).toContain("Read (Git Repositories GenericRead)");

    const legacy = finance.repositories[1];
    expect(legacy.permissions.GenericContribute.effective).toBe("deny");
    expect(legacy.permissions.GenericContribute.reason).toContain(`explicit Deny on ${gitToken(P2, R4)} for the group [Finance]\\Readers`);
  });

  it("is ok when every project and enabled repository allows everything, whatever disabled repositories say", () => {
    const report = audit(world(), { now: NOW, projectIds: [P1.toUpperCase()] });
    expect(report.projects.map((p) => p.id)).toEqual([P1]);
    const archive = report.projects[0].repositories[0];
    expect(archive).toMatchObject({ name: "Archive", isDisabled: true });
    expect(archive.permissions.GenericRead.effective).toBe("notSet");
    expect(archive.permissions.GenericRead.inheritanceBrokenAt).toBe(gitToken(P1, R2));
    expect(report.ok).toBe(true);
  });

  it("is not ok when the same repository is enabled", () => {
    const base = world();
    const enabled = base.repositories.map((r) => (r.id === R2 ? { ...r, isDisabled: false } : r));
    expect(audit({ ...base, repositories: enabled }, { now: NOW, projectIds: [P1] }).ok).toBe(false);
  });

  it("is not ok when any project misses a permission", () => {
    expect(audit(world(), { now: NOW }).ok).toBe(false);
  });

  it("is not ok with an error finding, but warnings do not fail it", () => {
    const stakeholder = world({
      identity: identity({ memberOf: [analyticsReaders.descriptor], entitlement: entitlement({ accessLevel: "stakeholder" }) }),
    });
    const withError = audit(stakeholder, { now: NOW, projectIds: [P1] });
    expect(withError.findings.map((f) => f.id)).toEqual(["stakeholder-access-level"]);
    expect(withError.identity.accessLevel).toBe("stakeholder");
    expect(withError.ok).toBe(false);

    const quiet = world({
      identity: identity({ memberOf: [analyticsReaders.descriptor], entitlement: entitlement({ lastAccessedDate: null }) }),
    });
    const withWarning = audit(quiet, { now: NOW, projectIds: [P1] });
    expect(withWarning.findings.map((f) => f.severity)).toEqual(["warning"]);
    expect(withWarning.identity.lastAccessedDate).toBeNull();
    expect(withWarning.ok).toBe(true);
  });

  it("reports an unknown entitlement as nulls plus a warning", () => {
    const report = audit(world({ identity: identity({ memberOf: [analyticsReaders.descriptor], entitlement: undefined }) }), {
      now: NOW,
      projectIds: [P1],
    });
    expect(report.identity.accessLevel).toBeNull();
    expect(report.findings.map((f) => f.id)).toEqual(["entitlement-unknown"]);
  });

  it("rejects a project id that is not in the snapshot", () => {
    expect(() => audit(world(), { now: NOW, projectIds: ["nope"] })).toThrow(/Project "nope" is not in the organization snapshot/);
  });

  // How fast it runs is measured by `npm run bench`, not asserted here: a timed test fails on a busy machine.
  it("audits 1,000 projects with 10 repositories each", () => {
    const projects = [];
    const repositories = [];
    const groups: GroupInfo[] = [pcvu];
    const memberOf: string[] = [];
    const gitAcls = [acl("repoV2", [[pcvu.descriptor, 2, 0]])];
    const hookAcls = [];
    for (let p = 0; p < 1000; p++) {
      const projectId = `00000000-0000-4000-8000-${String(p).padStart(12, "0")}`;
      projects.push(project(projectId, `Project ${p}`));
      const readers = group("Readers", { projectId, projectName: `Project ${p}` });
      groups.push(readers, projectValidUsers(projectId, `Project ${p}`));
      memberOf.push(readers.descriptor);
      gitAcls.push(acl(gitToken(projectId), [[readers.descriptor, 2 | 16384, 0]]));
      hookAcls.push(acl(serviceHooksToken(projectId), [[SVC_DESCRIPTOR, 7, 0]]));
      for (let r = 0; r < 10; r++) {
        const repoId = `00000000-0000-4000-9000-${String(p * 10 + r).padStart(12, "0")}`;
        repositories.push(repo(projectId, repoId, `repo-${r}`));
        gitAcls.push(acl(gitToken(projectId, repoId), [[SVC_DESCRIPTOR, 4, 0]]));
      }
    }
    const big = snapshot({
      identity: identity({ memberOf }),
      groups,
      projects,
      repositories,
      acls: { project: [acl("$PROJECT", [[pcvu.descriptor, 1, 0]])], serviceHooks: hookAcls, gitRepositories: gitAcls },
    });
    const report = audit(big, { now: NOW });
    expect(report.projects).toHaveLength(1000);
    expect(report.projects.every((p) => p.repositories.length === 10)).toBe(true);
    expect(report.ok).toBe(true);
  });
});
