import { buildAclIndex, evaluate, type EvaluateInput } from "../../../src/core/permissions/evaluate";
import { identityClosure } from "../../../src/core/permissions/closure";
import type { AccessControlList, GroupInfo } from "../../../src/core/snapshot";
import {
  OTHER_USER_DESCRIPTOR,
  P1,
  R1,
  SVC_DESCRIPTOR,
  acl,
  collectionAdmins,
  collectionValidUsers,
  gitToken,
  group,
  identity,
  projectToken,
  projectValidUsers,
} from "../builders";

const CONTRIBUTE = 4;
const READ = 2;
const REPO = gitToken(P1, R1);
const PROJECT = gitToken(P1);
const ROOT = "repoV2";

// The identity is directly in Readers, and in Contributors through an organization group.
const readers = group("Readers", { projectId: P1, projectName: "Analytics" });
const contributors = group("Contributors", { projectId: P1, projectName: "Analytics" });
const blocked = group("Blocked", { projectId: P1, projectName: "Analytics" });
const accounts = group("dbt Service Accounts", { memberOf: [contributors.descriptor, blocked.descriptor] });
const unrelated = group("Unrelated", { projectId: P1, projectName: "Analytics" });
const baseGroups = [readers, contributors, blocked, accounts, unrelated];
const svc = identity({ memberOf: [readers.descriptor, accounts.descriptor] });

function check(acls: AccessControlList[], options: Partial<EvaluateInput> & { groups?: GroupInfo[]; memberOf?: string[] } = {}) {
  const groups = options.groups ?? baseGroups;
  const closure = identityClosure(options.memberOf ? identity({ memberOf: options.memberOf }) : svc, groups);
  return evaluate({
    namespace: "gitRepositories",
    token: REPO,
    bit: CONTRIBUTE,
    acls,
    closure,
    groups,
    permissionName: "Contribute",
    ...options,
  });
}

describe("evaluate: not set", () => {
  it("is notSet (implicit deny) when nothing sets the bit, naming the token looked at and that it inherits", () => {
    const result = check([]);
    expect(result.effective).toBe("notSet");
    expect(result.decidedBy).toBeUndefined();
    expect(result.inheritanceBrokenAt).toBeUndefined();
    expect(result.token).toBe(REPO);
    expect(result.reason).toContain("nothing allows Contribute");
    expect(result.reason).toContain(`on ${REPO} or the tokens it inherits from, so it is implicitly denied`);
  });

  it("ignores other bits and other identities' ACEs", () => {
    const result = check([
      acl(REPO, [[SVC_DESCRIPTOR, READ, 0]]),
      acl(PROJECT, [
        [OTHER_USER_DESCRIPTOR, CONTRIBUTE, 0],
        [unrelated.descriptor, CONTRIBUTE, 0],
      ]),
    ]);
    expect(result.effective).toBe("notSet");
  });
});

