import { NAMESPACE_IDS } from "../../../src/core/permissions/catalogue";
import { applyPlanToSnapshot, isDesiredState, planGrants, type GrantScope } from "../../../src/core/grant/planner";
import {
  ANALYTICS,
  FINANCE,
  GIT,
  NOW,
  P1,
  P2,
  R1,
  R2,
  R3,
  R4,
  SVC,
  SVC_SUBJECT,
  acl,
  customGroup,
  gitToken,
  org,
  projectToken,
  serviceHooksToken,
} from "./support/org";
import { aceChanges, aceOf, aceSummary, blockedCells, lostBits, membershipChanges, notAllowed } from "./support/inspect";

const ALL_GIT = GIT.read | GIT.contribute | GIT.prContribute; // 16390
const plan = (snapshot: ReturnType<typeof org>, scope?: GrantScope) => planGrants(snapshot, { scope, now: NOW });

/** The plan applied to the snapshot: nothing left but blocked cells, and no existing bit lost. */
function expectSound(snapshot: ReturnType<typeof org>, result: ReturnType<typeof plan>) {
  const after = applyPlanToSnapshot(snapshot, result.changes);
  expect(notAllowed(after)).toEqual(blockedCells(result));
  expect(lostBits(snapshot, after)).toEqual([]);
  expect(result.verified).toBe(true);
}

describe("planGrants: scopes", () => {
  it("project scope (default): Readers membership, then one ACE per project token with only the missing bits", () => {
    const snapshot = org();
    const result = plan(snapshot);

    expect(result.scope).toBe("project");
    const [membership] = membershipChanges(result);
    expect(membershipChanges(result)).toHaveLength(1);
    expect(membership).toMatchObject({
      projectId: P1,
      groupDescriptor: ANALYTICS.readers.descriptor,
      groupSubjectDescriptor: ANALYTICS.readers.subjectDescriptor,
      groupName: "[Analytics]\\Readers",
      memberDescriptor: SVC,
      memberSubjectDescriptor: SVC_SUBJECT,
      permissions: ["GENERIC_READ", "GenericRead", "PullRequestContribute"],
    });
    // Readers brings read and pull-request contribution on repoV2/{P1}, so the Git ACE only adds Contribute.
    expect(aceSummary(result)).toEqual([
      ["serviceHooks", serviceHooksToken(P1), 7],
      ["gitRepositories", gitToken(P1), GIT.contribute],
    ]);
    const [hooks, git] = aceChanges(result);
    expect(hooks).toMatchObject({
      namespaceId: NAMESPACE_IDS.serviceHooks,
      descriptor: SVC,
      level: "project",
      projectName: "Analytics",
      permissions: ["ViewSubscriptions", "EditSubscriptions", "DeleteSubscriptions"],
    });
    expect(git.permissions).toEqual(["GenericContribute"]);
    expect(git.fixes.map((cell) => cell.repositoryName)).toEqual(["dbt-models", "jaffle-shop"]);
    expect(git.reason).toContain("GenericContribute");
    expect(git.reason).toContain(gitToken(P1));
    expect(result.blocked).toEqual([]);
    expect(result.summary).toEqual({ missing: 10, fixed: 10, blocked: 0, aceWrites: 2, membershipWrites: 1, skippedDisabledRepositories: 1 });
    expectSound(snapshot, result);
  });

  it("org scope: one ACE per namespace on the root tokens, memberships per project", () => {
    const snapshot = org({
      projects: [
        { id: P1, name: "Analytics" },
        { id: P2, name: "Finance" },
      ],
    });
    const result = plan(snapshot, "org");

    expect(membershipChanges(result).map((m) => m.groupDescriptor)).toEqual([ANALYTICS.readers.descriptor, FINANCE.readers.descriptor]);
    expect(aceSummary(result)).toEqual([
      ["serviceHooks", "PublisherSecurity", 7],
      ["gitRepositories", "repoV2", GIT.contribute],
    ]);
    expect(aceChanges(result).map((change) => change.level)).toEqual(["organization", "organization"]);
    expect(aceChanges(result)[1].fixes.map((cell) => cell.repositoryId)).toEqual([R1, R2, R4]);
    expectSound(snapshot, result);
  });

  it("repo scope: the Git ACE on each enabled repository, ServiceHooks still on the project", () => {
    const snapshot = org();
    const result = plan(snapshot, "repo");

    expect(aceSummary(result)).toEqual([
      ["serviceHooks", serviceHooksToken(P1), 7],
      ["gitRepositories", gitToken(P1, R1), GIT.contribute],
      ["gitRepositories", gitToken(P1, R2), GIT.contribute],
    ]);
    expect(aceChanges(result).some((change) => change.token.includes(R3))).toBe(false);
    expect(aceChanges(result)[1]).toMatchObject({ level: "repository", projectId: P1, repositoryId: R1, repositoryName: "dbt-models" });
    expectSound(snapshot, result);
  });

  it("only the missing bits are written: what the identity's own ACE already allows is left out", () => {
    const snapshot = org({ extraAcls: { serviceHooks: [acl(serviceHooksToken(P1), [[SVC, 1, 0]])] } });
    const result = plan(snapshot);
    expect(aceSummary(result)[0]).toEqual(["serviceHooks", serviceHooksToken(P1), 6]);
    expect(aceChanges(result)[0].permissions).toEqual(["EditSubscriptions", "DeleteSubscriptions"]);
    expectSound(snapshot, result);
  });

  it("rejects an unknown scope and an unknown project", () => {
    expect(() => planGrants(org(), { scope: "branch" as GrantScope, now: NOW })).toThrow(/Unknown grant scope "branch"/);
    expect(() => planGrants(org(), { projectIds: ["nope"], now: NOW })).toThrow(/Project "nope"/);
  });
});

