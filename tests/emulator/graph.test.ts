/** Graph on the vssps host: lists paged by header, memberships, subject query, descriptor mapping (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships). */
import { generateOrg, startEmulator, type RunningEmulator } from "../../emulator";
import { ANALYTICS, SVC_AUTH, SVC_SUBJECT, call, demoSeed, type Reply } from "./support";

const V = "api-version=7.1-preview.1";
let emu: RunningEmulator;
const big = generateOrg({ name: "many", projects: 200, reposPerProject: 0 });

beforeEach(async () => {
  emu = await startEmulator({ seeds: [demoSeed(), big] });
});
afterEach(() => emu.stop());

const graph = (path: string, init: Parameters<typeof call>[2] = {}) => call(emu, `/vssps/contoso/_apis/graph/${path}`, init);
const groupBy = async (principalName: string) => (await graph(`groups?${V}`)).json.value.find((g: any) => g.principalName === principalName);

describe("lists", () => {
  test("groups: every organization and project group, in the GraphGroup shape", async () => {
    const r = await graph(`groups?${V}`);
    // 2 organization groups, 3 Entra groups, 6 per project.
    expect(r.json.count).toBe(2 + 3 + 5 * 6);
    const readers = r.json.value.find((g: any) => g.principalName === "[Analytics]\\Readers");
    expect(readers).toMatchObject({
      subjectKind: "group",
      domain: `vstfs:///Classification/TeamProject/${ANALYTICS}`,
      origin: "vsts",
      displayName: "Readers",
      url: `${emu.baseUrl}/vssps/contoso/_apis/Graph/Groups/${readers.descriptor}`,
    });
    expect(readers.descriptor).toMatch(/^vssgp\./);
    const entra = r.json.value.find((g: any) => g.displayName === "Finance Restricted Access");
    expect(entra).toMatchObject({ origin: "aad", principalName: "[TEAM FOUNDATION]\\Finance Restricted Access" });
    expect(entra.descriptor).toMatch(/^aadgp\./);
  });

  test("groups page through X-MS-ContinuationToken (about 500 per page)", async () => {
    const seen = new Set<string>();
    let token: string | null = null;
    let pages = 0;
    do {
      const r: Reply = await call(emu, `/vssps/many/_apis/graph/groups?${V}${token ? `&continuationToken=${encodeURIComponent(token)}` : ""}`);
      for (const g of r.json.value) seen.add(g.descriptor);
      token = r.headers.get("x-ms-continuationtoken");
      if (token) expect(r.json.count).toBe(500);
      pages++;
    } while (token);
    expect(seen.size).toBe(2 + 2 + 200 * 6);
    expect(pages).toBe(3);
  });

  test("a continuation token that was not issued is a 400", async () => {
    expect((await graph(`groups?${V}&continuationToken=bogus`)).status).toBe(400);
  });

  test("scopeDescriptor (from descriptors/{projectId}) narrows groups to one project", async () => {
    const scope = await call(emu, `/vssps/contoso/_apis/graph/descriptors/${ANALYTICS}?api-version=7.1`);
    expect(scope.json.value).toBe(`scp.${Buffer.from(ANALYTICS).toString("base64url")}`);
    const r = await graph(`groups?${V}&scopeDescriptor=${scope.json.value}`);
    expect(r.json.value.map((g: any) => g.displayName).sort()).toEqual([
      "Analytics Team",
      "Build Administrators",
      "Contributors",
      "Project Administrators",
      "Project Valid Users",
      "Readers",
    ]);
  });

  test("users and service principals", async () => {
    const users = await graph(`users?${V}&subjectTypes=aad`);
    expect(users.json.value.map((u: any) => u.principalName)).toContain("svc-dbt@contoso.com");
    const svc = users.json.value.find((u: any) => u.principalName === "svc-dbt@contoso.com");
    expect(svc).toMatchObject({
      subjectKind: "user",
      metaType: "member",
      domain: "72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60",
      mailAddress: "svc-dbt@contoso.com",
      origin: "aad",
      originId: "55c8c7b6-7ace-43bc-918f-304dfa2b6317",
      displayName: "dbt Service User",
      directoryAlias: "svc-dbt",
      descriptor: SVC_SUBJECT,
    });
    expect(users.json.value.every((u: any) => u.descriptor.startsWith("aad."))).toBe(true);
    const sps = await graph(`serviceprincipals?${V}`);
    expect(sps.json.value).toHaveLength(1);
    expect(sps.json.value[0]).toMatchObject({ subjectKind: "servicePrincipal", applicationId: "7c8d9e0f-1a2b-4c3d-8e4f-6a7b8c9d0e1f" });
    expect((await graph(`users/${SVC_SUBJECT}?${V}`)).json.displayName).toBe("dbt Service User");
  });
});

