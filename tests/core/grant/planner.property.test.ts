/**
 * Properties of the planner over random small organizations: random groups nested in each other (cycles
 * included), random memberships of the identity, allow/deny ACEs for anyone at every level, inheritance
 * switched on or off per token, and the Project Collection Administrators rule in play.
 */
import fc from "fast-check";
import { applyPlanToSnapshot, planGrants, simulateWrites, type GrantScope } from "../../../src/core/grant/planner";
import type { NamespaceKey } from "../../../src/core/permissions/catalogue";
import type { AccessControlList, GroupInfo, OrgSnapshot } from "../../../src/core/snapshot";
import { audit } from "../../../src/core/audit/audit";
import { cellKey, reportCells } from "../../../src/core/grant/cells";
import { withoutRedundantMemberships, type PlannedMembership } from "../../../src/core/grant/memberships";
import { ClosureRemoval } from "../../../src/core/grant/closure-removal";
import { identityClosure } from "../../../src/core/permissions/closure";
import { normalizeDescriptor } from "../../../src/core/permissions/descriptors";
import {
  ANALYTICS,
  FINANCE,
  NOW,
  P1,
  P2,
  R1,
  R2,
  R3,
  R4,
  SVC,
  customGroup,
  gitToken,
  groupDescriptor,
  org,
  projectToken,
  serviceHooksToken,
} from "./support/org";
import { aceChanges, aceOf, blockedCells, lostBits, notAllowed } from "./support/inspect";

const G = [customGroup("Alpha"), customGroup("Beta"), customGroup("Gamma")];
const COLLECTION = "S-1-9-1551374245-1204400969-2402986413-2179408616";
const PCA: GroupInfo = {
  descriptor: groupDescriptor(`${COLLECTION}-0-0-0-0-1`),
  principalName: "[contoso]\\Project Collection Administrators",
  displayName: "Project Collection Administrators",
  projectId: null,
  wellKnown: "projectCollectionAdministrators",
  memberOf: [],
};
const PROJECT_GROUPS = [...Object.values(ANALYTICS), ...Object.values(FINANCE)];
const OUTSIDER = "Microsoft.IdentityModel.Claims.ClaimsIdentity;72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60\\someone@contoso.com";
const JOINABLE = [...G, ANALYTICS.readers, ANALYTICS.contributors, FINANCE.readers, PCA].map((group) => group.descriptor);
const DESCRIPTORS = [SVC, OUTSIDER, PCA.descriptor, ...G.map((g) => g.descriptor), ...PROJECT_GROUPS.map((g) => g.descriptor)];

const TOKENS: Record<NamespaceKey, string[]> = {
  project: ["$PROJECT", projectToken(P1), projectToken(P2)],
  serviceHooks: [serviceHooksToken(), serviceHooksToken(P1), serviceHooksToken(P2)],
  gitRepositories: [gitToken(), gitToken(P1), gitToken(P1, R1), gitToken(P1, R2), gitToken(P1, R3), gitToken(P2), gitToken(P2, R4)],
};
const BITS: Record<NamespaceKey, number[]> = { project: [1, 2], serviceHooks: [1, 2, 4, 8], gitRepositories: [1, 2, 4, 16384] };

const mask = (bits: number[]) => fc.subarray(bits).map((chosen) => chosen.reduce((sum, bit) => sum | bit, 0));

function arbAcls(namespace: NamespaceKey): fc.Arbitrary<AccessControlList[]> {
  const ace = fc.record({
    descriptor: fc.constantFrom(...DESCRIPTORS),
    // Mostly allows, some denies, so plans have work to do and denies to route around.
    allow: mask(BITS[namespace]),
    deny: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: mask(BITS[namespace]) }),
  });
  const list = fc.record({
    token: fc.constantFrom(...TOKENS[namespace]),
    inheritPermissions: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    aces: fc.uniqueArray(ace, { selector: (entry) => entry.descriptor, maxLength: 4 }),
  });
  return fc.uniqueArray(list, { selector: (entry) => entry.token, maxLength: TOKENS[namespace].length }).map((lists) =>
    lists.map(({ token, inheritPermissions, aces }) => ({
      token,
      inheritPermissions,
      acesDictionary: Object.fromEntries(aces.map((entry) => [entry.descriptor, entry])),
    })),
  );
}

interface World {
  snapshot: OrgSnapshot;
  scope: GrantScope;
}

