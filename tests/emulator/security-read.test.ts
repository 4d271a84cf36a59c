/** Security reads: namespaces and the exact query semantics of accesscontrollists (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference, https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query, https://learn.microsoft.com/rest/api/azure/devops/security/permissions/has-permissions-batch). */
import type { RunningEmulator } from "../../emulator";
import { ADMIN, NS, SVC, SVC_AUTH, call, demoIds, demoSeed, q, startDemo } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.stop());

const ids = demoIds();
const PCA = "Microsoft.TeamFoundation.Identity;S-1-9-1551374245-1204400969-2402986413-2179408616-3776254853-0-0-0-0-1";
const acls = (query: string, auth = ADMIN) => call(emu, `/contoso/_apis/accesscontrollists/${NS.git}?api-version=7.1${query}`, { auth });

describe("security namespaces", () => {
  test("one namespace still comes back as a list, with the values of the reference example", async () => {
    const r = await call(emu, `/contoso/_apis/securitynamespaces/${NS.hooks}?api-version=7.1`);
    expect(r.json).toEqual({
      count: 1,
      value: [
        {
          namespaceId: NS.hooks,
          name: "ServiceHooks",
          displayName: "ServiceHooks",
          separatorValue: "/",
          elementLength: -1,
          writePermission: 7,
          readPermission: 1,
          dataspaceCategory: "Default",
          actions: [
            { bit: 1, name: "ViewSubscriptions", displayName: "View Subscriptions", namespaceId: NS.hooks },
            { bit: 2, name: "EditSubscriptions", displayName: "Edit Subscription", namespaceId: NS.hooks },
            { bit: 4, name: "DeleteSubscriptions", displayName: "Delete Subscriptions", namespaceId: NS.hooks },
            { bit: 8, name: "PublishEvents", displayName: "Publish Events", namespaceId: NS.hooks },
          ],
          structureValue: 1,
          extensionType: null,
          isRemotable: true,
          useTokenTranslator: true,
          systemBitMask: 0,
        },
      ],
    });
  });

  test("all three namespaces with their real actions", async () => {
    const r = await call(emu, "/contoso/_apis/securitynamespaces");
    expect(r.json.value.map((n: any) => n.name).sort()).toEqual(["Git Repositories", "Project", "ServiceHooks"]);
    const git = r.json.value.find((n: any) => n.namespaceId === NS.git);
    expect(git).toMatchObject({ readPermission: 2, writePermission: 8192, dataspaceCategory: "Git", separatorValue: "/" });
    expect(git.actions.find((a: any) => a.bit === 16384)).toMatchObject({
      name: "PullRequestContribute",
      displayName: "Contribute to pull requests",
    });
    expect(git.actions.find((a: any) => a.bit === 4).name).toBe("GenericContribute");
    const project = r.json.value.find((n: any) => n.namespaceId === NS.project);
    expect(project.actions[0]).toMatchObject({ bit: 1, name: "GENERIC_READ", displayName: "View project-level information" });
  });
});