describe("memberships", () => {
  test("PUT adds (201), HEAD sees it, DELETE removes, and effective permissions follow", async () => {
    const hrReaders = await groupBy("[HR]\\Readers");
    const path = `memberships/${SVC_SUBJECT}/${hrReaders.descriptor}?${V}`;
    expect((await graph(path, { method: "HEAD" })).status).toBe(404);
    expect((await call(emu, "/contoso/_apis/projects/HR", { auth: SVC_AUTH })).status).toBe(404);

    const put = await graph(path, { method: "PUT" });
    expect(put.status).toBe(201);
    expect(put.json).toMatchObject({ containerDescriptor: hrReaders.descriptor, memberDescriptor: SVC_SUBJECT });
    expect(put.json._links.self.href).toContain(`/vssps/contoso/_apis/Graph/Memberships/${SVC_SUBJECT}/`);
    const head = await graph(path, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
    // Now a Reader of HR (through Project Valid Users), the service user can see the project.
    expect((await call(emu, "/contoso/_apis/projects/HR", { auth: SVC_AUTH })).status).toBe(200);

    expect((await graph(path, { method: "DELETE" })).status).toBe(200);
    expect((await graph(path, { method: "HEAD" })).status).toBe(404);
    expect((await graph(path, { method: "DELETE" })).status).toBe(404);
  });

  test("only administrators of the group's scope may change it", async () => {
    const hrReaders = await groupBy("[HR]\\Readers");
    const r = await graph(`memberships/${SVC_SUBJECT}/${hrReaders.descriptor}?${V}`, { method: "PUT", auth: SVC_AUTH });
    expect(r.status).toBe(403);
    expect(r.json.typeKey).toBe("AccessCheckException");
  });

  test("direction=up lists direct containers, direction=down direct members", async () => {
    const up = await graph(`Memberships/${SVC_SUBJECT}?direction=up&${V}`);
    expect(up.json.count).toBe(3);
    expect(up.json.value.every((m: any) => m.memberDescriptor === SVC_SUBJECT)).toBe(true);
    const integration = await groupBy("[TEAM FOUNDATION]\\dbt Integration Accounts");
    const down = await graph(`Memberships/${integration.descriptor}?direction=down&${V}`);
    expect(down.json.value.map((m: any) => m.containerDescriptor)).toEqual([integration.descriptor, integration.descriptor, integration.descriptor]);
    expect(down.json.value.map((m: any) => m.memberDescriptor)).toContain(SVC_SUBJECT);
  });

  test("unknown subjects are 404s", async () => {
    expect((await graph(`Memberships/aad.bm9ib2R5?${V}`)).status).toBe(404);
  });
});

describe("queries and mappings", () => {
  test("subjectquery is a prefix match on names and mail, filtered by kind", async () => {
    const r = await graph(`subjectquery?${V}`, { method: "POST", body: { query: "svc-dbt", subjectKind: ["User"] } });
    expect(r.json.value.map((s: any) => s.principalName).sort()).toEqual(["svc-dbt-stakeholder@contoso.com", "svc-dbt@contoso.com"]);
    const groups = await graph(`subjectquery?${V}`, { method: "POST", body: { query: "Finance", subjectKind: ["Group"] } });
    expect(groups.json.value.map((s: any) => s.displayName).sort()).toEqual(["Finance Restricted Access", "Finance Team"]);
  });

  test("subjectlookup answers with an object keyed by descriptor", async () => {
    const r = await graph(`subjectlookup?${V}`, { method: "POST", body: { lookupKeys: [{ descriptor: SVC_SUBJECT }] } });
    expect(r.json.count).toBe(1);
    expect(r.json.value[SVC_SUBJECT].principalName).toBe("svc-dbt@contoso.com");
  });

  test("descriptors/{storageKey} and storagekeys/{descriptor} map both ways", async () => {
    const d = await call(emu, "/vssps/contoso/_apis/graph/descriptors/81fa6389-0872-6fdd-a451-7ba7880f566a?api-version=7.1");
    expect(d.json.value).toBe(SVC_SUBJECT);
    const k = await call(emu, `/vssps/contoso/_apis/graph/storagekeys/${SVC_SUBJECT}?api-version=7.1`);
    expect(k.json.value).toBe("81fa6389-0872-6fdd-a451-7ba7880f566a");
    expect((await call(emu, "/vssps/contoso/_apis/graph/descriptors/00000000-0000-0000-0000-000000000000")).status).toBe(404);
  });
});