describe("evaluate: explicit and inherited", () => {
  it("allows through the identity's own explicit ACE", () => {
    const result = check([acl(REPO, [[SVC_DESCRIPTOR, CONTRIBUTE | READ, 0]])]);
    expect(result.effective).toBe("allow");
    expect(result.decidedBy).toEqual({
      token: REPO,
      descriptor: SVC_DESCRIPTOR,
      name: "dbt Service User",
      via: [],
      inherited: false,
      effect: "allow",
    });
    expect(result.reason).toBe(`Contribute is allowed by an explicit Allow on ${REPO} for the identity itself.`);
  });

  it("allows through a nested group's ACE inherited from the project, naming group, chain and token", () => {
    const result = check([acl(PROJECT, [[contributors.descriptor, CONTRIBUTE, 0]])]);
    expect(result.effective).toBe("allow");
    expect(result.decidedBy).toMatchObject({
      token: PROJECT,
      descriptor: contributors.descriptor,
      name: "[Analytics]\\Contributors",
      via: ["[contoso]\\dbt Service Accounts", "[Analytics]\\Contributors"],
      inherited: true,
    });
    expect(result.reason).toBe(
      `Contribute is allowed by an Allow on ${PROJECT}, inherited by ${REPO}, for the group [Analytics]\\Contributors ` +
        `(through [contoso]\\dbt Service Accounts).`,
    );
  });

  it("inherits from the namespace root as well", () => {
    expect(check([acl(ROOT, [[readers.descriptor, CONTRIBUTE, 0]])]).decidedBy).toMatchObject({ token: ROOT, inherited: true });
  });

  it("lets an explicit allow on the repository beat a deny inherited from the project", () => {
    const result = check([acl(PROJECT, [[blocked.descriptor, 0, CONTRIBUTE]]), acl(REPO, [[readers.descriptor, CONTRIBUTE, 0]])]);
    expect(result.effective).toBe("allow");
    expect(result.decidedBy).toMatchObject({ token: REPO, name: "[Analytics]\\Readers", inherited: false });
    expect(result.reason).toContain("(a direct member)");
  });

  it("lets an explicit deny on the repository beat an inherited allow", () => {
    const result = check([acl(PROJECT, [[contributors.descriptor, CONTRIBUTE, 0]]), acl(REPO, [[blocked.descriptor, 0, CONTRIBUTE]])]);
    expect(result.effective).toBe("deny");
    expect(result.decidedBy).toMatchObject({ token: REPO, name: "[Analytics]\\Blocked", effect: "deny", inherited: false });
    expect(result.reason).toContain(`denied by an explicit Deny on ${REPO} for the group [Analytics]\\Blocked`);
  });

  it("a closer allow beats a farther deny even for the identity's own ACE", () => {
    const result = check([acl(ROOT, [[SVC_DESCRIPTOR, 0, CONTRIBUTE]]), acl(PROJECT, [[readers.descriptor, CONTRIBUTE, 0]])]);
    expect(result.effective).toBe("allow");
  });
});

describe("evaluate: deny wins at one level", () => {
  it("a deny from one group beats an allow from another group on the same token", () => {
    const result = check([
      acl(PROJECT, [
        [contributors.descriptor, CONTRIBUTE, 0],
        [blocked.descriptor, 0, CONTRIBUTE],
      ]),
    ]);
    expect(result.effective).toBe("deny");
    expect(result.decidedBy).toMatchObject({ name: "[Analytics]\\Blocked", token: PROJECT, inherited: true, effect: "deny" });
    expect(result.reason).toContain(`denied by a Deny on ${PROJECT}, inherited by ${REPO}, for the group [Analytics]\\Blocked`);
    expect(result.reason).toContain("a deny wins over the Allow for [Analytics]\\Contributors on the same token");
  });

  it("a group's deny beats the identity's own allow on the same token", () => {
    const result = check([
      acl(REPO, [
        [SVC_DESCRIPTOR, CONTRIBUTE, 0],
        [blocked.descriptor, 0, CONTRIBUTE],
      ]),
    ]);
    expect(result.effective).toBe("deny");
  });

  it("an ACE that both allows and denies the bit denies it", () => {
    expect(check([acl(REPO, [[readers.descriptor, CONTRIBUTE, CONTRIBUTE]])]).effective).toBe("deny");
  });

  it("names the identity's own ACE first when several allow at the deciding level", () => {
    const result = check([
      acl(REPO, [
        [contributors.descriptor, CONTRIBUTE, 0],
        [SVC_DESCRIPTOR, CONTRIBUTE, 0],
        [readers.descriptor, CONTRIBUTE, 0],
      ]),
    ]);
    expect(result.decidedBy?.descriptor).toBe(SVC_DESCRIPTOR);
  });

  it("otherwise names the group with the shortest chain", () => {
    const result = check([
      acl(REPO, [
        [contributors.descriptor, CONTRIBUTE, 0],
        [readers.descriptor, CONTRIBUTE, 0],
      ]),
    ]);
    expect(result.decidedBy?.descriptor).toBe(readers.descriptor);
  });
});

