import fc from "fast-check";
import { evaluate } from "../../../src/core/permissions/evaluate";
import { identityClosure } from "../../../src/core/permissions/closure";
import type { AccessControlList } from "../../../src/core/snapshot";
import { OTHER_USER_DESCRIPTOR, P1, P2, R1, R2, SVC_DESCRIPTOR, collectionAdmins, gitToken, group, identity } from "../builders";

const REPO = gitToken(P1, R1);
const TOKENS = ["repoV2", gitToken(P1), REPO, gitToken(P1, R2), gitToken(P2)];

const pca = collectionAdmins();
const readers = group("Readers", { projectId: P1 });
const contributors = group("Contributors", { projectId: P1 });
const accounts = group("dbt Service Accounts", { memberOf: [contributors.descriptor] });
const unrelated = group("Unrelated", { projectId: P1 });
const groups = [pca, readers, contributors, accounts, unrelated];
const OUTSIDERS = [unrelated.descriptor, OTHER_USER_DESCRIPTOR, "Microsoft.TeamFoundation.Identity;S-1-9-42"];
const POOL = [SVC_DESCRIPTOR, readers.descriptor, contributors.descriptor, accounts.descriptor, pca.descriptor, ...OUTSIDERS];

interface World {
  acls: AccessControlList[];
  bit: number;
  admin: boolean;
}

const arbAcl = fc
  .record({
    token: fc.constantFrom(...TOKENS),
    inheritPermissions: fc.boolean(),
    aces: fc.uniqueArray(
      fc.record({ descriptor: fc.constantFrom(...POOL), allow: fc.integer({ min: 0, max: 7 }), deny: fc.integer({ min: 0, max: 7 }) }),
      { selector: (ace) => ace.descriptor, maxLength: 4 },
    ),
  })
  .map(({ token, inheritPermissions, aces }) => ({
    token,
    inheritPermissions,
    acesDictionary: Object.fromEntries(aces.map((ace) => [ace.descriptor, ace])),
  }));

const arbWorld: fc.Arbitrary<World> = fc.record({
  acls: fc.uniqueArray(arbAcl, { selector: (a) => a.token, maxLength: 5 }),
  bit: fc.constantFrom(1, 2, 4),
  admin: fc.boolean(),
});

function run(world: World) {
  const memberOf = [readers.descriptor, accounts.descriptor, ...(world.admin ? [pca.descriptor] : [])];
  return evaluate({
    namespace: "gitRepositories",
    token: REPO,
    bit: world.bit,
    acls: world.acls,
    closure: identityClosure(identity({ memberOf }), groups),
    groups,
  });
}

const clone = (acls: AccessControlList[]): AccessControlList[] => JSON.parse(JSON.stringify(acls));

describe("evaluate properties", () => {
  it("adding an allow ACE for an identity outside the closure never changes the result", () => {
    fc.assert(
      fc.property(
        arbWorld,
        fc.constantFrom(...OUTSIDERS),
        fc.constantFrom(...TOKENS),
        fc.integer({ min: 1, max: 7 }),
        (world, outsider, token, allow) => {
          const acls = clone(world.acls);
          const target = acls.find((a) => a.token === token);
          if (target) {
            const existing = target.acesDictionary[outsider];
            target.acesDictionary[outsider] = { descriptor: outsider, allow: (existing?.allow ?? 0) | allow, deny: existing?.deny ?? 0 };
          } else {
            acls.push({ token, inheritPermissions: true, acesDictionary: { [outsider]: { descriptor: outsider, allow, deny: 0 } } });
          }
          expect(run({ ...world, acls })).toEqual(run(world));
        },
      ),
    );
  });

  it("removing a deny never turns an allow into a deny", () => {
    fc.assert(
      fc.property(arbWorld, fc.nat(), fc.nat(), (world, aclPick, acePick) => {
        fc.pre(world.acls.length > 0);
        const before = run(world);
        const acls = clone(world.acls);
        const target = acls[aclPick % acls.length];
        const keys = Object.keys(target.acesDictionary);
        fc.pre(keys.length > 0);
        target.acesDictionary[keys[acePick % keys.length]].deny = 0;
        const after = run({ ...world, acls });
        if (before.effective === "allow") expect(after.effective).toBe("allow");
        if (before.effective !== "deny") expect(after.effective).not.toBe("deny");
      }),
    );
  });

  it("an allow for the identity on the checked token, where nothing of its closure denies, makes it allow", () => {
    fc.assert(
      fc.property(arbWorld, (world) => {
        const acls = clone(world.acls);
        let target = acls.find((a) => a.token === REPO);
        if (!target) {
          target = { token: REPO, inheritPermissions: true, acesDictionary: {} };
          acls.push(target);
        }
        const members = [SVC_DESCRIPTOR, readers.descriptor, contributors.descriptor, accounts.descriptor, ...(world.admin ? [pca.descriptor] : [])];
        fc.pre(members.every((d) => ((target!.acesDictionary[d]?.deny ?? 0) & world.bit) === 0));
        const own = target.acesDictionary[SVC_DESCRIPTOR];
        target.acesDictionary[SVC_DESCRIPTOR] = { descriptor: SVC_DESCRIPTOR, allow: (own?.allow ?? 0) | world.bit, deny: own?.deny ?? 0 };
        const result = run({ ...world, acls });
        expect(result.effective).toBe("allow");
        expect(result.decidedBy).toMatchObject({ token: REPO, inherited: false });
      }),
    );
  });

  it("does not depend on the order of ACLs or of ACEs", () => {
    fc.assert(
      fc.property(arbWorld, fc.func(fc.integer()), (world, rank) => {
        const shuffle = <T>(items: T[]) =>
          items
            .map((item, i) => ({ item, key: rank(i) }))
            .sort((a, b) => a.key - b.key)
            .map((x) => x.item);
        const acls = shuffle(clone(world.acls)).map((a) => ({
          ...a,
          acesDictionary: Object.fromEntries(shuffle(Object.entries(a.acesDictionary)).reverse()),
        }));
        expect(run({ ...world, acls })).toEqual(run(world));
      }),
    );
  });

  it("agrees with the bit-mask fold of https://learn.microsoft.com/azure/devops/organizations/security/about-permissions when the identity is not a collection administrator", () => {
    const closureKeys = new Set([SVC_DESCRIPTOR, readers.descriptor, contributors.descriptor, accounts.descriptor].map((d) => d.toLowerCase()));
    fc.assert(
      fc.property(arbWorld, (generated) => {
        const world = { ...generated, admin: false };
        let decided = 0;
        let allow = 0;
        let deny = 0;
        for (const token of [REPO, gitToken(P1), "repoV2"]) {
          const found = world.acls.find((a) => a.token === token);
          if (!found) continue;
          let a = 0;
          let d = 0;
          for (const ace of Object.values(found.acesDictionary)) {
            if (!closureKeys.has(ace.descriptor.toLowerCase())) continue;
            a |= ace.allow;
            d |= ace.deny;
          }
          deny |= d & ~decided;
          allow |= a & ~d & ~decided;
          decided |= a | d;
          if (!found.inheritPermissions) break;
        }
        const expected = allow & world.bit ? "allow" : deny & world.bit ? "deny" : "notSet";
        expect(run(world).effective).toBe(expected);
      }),
    );
  });
});