const arbWorld: fc.Arbitrary<World> = fc
  .record({
    memberOf: fc.subarray(JOINABLE),
    nesting: fc.tuple(...G.map(() => fc.subarray([...JOINABLE, ANALYTICS.validUsers.descriptor]))),
    projectNesting: fc.subarray(G.map((g) => g.descriptor)),
    project: arbAcls("project"),
    serviceHooks: arbAcls("serviceHooks"),
    gitRepositories: arbAcls("gitRepositories"),
    defaults: fc.boolean(),
    scope: fc.constantFrom<GrantScope>("org", "project", "repo"),
  })
  .map(({ memberOf, nesting, projectNesting, project, serviceHooks, gitRepositories, defaults, scope }) => {
    const custom = G.map((group, index) => ({ ...group, memberOf: nesting[index].filter((d) => d !== group.descriptor) }));
    const snapshot = org({
      projects: [
        { id: P1, name: "Analytics" },
        { id: P2, name: "Finance" },
      ],
      memberOf,
      defaultAcls: defaults,
      extraGroups: [...custom, PCA],
      extraAcls: { project, serviceHooks, gitRepositories },
    });
    // Contributors of Analytics nested in custom groups: memberships reach further than one level.
    snapshot.groups = snapshot.groups.map((group) =>
      group.descriptor === ANALYTICS.contributors.descriptor ? { ...group, memberOf: projectNesting } : group,
    );
    return { snapshot, scope };
  });

const RUNS = { numRuns: 300 };

describe("planGrants properties", () => {
  it("after the plan is applied, every permission is allowed except the blocked ones, and the plan says it verified that", () => {
    fc.assert(
      fc.property(arbWorld, ({ snapshot, scope }) => {
        const plan = planGrants(snapshot, { scope, now: NOW });
        expect(notAllowed(applyPlanToSnapshot(snapshot, plan.changes))).toEqual(blockedCells(plan));
        expect(plan.verified).toBe(true);
      }),
      RUNS,
    );
  });

  it("every pre-existing ACE keeps all its allow and deny bits, and inheritance is never changed", () => {
    fc.assert(
      fc.property(arbWorld, ({ snapshot, scope }) => {
        const plan = planGrants(snapshot, { scope, now: NOW });
        expect(lostBits(snapshot, applyPlanToSnapshot(snapshot, plan.changes))).toEqual([]);
      }),
      RUNS,
    );
  });

  it("ACE changes only add allow bits the identity's own entry lacks and does not deny, on tokens the scope allows", () => {
    fc.assert(
      fc.property(arbWorld, ({ snapshot, scope }) => {
        const plan = planGrants(snapshot, { scope, now: NOW });
        for (const change of aceChanges(plan)) {
          expect(change.descriptor).toBe(SVC);
          const own = aceOf(snapshot, change.namespace, change.token, SVC) ?? { allow: 0, deny: 0 };
          expect(change.allow).toBeGreaterThan(0);
          expect(change.allow & own.allow).toBe(0);
          expect(change.allow & own.deny).toBe(0);
          if (scope !== "org") expect(change.level).not.toBe("organization");
          if (scope === "repo" && change.namespace === "gitRepositories") expect(change.level).toBe("repository");
        }
        // Disabled repositories are never the reason for a write.
        for (const change of plan.changes) expect(change.fixes.some((cell) => cell.repositoryId === R3)).toBe(false);
      }),
      RUNS,
    );
  });

  it("blocked items are truly blocked: even the identity's own allow on the checked token would not win", () => {
    fc.assert(
      fc.property(arbWorld, ({ snapshot, scope }) => {
        const plan = planGrants(snapshot, { scope, now: NOW });
        const after = applyPlanToSnapshot(snapshot, plan.changes);
        for (const { cell } of plan.blocked) {
          const own = aceOf(after, cell.namespace, cell.token, SVC);
          if (own && (own.deny & cell.bit) !== 0) continue; // the identity's own deny: only an admin may remove it
          const tried = simulateWrites(after, [{ namespace: cell.namespace, token: cell.token, descriptor: SVC, allow: cell.bit }], []);
          const report = audit(tried, { now: NOW });
          const project = report.projects.find((p) => p.id === cell.projectId)!;
          const permissions: Record<string, { effective: string }> =
            cell.repositoryId === undefined ? project.permissions : project.repositories.find((r) => r.id === cell.repositoryId)!.permissions;
          expect(permissions[cell.permission].effective).not.toBe("allow");
        }
      }),
      RUNS,
    );
  });

  it("no change is redundant: leaving any one out leaves a fixable permission missing", () => {
    fc.assert(
      fc.property(arbWorld, ({ snapshot, scope }) => {
        const plan = planGrants(snapshot, { scope, now: NOW });
        const expected = blockedCells(plan);
        plan.changes.forEach((_, index) => {
          const without = plan.changes.filter((__, other) => other !== index);
          expect(notAllowed(applyPlanToSnapshot(snapshot, without)).length).toBeGreaterThan(expected.length);
        });
      }),
      { numRuns: 150 },
    );
  });

  it("re-planning after the plan is applied writes nothing and blocks the same cells", () => {
    fc.assert(
      fc.property(arbWorld, ({ snapshot, scope }) => {
        const plan = planGrants(snapshot, { scope, now: NOW });
        const again = planGrants(applyPlanToSnapshot(snapshot, plan.changes), { scope, now: NOW });
        expect(again.changes).toEqual([]);
        expect(blockedCells(again)).toEqual(blockedCells(plan));
      }),
      RUNS,
    );
  });
});