describe("planGrants: routing around denies", () => {
  const restricted = customGroup("dbt Restricted");

  it("a group deny on repoV2/{project} moves the Contribute grant down to each repository", () => {
    const snapshot = org({
      memberOf: [restricted.descriptor],
      extraGroups: [restricted],
      extraAcls: { gitRepositories: [acl(gitToken(P1), [[restricted.descriptor, 0, GIT.contribute]])] },
    });
    const result = plan(snapshot);

    expect(aceSummary(result)).toEqual([
      ["serviceHooks", serviceHooksToken(P1), 7],
      ["gitRepositories", gitToken(P1, R1), GIT.contribute],
      ["gitRepositories", gitToken(P1, R2), GIT.contribute],
    ]);
    const r1 = aceChanges(result)[1];
    expect(r1.level).toBe("repository");
    expect(r1.reason).toContain(`a Deny of GenericContribute for [contoso]\\dbt Restricted on ${gitToken(P1)} wins over an allow on ${gitToken(P1)}`);
    expect(result.blocked).toEqual([]);
    expectSound(snapshot, result);
  });

  it("at org scope the same deny sends Git down past both the root and the project token", () => {
    const snapshot = org({
      memberOf: [restricted.descriptor],
      extraGroups: [restricted],
      extraAcls: { gitRepositories: [acl(gitToken(P1), [[restricted.descriptor, 0, GIT.contribute]])] },
    });
    const result = plan(snapshot, "org");
    expect(aceSummary(result)).toEqual([
      ["serviceHooks", "PublisherSecurity", 7],
      ["gitRepositories", gitToken(P1, R1), GIT.contribute],
      ["gitRepositories", gitToken(P1, R2), GIT.contribute],
    ]);
    expectSound(snapshot, result);
  });

  it("inheritance switched off on one repository: that repository gets its own ACE with every Git bit", () => {
    const snapshot = org({ extraAcls: { gitRepositories: [acl(gitToken(P1, R1), [], false)] } });
    const result = plan(snapshot);
    expect(aceSummary(result)).toEqual([
      ["serviceHooks", serviceHooksToken(P1), 7],
      ["gitRepositories", gitToken(P1), GIT.contribute],
      ["gitRepositories", gitToken(P1, R1), ALL_GIT],
    ]);
    expect(aceChanges(result)[2].reason).toContain(`inheritance is switched off on ${gitToken(P1, R1)}`);
    // The project-level ACE is only there for the repository that still inherits.
    expect(aceChanges(result)[1].fixes.map((cell) => cell.repositoryId)).toEqual([R2]);
    expectSound(snapshot, result);
  });

  it("never merges an allow into an ACE of the identity that denies the bit: it goes one token down instead", () => {
    const snapshot = org({ extraAcls: { gitRepositories: [acl(gitToken(P1), [[SVC, 0, GIT.contribute]])] } });
    const result = plan(snapshot);
    expect(aceSummary(result).filter(([namespace]) => namespace === "gitRepositories")).toEqual([
      ["gitRepositories", gitToken(P1, R1), GIT.contribute],
      ["gitRepositories", gitToken(P1, R2), GIT.contribute],
    ]);
    expect(aceChanges(result)[1].reason).toContain(`the identity's own entry on ${gitToken(P1)} denies GenericContribute`);
    const after = applyPlanToSnapshot(snapshot, result.changes);
    expect(aceOf(after, "gitRepositories", gitToken(P1), SVC)).toEqual({ descriptor: SVC, allow: 0, deny: GIT.contribute });
    expectSound(snapshot, result);
  });
});

