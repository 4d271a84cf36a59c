/** Identities (IMS) on the vssps host: selectors, searches that return every match, queryMembership (https://learn.microsoft.com/rest/api/azure/devops/ims/identities/read-identities). */
import type { RunningEmulator } from "../../emulator";
import { SVC, SVC_SUBJECT, call, q, startDemo } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.stop());

const identities = (query: string) => call(emu, `/vssps/contoso/_apis/identities?api-version=7.1&${query}`);

test("a search by UPN returns the identity in the reference example's shape", async () => {
  const r = await identities("searchFilter=General&filterValue=SVC-DBT@contoso.com&queryMembership=None");
  expect(r.json.count).toBe(1);
  expect(r.json.value[0]).toMatchObject({
    id: "81fa6389-0872-6fdd-a451-7ba7880f566a",
    descriptor: SVC,
    subjectDescriptor: SVC_SUBJECT,
    providerDisplayName: "dbt Service User",
    isActive: true,
    members: [],
    memberOf: [],
    memberIds: [],
    properties: {
      SchemaClassName: { $type: "System.String", $value: "User" },
      Domain: { $type: "System.String", $value: "72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60" },
      Account: { $type: "System.String", $value: "svc-dbt@contoso.com" },
      Mail: { $type: "System.String", $value: "svc-dbt@contoso.com" },
      "http://schemas.microsoft.com/identity/claims/objectidentifier": { $type: "System.String", $value: "55c8c7b6-7ace-43bc-918f-304dfa2b6317" },
    },
    resourceVersion: 2,
    metaTypeId: 0,
  });
  expect("isContainer" in r.json.value[0]).toBe(false);
});

test("a display name shared by two users returns both, so callers can detect ambiguity", async () => {
  const r = await identities("searchFilter=General&filterValue=data%20engineer");
  expect(r.json.value.map((i: any) => i.properties.Account.$value).sort()).toEqual(["dana.lee@contoso.com", "sam.ortiz@contoso.com"]);
  const byDisplayName = await identities("searchFilter=DisplayName&filterValue=Data%20Engineer");
  expect(byDisplayName.json.count).toBe(2);
  expect((await identities("searchFilter=MailAddress&filterValue=sam.ortiz@contoso.com")).json.count).toBe(1);
  expect((await identities("searchFilter=AccountName&filterValue=dana.lee@contoso.com")).json.count).toBe(1);
  expect((await identities("searchFilter=General&filterValue=nobody@contoso.com")).json).toEqual({ count: 0, value: [] });
});

test("General also matches the start of a display name, so one result is not proof of an exact match", async () => {
  const r = await identities("searchFilter=General&filterValue=dbt%20Serv");
  expect(r.json.value.map((i: any) => i.properties.Account.$value)).toEqual(["svc-dbt@contoso.com"]);
  expect((await identities("searchFilter=General&filterValue=svc-dbt")).json.count).toBe(0);
});

test("a project group found by its [project]\\name is a container with group properties", async () => {
  const r = await identities(`searchFilter=General&filterValue=${q("[Analytics]\\Readers")}&queryMembership=Direct`);
  expect(r.json.count).toBe(1);
  const readers = r.json.value[0];
  expect(readers).toMatchObject({ providerDisplayName: "[Analytics]\\Readers", isContainer: true, metaTypeId: 255 });
  expect(readers.descriptor).toMatch(/^Microsoft\.TeamFoundation\.Identity;S-1-9-1551374245-\d+-\d+-\d+-\d+-1-\d+-\d+-\d+-\d+$/);
  expect(readers.subjectDescriptor).toBe(`vssgp.${Buffer.from(readers.descriptor.split(";")[1]).toString("base64url")}`);
  expect(readers.properties.SchemaClassName.$value).toBe("Group");
  expect(readers.properties.ScopeName.$value).toBe("Analytics");
  expect(readers.properties.Account.$value).toBe("Readers");
  expect(readers.members).toHaveLength(1);
  expect(readers.memberIds).toHaveLength(1);
});