describe("evaluate: broken inheritance", () => {
  it("cuts an allow set on an ancestor", () => {
    const result = check([acl(PROJECT, [[contributors.descriptor, CONTRIBUTE, 0]]), acl(REPO, [], false)]);
    expect(result.effective).toBe("notSet");
    expect(result.inheritanceBrokenAt).toBe(REPO);
    expect(result.reason).toContain(`inheritance is switched off on ${REPO}`);
    expect(result.reason).toContain(`cuts off the Allow on ${PROJECT} for the group [Analytics]\\Contributors`);
  });

  it("cuts a deny set on an ancestor, leaving an allow below the break in force", () => {
    const cutDeny = check([acl(ROOT, [[blocked.descriptor, 0, CONTRIBUTE]]), acl(PROJECT, [], false)]);
    expect(cutDeny.effective).toBe("notSet");
    expect(cutDeny.inheritanceBrokenAt).toBe(PROJECT);
    expect(cutDeny.reason).toContain(`cuts off the Deny on ${ROOT}`);

    const allowBelow = check([acl(ROOT, [[blocked.descriptor, 0, CONTRIBUTE]]), acl(PROJECT, [[readers.descriptor, CONTRIBUTE, 0]], false)]);
    expect(allowBelow.effective).toBe("allow");
    // The break did not change anything: the project-level allow decides either way.
    expect(allowBelow.inheritanceBrokenAt).toBeUndefined();
  });

  it("says where inheritance stopped even when nothing was cut off", () => {
    const result = check([acl(PROJECT, [[OTHER_USER_DESCRIPTOR, CONTRIBUTE, 0]], false)]);
    expect(result.effective).toBe("notSet");
    expect(result.inheritanceBrokenAt).toBeUndefined();
    expect(result.reason).toContain(`inheritance is switched off on ${PROJECT}`);
  });

  it("a break only affects tokens below it", () => {
    const result = check([acl(ROOT, [[readers.descriptor, CONTRIBUTE, 0]]), acl(gitToken(P1, "other-repo"), [], false)]);
    expect(result.effective).toBe("allow");
  });
});

describe("evaluate: Project Collection Administrators (rule 4)", () => {
  const pca = collectionAdmins();
  const admins = group("Org admins", { memberOf: [pca.descriptor] });
  const groups = [...baseGroups, pca, admins];
  const memberOf = [readers.descriptor, accounts.descriptor, admins.descriptor];

  it("keeps an allow from the administrators' own ACE despite a deny through another group", () => {
    const result = check([acl(ROOT, [[pca.descriptor, CONTRIBUTE, 0]]), acl(REPO, [[blocked.descriptor, 0, CONTRIBUTE]])], { groups, memberOf });
    expect(result.effective).toBe("allow");
    expect(result.decidedBy).toMatchObject({ descriptor: pca.descriptor, token: ROOT, inherited: true });
    expect(result.reason).toContain(`The Deny on ${REPO} for [Analytics]\\Blocked does not apply`);
    expect(result.reason).toContain("Project Collection Administrators");
  });

  it("does not count a group ACE that both allows and denies as an allow once its deny is set aside", () => {
    const result = check([acl(ROOT, [[pca.descriptor, CONTRIBUTE, 0]]), acl(REPO, [[blocked.descriptor, CONTRIBUTE, CONTRIBUTE]])], {
      groups,
      memberOf,
    });
    expect(result.effective).toBe("allow");
    expect(result.decidedBy).toMatchObject({ descriptor: pca.descriptor, token: ROOT });
  });

  it("does not help non-members", () => {
    const result = check([acl(ROOT, [[pca.descriptor, CONTRIBUTE, 0]]), acl(REPO, [[blocked.descriptor, 0, CONTRIBUTE]])], { groups });
    expect(result.effective).toBe("deny");
  });

  it("does not override a deny on the identity's own ACE", () => {
    const result = check([acl(ROOT, [[pca.descriptor, CONTRIBUTE, 0]]), acl(REPO, [[SVC_DESCRIPTOR, 0, CONTRIBUTE]])], { groups, memberOf });
    expect(result.effective).toBe("deny");
    expect(result.decidedBy).toMatchObject({ descriptor: SVC_DESCRIPTOR });
    expect(result.reason).toContain("does not override a deny on the identity's own entry");
  });

  it("does not create an allow the administrators' ACEs do not give", () => {
    const result = check([acl(REPO, [[blocked.descriptor, 0, CONTRIBUTE]])], { groups, memberOf });
    expect(result.effective).toBe("deny");
  });

  it("cannot reach past broken inheritance, and says so", () => {
    const result = check([acl(ROOT, [[pca.descriptor, CONTRIBUTE, 0]]), acl(REPO, [[blocked.descriptor, 0, CONTRIBUTE]], false)], {
      groups,
      memberOf,
    });
    expect(result.effective).toBe("deny");
    expect(result.inheritanceBrokenAt).toBe(REPO);
    expect(result.reason).toContain(`inheritance is switched off on ${REPO}`);
  });
});