describe("planGrants: blocked items", () => {
  it("an explicit deny on the identity's own ACE at the repository is blocked, with the exact manual change", () => {
    const snapshot = org({ extraAcls: { gitRepositories: [acl(gitToken(P1, R1), [[SVC, 0, GIT.contribute]])] } });
    const result = plan(snapshot);

    expect(blockedCells(result)).toEqual(["Analytics/dbt-models|GenericContribute"]);
    const [item] = result.blocked;
    expect(item.effective).toBe("deny");
    expect(item.decidedBy).toMatchObject({ token: gitToken(P1, R1), descriptor: SVC, via: [], effect: "deny" });
    expect(item.manualFix).toBe(
      `Remove the Deny of Contribute (GenericContribute) (bit 4) from dbt Service User's own entry on ${gitToken(P1, R1)} ` +
        `(Git Repositories namespace, id ${NAMESPACE_IDS.gitRepositories}); then check again and grant what is still missing.`,
    );
    expect(item.manualCommands).toEqual([
      `az devops security permission reset --organization https://dev.azure.com/contoso --namespace-id ${NAMESPACE_IDS.gitRepositories} ` +
        `--subject svc-dbt@contoso.com --token ${gitToken(P1, R1)} --permission-bit 4`,
    ]);
    // The other repository is still fixed, at the project level.
    expect(aceSummary(result)).toContainEqual(["gitRepositories", gitToken(P1), GIT.contribute]);
    expect(result.summary).toMatchObject({ missing: 10, fixed: 9, blocked: 1 });
    expect(isDesiredState(result)).toBe(false);
    expectSound(snapshot, result);
  });

  it("a group deny on the most specific token is blocked; the other bits of that token are still granted", () => {
    const restricted = customGroup("Hook Watchers");
    const snapshot = org({
      memberOf: [restricted.descriptor],
      extraGroups: [restricted],
      extraAcls: { serviceHooks: [acl(serviceHooksToken(P1), [[restricted.descriptor, 0, 2]])] },
    });
    const result = plan(snapshot);

    expect(blockedCells(result)).toEqual(["Analytics|EditSubscriptions"]);
    expect(aceSummary(result)[0]).toEqual(["serviceHooks", serviceHooksToken(P1), 5]);
    const [item] = result.blocked;
    expect(item.manualFix).toContain(
      `Remove the Deny of Edit Subscription (EditSubscriptions) (bit 2) for [contoso]\\Hook Watchers on ${serviceHooksToken(P1)}`,
    );
    expect(item.manualFix).toContain("Or take dbt Service User out of [contoso]\\Hook Watchers");
    expect(item.manualCommands).toEqual([
      `az devops security permission reset --organization https://dev.azure.com/contoso --namespace-id ${NAMESPACE_IDS.serviceHooks} ` +
        `--subject ${restricted.subjectDescriptor} --token ${serviceHooksToken(P1)} --permission-bit 2`,
    ]);
    expectSound(snapshot, result);
  });

  it("Project Reader denied on the project token is blocked even though the identity is in Readers", () => {
    const blockers = customGroup("No Analytics");
    const snapshot = org({
      memberOf: [ANALYTICS.readers.descriptor, blockers.descriptor],
      extraGroups: [blockers],
      extraAcls: { project: [acl(projectToken(P1), [[blockers.descriptor, 0, 1]])] },
    });
    const result = plan(snapshot);
    expect(blockedCells(result)).toEqual(["Analytics|GENERIC_READ"]);
    expect(membershipChanges(result)).toEqual([]);
    expectSound(snapshot, result);
  });
});