describe("accesscontrollists query", () => {
  test("no parameters: every ACL of the namespace", async () => {
    const expected = demoSeed().acls.filter((a) => a.namespace === "Git Repositories").length;
    const r = await acls("");
    expect(r.json.count).toBe(expected);
    expect(r.json.value.map((a: any) => a.token)).toContain("repoV2");
  });

  test("the Project namespace's unfiltered listing still has the ACLs of deleted projects, as the live service's does", async () => {
    const r = await call(emu, `/contoso/_apis/accesscontrollists/${NS.project}`);
    const tokens: string[] = r.json.value.map((a: any) => a.token);
    for (const id of demoSeed().deletedProjectIds ?? []) expect(tokens).toContain(`$PROJECT:vstfs:///Classification/TeamProject/${id}`);
    expect(demoSeed().deletedProjectIds?.length).toBeGreaterThan(0);
  });

  test("a token: exactly its own ACL, tokens compared case-insensitively and without a trailing separator", async () => {
    const token = ids.gitToken("Analytics");
    const exact = await acls(`&token=${token}`);
    expect(exact.json.count).toBe(1);
    expect(exact.json.value[0]).toMatchObject({ token, inheritPermissions: true, includeExtendedInfo: false });
    expect(Object.values(exact.json.value[0].acesDictionary).every((ace: any) => !("extendedInfo" in ace))).toBe(true);
    const shouted = await acls(`&token=${token.toUpperCase()}/`);
    expect(shouted.json.value[0].token).toBe(token);
  });

  test("a token without an ACL of its own gives an empty list", async () => {
    const r = await acls(`&token=${ids.gitToken("Analytics")}/00000000-0000-0000-0000-000000000001`);
    expect(r.json).toEqual({ count: 0, value: [] });
  });

  test("recurse adds descendants, never ancestors", async () => {
    const token = ids.gitToken("Analytics");
    const r = await acls(`&token=${token}&recurse=true`);
    const tokens = r.json.value.map((a: any) => a.token).sort();
    expect(tokens).toEqual(
      [
        token,
        ids.gitToken("Analytics", "dbt-models"),
        ids.gitToken("Analytics", "analytics-sandbox"),
        ids.gitToken("Analytics", "ml-experiments"),
      ].sort(),
    );
    expect(tokens).not.toContain("repoV2");
  });

  test("descriptors filter every ACL to those descriptors, with synthetic zero entries", async () => {
    const r = await acls(`&token=${ids.gitToken("Analytics")}&recurse=true&descriptors=${q(SVC)},${q(PCA)}`);
    expect(r.json.count).toBe(4);
    for (const acl of r.json.value) {
      expect(Object.keys(acl.acesDictionary).sort()).toEqual([PCA, SVC].sort());
      expect(acl.acesDictionary[SVC]).toEqual({ descriptor: SVC, allow: 0, deny: 0 });
    }
    const ml = r.json.value.find((a: any) => a.token === ids.gitToken("Analytics", "ml-experiments"));
    expect(ml.inheritPermissions).toBe(false);
    expect(ml.acesDictionary[PCA].allow).toBeGreaterThan(0);
  });

  test("extendedInfo: group-derived inherited allow, zero fields omitted", async () => {
    const r = await acls(`&token=${ids.gitToken("Analytics", "dbt-models")}&descriptors=${q(SVC)}&includeExtendedInfo=true`);
    expect(r.json.value[0].includeExtendedInfo).toBe(true);
    // Contributors on repoV2/{Analytics}: Read, Contribute, CreateBranch, CreateTag, ManageNote, PR contribute.
    expect(r.json.value[0].acesDictionary[SVC]).toEqual({
      descriptor: SVC,
      allow: 0,
      deny: 0,
      extendedInfo: { inheritedAllow: 16502, effectiveAllow: 16502 },
    });
  });

  test("extendedInfo: an inherited group deny beats the same level's group allow", async () => {
    const r = await acls(`&token=${ids.gitToken("Finance", "finance-reports")}&descriptors=${q(SVC)}&includeExtendedInfo=true`);
    expect(r.json.value[0].acesDictionary[SVC].extendedInfo).toEqual({
      inheritedAllow: 16498,
      inheritedDeny: 4,
      effectiveAllow: 16498,
      effectiveDeny: 4,
    });
  });

  test("extendedInfo: an explicit allow on the repository beats the inherited deny", async () => {
    const r = await acls(`&token=${ids.gitToken("Finance", "finance-dbt")}&descriptors=${q(SVC)}&includeExtendedInfo=true`);
    expect(r.json.value[0].acesDictionary[SVC]).toEqual({
      descriptor: SVC,
      allow: 4,
      deny: 0,
      // Bit 4 is decided on the repository, so it is not "inherited".
      extendedInfo: { inheritedAllow: 16498, effectiveAllow: 16502 },
    });
  });

  test("extendedInfo: inheritance switched off leaves nothing", async () => {
    const r = await acls(`&token=${ids.gitToken("Analytics", "ml-experiments")}&descriptors=${q(SVC)}&includeExtendedInfo=true`);
    expect(r.json.value[0].acesDictionary[SVC].extendedInfo).toEqual({});
  });

  test("without descriptors every stored ACE gets its own extendedInfo", async () => {
    const r = await acls(`&token=repoV2&includeExtendedInfo=true`);
    expect(r.json.value[0].acesDictionary[PCA].extendedInfo.effectiveAllow).toBe(r.json.value[0].acesDictionary[PCA].allow);
  });
});