describe("evaluate: implicit Valid Users membership", () => {
  it("applies an org-wide allow for Project Collection Valid Users", () => {
    const pcvu = collectionValidUsers();
    const result = check([acl(ROOT, [[pcvu.descriptor, CONTRIBUTE, 0]])], { groups: [...baseGroups, pcvu] });
    expect(result.effective).toBe("allow");
    expect(result.reason).toContain("every member of the organization is in it");
  });

  it("applies [Project]\\Project Valid Users only where the identity is in a project group", () => {
    const pvu = projectValidUsers(P1, "Analytics");
    const acls = [acl(ROOT, [[pvu.descriptor, CONTRIBUTE, 0]])];
    const inProject = check(acls, { groups: [...baseGroups, pvu] });
    expect(inProject.effective).toBe("allow");
    expect(inProject.reason).toContain("implicitly, through [Analytics]\\Readers");
    expect(check(acls, { groups: [...baseGroups, pvu], memberOf: [] }).effective).toBe("notSet");
  });

  it("covers the Project namespace, whose project token inherits from $PROJECT", () => {
    const pcvu = collectionValidUsers();
    const result = evaluate({
      namespace: "project",
      token: projectToken(P1),
      bit: 1,
      acls: [acl("$PROJECT", [[pcvu.descriptor, 1, 0]])],
      closure: identityClosure(identity(), [pcvu]),
      groups: [pcvu],
    });
    expect(result.effective).toBe("allow");
    expect(result.decidedBy).toMatchObject({ token: "$PROJECT", inherited: true });
    expect(result.reason).toContain("bit 1 is allowed");
  });
});

describe("evaluate: case-insensitivity and input checks", () => {
  it("matches tokens and descriptors in any case and with a trailing separator", () => {
    const result = check([
      acl(`${PROJECT.toUpperCase()}/`, [[contributors.descriptor.toUpperCase(), CONTRIBUTE, 0]]),
      acl(REPO.toLowerCase(), [[SVC_DESCRIPTOR.toLowerCase(), 0, READ]]),
    ]);
    expect(result.effective).toBe("allow");
    expect(result.decidedBy?.name).toBe("[Analytics]\\Contributors");
  });

  it("merges ACLs whose tokens differ only in case, and keeps the stricter inheritance", () => {
    const index = buildAclIndex("gitRepositories", [
      acl(REPO, [[readers.descriptor, CONTRIBUTE, 0]]),
      acl(REPO.toUpperCase() + "/", [[readers.descriptor.toUpperCase(), 0, READ]], false),
    ]);
    expect(index.byToken.size).toBe(1);
    const merged = index.byToken.get(REPO.toLowerCase())!;
    expect(merged.inheritPermissions).toBe(false);
    expect(merged.aces).toEqual([{ descriptor: readers.descriptor, key: readers.descriptor.toLowerCase(), allow: CONTRIBUTE, deny: READ }]);
  });

  it("gives the same answer from an index as from the raw list", () => {
    const acls = [acl(PROJECT, [[contributors.descriptor, CONTRIBUTE, 0]]), acl(REPO, [[blocked.descriptor, 0, READ]])];
    expect(check(acls, { acls: buildAclIndex("gitRepositories", acls) })).toEqual(check(acls));
  });

  it("rejects bits that are not a single power of two and mismatched indexes", () => {
    expect(() => check([], { bit: 6 })).toThrow(/single power of two/);
    expect(() => check([], { bit: 0 })).toThrow(/single power of two/);
    expect(() => check([], { acls: buildAclIndex("serviceHooks", []) })).toThrow(/index is for namespace serviceHooks/);
  });
});