describe("planGrants: Project Reader", () => {
  it("does not add a Readers membership that would bring a deny no allow can beat; it allows GENERIC_READ directly", () => {
    const snapshot = org({ extraAcls: { gitRepositories: [acl(gitToken(P1, R1), [[ANALYTICS.readers.descriptor, 0, GIT.contribute]])] } });
    const result = plan(snapshot);

    expect(membershipChanges(result)).toEqual([]);
    expect(aceSummary(result)).toEqual([
      ["project", projectToken(P1), 1],
      ["serviceHooks", serviceHooksToken(P1), 7],
      ["gitRepositories", gitToken(P1), ALL_GIT],
    ]);
    expect(aceChanges(result)[0].reason).toContain(
      "Not through a Readers membership: membership of [Analytics]\\Readers would bring a deny no allow can beat",
    );
    expect(result.blocked).toEqual([]);
    expectSound(snapshot, result);
  });

  it("falls back to an ACE on the project token when the Readers group does not give GENERIC_READ", () => {
    const snapshot = org();
    snapshot.acls.project = [];
    const result = plan(snapshot);
    expect(membershipChanges(result)).toEqual([]);
    expect(aceSummary(result)[0]).toEqual(["project", projectToken(P1), 1]);
    expect(aceChanges(result)[0].reason).toContain("membership of [Analytics]\\Readers would not give it");
    expectSound(snapshot, result);
  });

  it("falls back to an ACE when the snapshot has no Readers group for the project", () => {
    const snapshot = org();
    snapshot.groups = snapshot.groups.filter((group) => group.wellKnown !== "readers");
    const result = plan(snapshot);
    expect(membershipChanges(result)).toEqual([]);
    expect(aceChanges(result)[0].reason).toContain("the snapshot has no Readers group for Analytics");
    expectSound(snapshot, result);
  });
});

describe("planGrants: nothing to do and disabled repositories", () => {
  it("nothing to do: no change, nothing blocked, desired state", () => {
    const snapshot = org({
      memberOf: [ANALYTICS.contributors.descriptor],
      extraAcls: { serviceHooks: [acl(serviceHooksToken(), [[SVC, 7, 0]])] },
    });
    const result = plan(snapshot);
    expect(result.changes).toEqual([]);
    expect(result.blocked).toEqual([]);
    expect(isDesiredState(result)).toBe(true);
    expect(result.summary).toMatchObject({ missing: 0, fixed: 0, aceWrites: 0, membershipWrites: 0 });
  });

  it("a gap only on a disabled repository plans nothing", () => {
    const snapshot = org({
      memberOf: [ANALYTICS.contributors.descriptor],
      extraAcls: { serviceHooks: [acl(serviceHooksToken(), [[SVC, 7, 0]])], gitRepositories: [acl(gitToken(P1, R3), [], false)] },
    });
    for (const scope of ["org", "project", "repo"] as const) {
      const result = plan(snapshot, scope);
      expect(result.changes).toEqual([]);
      expect(result.summary.skippedDisabledRepositories).toBe(1);
    }
  });

  it("re-planning after the plan is applied finds nothing to write", () => {
    const restricted = customGroup("dbt Restricted");
    const snapshot = org({
      memberOf: [restricted.descriptor],
      extraGroups: [restricted],
      extraAcls: {
        gitRepositories: [acl(gitToken(P1), [[restricted.descriptor, 0, GIT.contribute]]), acl(gitToken(P1, R2), [[SVC, 0, GIT.prContribute]])],
      },
    });
    for (const scope of ["org", "project", "repo"] as const) {
      const first = plan(snapshot, scope);
      const second = plan(applyPlanToSnapshot(snapshot, first.changes), scope);
      expect(second.changes).toEqual([]);
      expect(blockedCells(second)).toEqual(blockedCells(first));
    }
  });

  it("error findings that grants cannot fix are carried as notes", () => {
    const snapshot = org();
    snapshot.identity.entitlement = {
      accessLevel: "stakeholder",
      licenseDisplayName: "Stakeholder",
      status: "active",
      lastAccessedDate: "2026-11-01T00:00:00Z",
    };
    expect(plan(snapshot).notes.join(" ")).toMatch(/Stakeholder/);
  });
});