describe("caller permission checks", () => {
  const reports = ids.gitToken("Finance", "finance-reports");
  const dbt = ids.gitToken("Finance", "finance-dbt");

  test("permissions/{ns}/{bits}?tokens= answers one bool per token for the caller", async () => {
    const svc = await call(emu, `/contoso/_apis/permissions/${NS.git}/4?tokens=${reports},${dbt}&api-version=7.1`, { auth: SVC_AUTH });
    expect(svc.json).toEqual({ count: 2, value: [false, true] });
    const admin = await call(emu, `/contoso/_apis/permissions/${NS.git}/4?tokens=${reports};${dbt}&delimiter=;`);
    expect(admin.json.value).toEqual([true, true]);
  });

  test("all requested bits must be allowed", async () => {
    const r = await call(emu, `/contoso/_apis/permissions/${NS.git}/${2 | 4}?tokens=${ids.gitToken("Marketing", "web-tracking")}`, {
      auth: SVC_AUTH,
    });
    expect(r.json.value).toEqual([false]);
    const read = await call(emu, `/contoso/_apis/permissions/${NS.git}/2?tokens=${ids.gitToken("Marketing", "web-tracking")}`, { auth: SVC_AUTH });
    expect(read.json.value).toEqual([true]);
  });

  test("alwaysAllowAdministrators lets a collection administrator through where no ACE allows", async () => {
    const token = "$PROJECT:vstfs:///Classification/TeamProject/00000000-0000-0000-0000-00000000abcd";
    const plain = await call(emu, `/contoso/_apis/permissions/${NS.project}/1?tokens=${q(token)}`);
    expect(plain.json.value).toEqual([false]);
    const admins = await call(emu, `/contoso/_apis/permissions/${NS.project}/1?tokens=${q(token)}&alwaysAllowAdministrators=true`);
    expect(admins.json.value).toEqual([true]);
    const notAdmin = await call(emu, `/contoso/_apis/permissions/${NS.project}/1?tokens=${q(token)}&alwaysAllowAdministrators=true`, {
      auth: SVC_AUTH,
    });
    expect(notAdmin.json.value).toEqual([false]);
  });

  test("permissionevaluationbatch evaluates each entry for the caller", async () => {
    const r = await call(emu, "/contoso/_apis/security/permissionevaluationbatch?api-version=7.1", {
      method: "POST",
      auth: SVC_AUTH,
      body: {
        alwaysAllowAdministrators: false,
        evaluations: [
          { securityNamespaceId: NS.hooks, token: `PublisherSecurity/${ids.project("Marketing")}`, permissions: 2 },
          { securityNamespaceId: NS.hooks, token: `PublisherSecurity/${ids.project("Analytics")}`, permissions: 2 },
          { securityNamespaceId: NS.project, token: `$PROJECT:vstfs:///Classification/TeamProject/${ids.project("HR")}`, permissions: 1 },
        ],
      },
    });
    expect(r.json.evaluations.map((e: any) => e.value)).toEqual([false, true, false]);
    expect(r.json.evaluations[1]).toEqual({
      securityNamespaceId: NS.hooks,
      token: `PublisherSecurity/${ids.project("Analytics")}`,
      permissions: 2,
      value: true,
    });
  });
});
