/**
 * The planner indexes a simulated state's ACLs by laying the written tokens over the index of the list they were
 * copied from (aclIndexFor with recordDerivedAcls). Whatever is written, on top of whatever was there (tokens
 * that differ only in case, ACLs that do not inherit, writes on tokens with no ACL yet, writes on a state that is
 * itself simulated), every cell must evaluate exactly as with an index built from the list itself.
 */
import fc from "fast-check";
import { evaluateCells } from "../../../src/core/grant/cells";
import { simulateWrites, type AceWrite } from "../../../src/core/grant/simulate";
import type { PlanCell } from "../../../src/core/grant/model";
import type { AclIndexCache } from "../../../src/core/permissions/evaluate";
import { P1, P2, R1, R2, SVC_DESCRIPTOR, acl, gitToken, group, identity, project, repo, snapshot } from "../builders";

const contributors = group("Contributors", { projectId: P1, projectName: "HR" });
const BITS = [2, 4, 16384];
const TOKENS = [gitToken(), gitToken(P1), gitToken(P2), gitToken(P1, R1), gitToken(P2, R2)];
const WHO = [SVC_DESCRIPTOR, contributors.descriptor];

const cells: PlanCell[] = [
  [P1, R1],
  [P2, R2],
].flatMap(([projectId, repositoryId]) =>
  BITS.map((bit) => ({
    projectId,
    projectName: projectId,
    repositoryId,
    repositoryName: repositoryId,
    permission: bit === 2 ? "GenericRead" : bit === 4 ? "GenericContribute" : "PullRequestContribute",
    token: gitToken(projectId, repositoryId),
    namespace: "gitRepositories",
    bit,
  })),
);

const anAcl = fc
  .record({
    token: fc.constantFrom(...TOKENS),
    upper: fc.boolean(),
    inherit: fc.boolean(),
    aces: fc.array(fc.tuple(fc.constantFrom(...WHO), fc.constantFrom(0, ...BITS), fc.constantFrom(0, ...BITS)), { maxLength: 2 }),
  })
  .map(({ token, upper, inherit, aces }) => acl(upper ? token.toUpperCase() : token, aces, inherit));

const aWrite = fc
  .record({ token: fc.constantFrom(...TOKENS), upper: fc.boolean(), allow: fc.constantFrom(...BITS), who: fc.constantFrom(...WHO) })
  .map(({ token, upper, allow, who }): AceWrite => ({
    namespace: "gitRepositories",
    token: upper ? token.toUpperCase() : token,
    descriptor: who,
    allow,
  }));

test("an index derived from the copied list's evaluates every cell as one built from the list itself", () => {
  fc.assert(
    fc.property(fc.array(anAcl, { maxLength: 6 }), fc.array(aWrite, { maxLength: 4 }), fc.array(aWrite, { maxLength: 3 }), (acls, first, second) => {
      const base = snapshot({
        identity: identity({ memberOf: [contributors.descriptor] }),
        groups: [contributors],
        projects: [project(P1, "HR"), project(P2, "Sales")],
        repositories: [repo(P1, R1, "a"), repo(P2, R2, "b")],
        acls: { project: [], serviceHooks: [], gitRepositories: acls },
      });
      const cache: AclIndexCache = new WeakMap();
      evaluateCells(base, cells, cache);
      const once = simulateWrites(base, first, []);
      const twice = simulateWrites(once, second, []);
      for (const state of [once, twice]) {
        const derived = evaluateCells(state, cells, cache);
        const fresh = evaluateCells(state, cells);
        expect([...derived.values()].map((cell) => cell.result)).toEqual([...fresh.values()].map((cell) => cell.result));
      }
    }),
    { numRuns: 400 },
  );
});
