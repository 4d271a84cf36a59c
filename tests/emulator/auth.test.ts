/** Credentials: Basic PAT, Bearer, the 401/203 split, and per-token refused areas (403). */
import type { RunningEmulator } from "../../emulator";
import { ENGINEER, basic, call, startDemo } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.stop());

const whoAmI = async (auth: string | null) => call(emu, "/contoso/_apis/connectionData", { auth });

test("a PAT works as the password of Basic auth whatever the user part", async () => {
  for (const user of ["", "PAT", "anything@contoso.com"]) {
    const r = await whoAmI(`Basic ${Buffer.from(`${user}:demo-svc-pat`).toString("base64")}`);
    expect(r.status).toBe(200);
    expect(r.json.authenticatedUser.providerDisplayName).toBe("dbt Service User");
  }
});

test("a bearer token works with the Bearer scheme only", async () => {
  expect((await whoAmI("Bearer demo-admin-bearer")).json.authenticatedUser.providerDisplayName).toBe("Contoso Admin");
  expect((await whoAmI(basic("demo-admin-bearer"))).status).toBe(203);
  expect((await whoAmI("Bearer demo-admin-pat")).status).toBe(203);
});

test("no Authorization header is a 401 TF400813 JSON body", async () => {
  const r = await whoAmI(null);
  expect(r.status).toBe(401);
  expect(r.json).toEqual({
    $id: "1",
    innerException: null,
    message: "TF400813: The user '' is not authorized to access this resource.",
    typeName: "Microsoft.TeamFoundation.Framework.Server.UnauthorizedRequestException, Microsoft.TeamFoundation.Framework.Server",
    typeKey: "UnauthorizedRequestException",
    errorCode: 0,
    eventId: 3000,
  });
  expect(r.headers.get("www-authenticate")).toContain("Bearer");
});

test.each([
  ["an unknown PAT", basic("not-a-token")],
  ["an expired PAT", basic("demo-expired-pat")],
  ["an unknown bearer token", "Bearer eyJhbGciOi.nope"],
])("%s gets 203 with an HTML sign-in page, not JSON", async (_name, auth) => {
  const r = await whoAmI(auth);
  expect(r.status).toBe(203);
  expect(r.headers.get("content-type")).toMatch(/^text\/html/);
  expect(r.text).toContain("<html");
  expect(() => JSON.parse(r.text)).toThrow();
});

test("a token refused an area gets 403 AccessCheckException there and works elsewhere", async () => {
  const graph = await call(emu, "/vssps/contoso/_apis/graph/groups?api-version=7.1-preview.1", { auth: ENGINEER });
  expect(graph.status).toBe(403);
  expect(graph.json.typeKey).toBe("AccessCheckException");
  expect(graph.json.message).toMatch(/^VS403\d+: Access denied/);
  const entitlements = await call(emu, "/vsaex/contoso/_apis/userentitlements?api-version=7.1", { auth: ENGINEER });
  expect(entitlements.status).toBe(403);
  const identities = await call(emu, "/vssps/contoso/_apis/identities?searchFilter=General&filterValue=x", { auth: ENGINEER });
  expect(identities.status).toBe(403);
  expect((await call(emu, "/contoso/_apis/projects", { auth: ENGINEER })).status).toBe(200);
});