test("queryMembership: Direct gives direct parents, ExpandedUp the transitive closure with Valid Users", async () => {
  const direct = (await identities(`descriptors=${q(SVC)}&queryMembership=Direct`)).json.value[0].memberOf as string[];
  const expanded = (await identities(`descriptors=${q(SVC)}&queryMembership=ExpandedUp`)).json.value[0].memberOf as string[];
  const name = async (d: string) => (await identities(`descriptors=${q(d)}`)).json.value[0].providerDisplayName;
  const directNames = await Promise.all(direct.map(name));
  const expandedNames = await Promise.all(expanded.map(name));
  expect(directNames.sort()).toEqual(["[Marketing]\\Readers", "[Platform]\\Contributors", "[TEAM FOUNDATION]\\dbt Integration Accounts"]);
  expect(expandedNames).toEqual(
    expect.arrayContaining([
      "[TEAM FOUNDATION]\\Finance Restricted Access", // nested: dbt Integration Accounts is a member
      "[Analytics]\\Contributors",
      "[Finance]\\Contributors",
      "[Finance]\\Project Valid Users",
      "[contoso]\\Project Collection Valid Users",
    ]),
  );
  expect(expandedNames).not.toContain("[HR]\\Project Valid Users");
  expect(expanded.every((d) => d.startsWith("Microsoft.TeamFoundation.Identity;"))).toBe(true);
});

test("subjectDescriptors and identityIds select in request order, with null for unknown inputs", async () => {
  const r = await identities(`subjectDescriptors=${SVC_SUBJECT},aad.bm9wZQ`);
  expect(r.json.value[0].descriptor).toBe(SVC);
  expect(r.json.value[1]).toBeNull();
  const byId = await identities("identityIds=81fa6389-0872-6fdd-a451-7ba7880f566a");
  expect(byId.json.value[0].subjectDescriptor).toBe(SVC_SUBJECT);
});

test("the Entra service principal has its own descriptor type", async () => {
  const r = await identities("searchFilter=General&filterValue=dbt%20Labs%20Azure%20DevOps%20app");
  expect(r.json.value[0].descriptor).toMatch(
    /^Microsoft\.VisualStudio\.Services\.Claims\.AadServicePrincipal;72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60\\/,
  );
  expect(r.json.value[0].subjectDescriptor).toMatch(/^aadsp\./);
});

test("bad selectors are 400s", async () => {
  expect((await identities("")).status).toBe(400);
  expect((await identities(`descriptors=${q(SVC)}&identityIds=81fa6389-0872-6fdd-a451-7ba7880f566a`)).status).toBe(400);
  expect((await identities("searchFilter=Telepathy&filterValue=x")).status).toBe(400);
  expect((await identities(`descriptors=${q(SVC)}&queryMembership=Sideways`)).status).toBe(400);
});

describe("Read Identity Batch (POST _apis/identitybatch)", () => {
  const batch = (body: unknown, version = "7.1-preview.1") =>
    call(emu, `/vssps/contoso/_apis/identitybatch?api-version=${version}`, { method: "POST", body });
  const asObject = (descriptor: string) => ({ identityType: descriptor.split(";")[0], identifier: descriptor.slice(descriptor.indexOf(";") + 1) });

  test("answers as the GET with descriptors= does, in request order, null for an unknown descriptor", async () => {
    const user = (await identities(`descriptors=${q(SVC)}&queryMembership=Direct`)).json.value[0];
    const group = user.memberOf[0] as string;
    const get = await identities(`descriptors=${q(SVC)},${q(group)}&queryMembership=Direct`);
    const post = await batch({
      descriptors: [asObject(SVC), asObject("Microsoft.TeamFoundation.Identity;S-1-9-1-2-3"), asObject(group)],
      queryMembership: "Direct",
    });
    expect(post.status).toBe(200);
    expect(post.json.count).toBe(3);
    expect(post.json.value[0]).toEqual(get.json.value[0]);
    expect(post.json.value[1]).toBeNull();
    expect(post.json.value[2]).toEqual(get.json.value[1]);
  });

  test("queryMembership defaults to None, and the route is preview-only", async () => {
    const none = await batch({ descriptors: [asObject(SVC)] });
    expect(none.json.value[0].memberOf).toEqual([]);
    expect((await batch({ descriptors: [asObject(SVC)] }, "7.1")).status).toBe(400);
    expect((await batch({})).status).toBe(400);
  });
});