/** The rule as first written: one audit of the whole organization per candidate (quadratic in its size). */
function withoutRedundantByFullAudits(base: OrgSnapshot, memberships: PlannedMembership[]): PlannedMembership[] {
  const auditOf = (state: OrgSnapshot, projectIds?: string[]) => audit(state, { now: NOW, projectIds });
  const allowedIn = (state: OrgSnapshot) => [...reportCells(auditOf(state)).values()].filter(({ result }) => result.effective === "allow").length;
  const allowedWithAll = allowedIn(simulateWrites(base, [], memberships));
  let needed = memberships;
  for (const candidate of [...memberships].reverse()) {
    const others = needed.filter((m) => m !== candidate);
    const state = simulateWrites(base, [], others);
    const own = reportCells(auditOf(state, [candidate.projectId]));
    if (own.get(cellKey({ projectId: candidate.projectId, permission: "GENERIC_READ" }))?.result.effective !== "allow") continue;
    if (allowedIn(state) >= allowedWithAll) needed = others;
  }
  return needed;
}

const planned = (projectId: string, projectName: string, group: GroupInfo): PlannedMembership => ({
  projectId,
  projectName,
  group,
  groupDescriptor: group.descriptor,
  groupSubjectDescriptor: `vssgp.${projectName}-${group.displayName}`,
});
const CANDIDATES = [planned(P1, "Analytics", ANALYTICS.readers), planned(P2, "Finance", FINANCE.readers), planned(P1, "Analytics", G[0]!)];

describe("dropping redundant memberships", () => {
  it("audits only the projects a membership can reach, and keeps exactly what auditing the whole organization keeps", () => {
    fc.assert(
      fc.property(arbWorld, fc.shuffledSubarray(CANDIDATES, { minLength: 1 }), ({ snapshot }, memberships) => {
        const auditOf = (state: OrgSnapshot, projectIds?: string[]) => audit(state, { now: NOW, projectIds });
        expect(withoutRedundantMemberships(snapshot, memberships, auditOf)).toEqual(withoutRedundantByFullAudits(snapshot, memberships));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("a closure with memberships taken away, derived from the closure with all of them", () => {
  it("loses exactly the descriptors a closure computed from scratch does not have", () => {
    fc.assert(
      fc.property(arbWorld, fc.shuffledSubarray(CANDIDATES, { minLength: 1 }), fc.nat(), ({ snapshot }, memberships, pick) => {
        const withAll = simulateWrites(snapshot, [], memberships);
        const all = identityClosure(withAll.identity, withAll.groups);
        const removal = new ClosureRemoval(
          all,
          normalizeDescriptor(snapshot.identity.descriptor),
          withAll.identity.memberOf.map(normalizeDescriptor),
          withAll.groups,
        );
        const leaving = memberships.filter((_, index) => (pick >> index) & 1);
        const kept = memberships.filter((m) => !leaving.includes(m));
        const state = simulateWrites(snapshot, [], kept);
        const fromScratch = new Set(identityClosure(state.identity, state.groups).keys());
        const expected = [...all.keys()].filter((key) => !fromScratch.has(key)).sort();
        // A group the identity is already in directly (or through the base snapshot) is not left by the membership.
        const removed = removal.removedBy(
          new Set(
            leaving
              .map((m) => normalizeDescriptor(m.groupDescriptor))
              .filter((key) => !state.identity.memberOf.some((d) => normalizeDescriptor(d) === key)),
          ),
        );
        expect([...removed].sort()).toEqual(expected);
        const view = removal.without(removed);
        for (const key of all.keys()) expect(view.has(key)).toBe(fromScratch.has(key));
      }),
      { numRuns: 1000 },
    );
  });
});
