/** Hosts, resource areas and connectionData: clients must discover the vssps and vsaex hosts. */
import type { RunningEmulator } from "../../emulator";
import { ADMIN, SVC, SVC_AUTH, SVC_SUBJECT, call, startDemo } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.stop());

const GRAPH_AREA = "bb1e7ec9-e901-4b68-999a-de7012b920f8";
const IMS_AREA = "8a3d49b8-91f0-46ef-b33d-dda338c25db3";
const MEM_AREA = "68ddce18-2501-45f1-a17b-7931a9922690";
const CORE_AREA = "79134c72-4a58-4b42-976c-04e7115f32bf";

describe("resource areas", () => {
  test("advertise the three hosts the way the cloud does (case-insensitive route)", async () => {
    const r = await call(emu, "/contoso/_apis/ResourceAreas?api-version=7.1-preview.1");
    expect(r.status).toBe(200);
    const byId = new Map<string, { name: string; locationUrl: string }>(r.json.value.map((a: any) => [a.id, a]));
    expect(r.json.count).toBe(r.json.value.length);
    expect(byId.get(CORE_AREA)).toEqual({ id: CORE_AREA, name: "core", locationUrl: `${emu.baseUrl}/contoso/` });
    expect(byId.get(GRAPH_AREA)?.locationUrl).toBe(`${emu.baseUrl}/vssps/contoso/`);
    expect(byId.get(IMS_AREA)?.locationUrl).toBe(`${emu.baseUrl}/vssps/contoso/`);
    expect(byId.get(MEM_AREA)?.locationUrl).toBe(`${emu.baseUrl}/vsaex/contoso/`);
    // GraphProfile is not Graph (https://learn.microsoft.com/azure/devops/extend/develop/work-with-urls mislabels it).
    expect(byId.get("4e40f190-2e3f-4d9f-8331-c7788e833080")?.name).toBe("GraphProfile");
  });

  test("one area by id, and the org-less form with accountName", async () => {
    const one = await call(emu, `/contoso/_apis/resourceAreas/${GRAPH_AREA.toUpperCase()}`);
    expect(one.json).toEqual({ id: GRAPH_AREA, name: "Graph", locationUrl: `${emu.baseUrl}/vssps/contoso/` });
    const orgLess = await call(emu, `/_apis/resourceAreas/${MEM_AREA}?accountName=contoso`, { auth: null });
    expect(orgLess.status).toBe(200);
    expect(orgLess.json.locationUrl).toBe(`${emu.baseUrl}/vsaex/contoso/`);
    const unknown = await call(emu, "/contoso/_apis/resourceAreas/00000000-1111-2222-3333-444444444444");
    expect(unknown.status).toBe(404);
  });

  test("URLs echo the host the client used", async () => {
    const localhost = emu.baseUrl.replace("127.0.0.1", "localhost");
    const r = await fetch(`${localhost}/contoso/_apis/resourceAreas/${GRAPH_AREA}`, { headers: { Authorization: ADMIN } });
    expect((await r.json()).locationUrl).toBe(`${localhost}/vssps/contoso/`);
  });

  test("a released api-version is refused on this preview resource", async () => {
    const r = await call(emu, "/contoso/_apis/resourceAreas?api-version=7.1");
    expect(r.status).toBe(400);
    expect(r.json.typeKey).toBe("VssInvalidPreviewVersionException");
  });
});

describe("connectionData", () => {
  test("authenticatedUser is the caller, with no api-version needed", async () => {
    const r = await call(emu, "/contoso/_apis/ConnectionData", { auth: SVC_AUTH });
    expect(r.status).toBe(200);
    expect(r.json.authenticatedUser).toMatchObject({
      id: "81fa6389-0872-6fdd-a451-7ba7880f566a",
      descriptor: SVC,
      subjectDescriptor: SVC_SUBJECT,
      providerDisplayName: "dbt Service User",
      isActive: true,
      properties: { Account: { $type: "System.String", $value: "svc-dbt@contoso.com" } },
    });
    expect(r.json.authorizedUser.id).toBe(r.json.authenticatedUser.id);
    expect(r.json.instanceId).toBe("d81542e4-cdfa-4333-b082-1ae2d6c3ad16");
    expect(r.json.deploymentType).toBe("hosted");
    expect(r.json.locationServiceData.defaultAccessMappingMoniker).toBe("PublicAccessMapping");
  });

  test("is served on the vssps host too", async () => {
    const r = await call(emu, "/vssps/contoso/_apis/connectionData?api-version=7.1-preview");
    expect(r.status).toBe(200);
    expect(r.json.authenticatedUser.providerDisplayName).toBe("Contoso Admin");
  });
});

describe("hosts", () => {
  test("an API on the wrong host is a 404", async () => {
    expect((await call(emu, "/vssps/contoso/_apis/projects")).status).toBe(404);
    expect((await call(emu, "/contoso/_apis/graph/groups?api-version=7.1-preview.1")).status).toBe(404);
    expect((await call(emu, "/contoso/_apis/identities?searchFilter=General&filterValue=x")).status).toBe(404);
    expect((await call(emu, "/contoso/_apis/userentitlements")).status).toBe(404);
    expect((await call(emu, "/vsaex/contoso/_apis/identities?searchFilter=General&filterValue=x")).status).toBe(404);
    const right = await call(emu, "/vsaex/contoso/_apis/userentitlements?api-version=7.1");
    expect(right.status).toBe(200);
  });

  test("an unknown organization is a 404 with a VSS body", async () => {
    const r = await call(emu, "/fabrikam/_apis/projects");
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ $id: "1", innerException: null, errorCode: 0, eventId: 3000 });
  });

  test("a known path with an unsupported method is a 405, not a 404", async () => {
    const r = await call(emu, "/contoso/_apis/projects?api-version=7.1", { method: "DELETE" });
    expect(r.status).toBe(405);
  });
});
