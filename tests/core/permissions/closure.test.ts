import { normalizeDescriptor } from "../../../src/core/permissions/descriptors";
import { identityClosure, isCollectionAdmin } from "../../../src/core/permissions/closure";
import {
  P1,
  P2,
  SVC_DESCRIPTOR,
  collectionAdmins,
  collectionValidUsers,
  group,
  identity,
  projectAdministrators,
  projectValidUsers,
} from "../builders";

const key = (descriptor: string) => normalizeDescriptor(descriptor);

describe("identityClosure", () => {
  it("contains the identity itself with an empty via chain", () => {
    const closure = identityClosure(identity(), []);
    expect([...closure.keys()]).toEqual([key(SVC_DESCRIPTOR)]);
    expect(closure.get(key(SVC_DESCRIPTOR))).toMatchObject({ via: [], self: true, name: "dbt Service User" });
  });

  it("follows nested groups transitively and records the chain", () => {
    const readers = group("Readers", { projectId: P1, projectName: "Analytics" });
    const accounts = group("dbt Service Accounts", { memberOf: [readers.descriptor] });
    const closure = identityClosure(identity({ memberOf: [accounts.descriptor] }), [readers, accounts]);
    expect(closure.get(key(accounts.descriptor))?.via).toEqual(["[contoso]\\dbt Service Accounts"]);
    expect(closure.get(key(readers.descriptor))?.via).toEqual(["[contoso]\\dbt Service Accounts", "[Analytics]\\Readers"]);
    expect(closure.get(key(readers.descriptor))?.implicit).toBe(false);
  });

  it("keeps the shortest chain when a group is reachable two ways", () => {
    const target = group("Target");
    const middle = group("Middle", { memberOf: [target.descriptor] });
    const outer = group("Outer", { memberOf: [middle.descriptor] });
    const closure = identityClosure(identity({ memberOf: [outer.descriptor, target.descriptor] }), [outer, middle, target]);
    expect(closure.get(key(target.descriptor))?.via).toEqual(["[contoso]\\Target"]);
  });

  it("survives membership cycles", () => {
    const a = group("A");
    const b = group("B", { memberOf: [a.descriptor] });
    a.memberOf.push(b.descriptor);
    const closure = identityClosure(identity({ memberOf: [a.descriptor] }), [a, b]);
    expect(closure.size).toBe(3);
    expect(closure.get(key(b.descriptor))?.via).toEqual(["[contoso]\\A", "[contoso]\\B"]);
  });

  it("matches memberships case-insensitively and keeps unknown parents under their descriptor", () => {
    const readers = group("Readers", { projectId: P1 });
    const unknown = "Microsoft.TeamFoundation.Identity;S-1-9-999";
    const closure = identityClosure(identity({ memberOf: [readers.descriptor.toUpperCase(), unknown] }), [readers]);
    expect(closure.get(key(readers.descriptor))?.descriptor).toBe(readers.descriptor);
    expect(closure.get(key(unknown))).toMatchObject({ name: unknown, via: [unknown] });
  });

  it("adds Project Collection Valid Users for any member of the organization", () => {
    const pcvu = collectionValidUsers();
    const closure = identityClosure(identity(), [pcvu]);
    expect(closure.get(key(pcvu.descriptor))).toMatchObject({ implicit: true, via: ["[contoso]\\Project Collection Valid Users"] });
  });

  it("adds [Project]\\Project Valid Users only for projects where the identity is in some project group", () => {
    const readers = group("Readers", { projectId: P1, projectName: "Analytics" });
    const accounts = group("dbt Service Accounts", { memberOf: [readers.descriptor] });
    const pvu1 = projectValidUsers(P1, "Analytics");
    const pvu2 = projectValidUsers(P2, "Finance");
    const closure = identityClosure(identity({ memberOf: [accounts.descriptor] }), [readers, accounts, pvu1, pvu2]);
    expect(closure.get(key(pvu1.descriptor))).toMatchObject({
      implicit: true,
      via: ["[contoso]\\dbt Service Accounts", "[Analytics]\\Readers", "[Analytics]\\Project Valid Users"],
    });
    expect(closure.has(key(pvu2.descriptor))).toBe(false);
  });

  it("follows the parents of implicit groups too", () => {
    const pcvu = collectionValidUsers();
    const everyoneCustom = group("Everyone custom");
    pcvu.memberOf = [everyoneCustom.descriptor];
    const closure = identityClosure(identity(), [pcvu, everyoneCustom]);
    expect(closure.get(key(everyoneCustom.descriptor))).toMatchObject({ implicit: true });
  });

  it("reaches Project Valid Users of a project entered only through an implicit group", () => {
    const pcvu = collectionValidUsers();
    const p2Readers = group("Readers", { projectId: P2, projectName: "Finance" });
    pcvu.memberOf = [p2Readers.descriptor];
    const pvu2 = projectValidUsers(P2, "Finance");
    const closure = identityClosure(identity(), [pvu2, pcvu, p2Readers]);
    expect(closure.has(key(pvu2.descriptor))).toBe(true);
  });
});

describe("isCollectionAdmin", () => {
  it("is true only when the closure holds Project Collection Administrators", () => {
    const pca = collectionAdmins();
    const admins = group("dbt admins", { memberOf: [pca.descriptor] });
    expect(isCollectionAdmin(identityClosure(identity({ memberOf: [admins.descriptor] }), [pca, admins]), [pca, admins])).toBe(true);
    expect(isCollectionAdmin(identityClosure(identity(), [pca, admins]), [pca, admins])).toBe(false);
  });

  it("does not take Project Administrators for collection administrators", () => {
    const pa = projectAdministrators(P1);
    expect(isCollectionAdmin(identityClosure(identity({ memberOf: [pa.descriptor] }), [pa]), [pa])).toBe(false);
  });
});
