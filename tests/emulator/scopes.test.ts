/** OAuth scopes: each route accepts the scopes its REST reference lists; a token without them gets 401, a full PAT everything. */
import type { RunningEmulator } from "../../emulator";
import { expandScopes } from "../../emulator/http/scopes";
import { ADMIN, NS, SVC, call, demoSeed, q } from "./support";
import { startEmulator } from "../../emulator";

let emu: RunningEmulator;
beforeAll(async () => {
  const seed = demoSeed();
  seed.tokens.push(
    { token: "code-only", identity: "admin@contoso.com", kind: "bearer", scopes: ["vso.code"] },
    { token: "graph-read", identity: "admin@contoso.com", kind: "bearer", scopes: ["vso.graph", "vso.project"] },
  );
  emu = await startEmulator({ seeds: [seed] });
});
afterAll(() => emu.stop());

const CODE_ONLY = "Bearer code-only";
const GRAPH_READ = "Bearer graph-read";

test("a route outside the token's scopes answers 401 TF400813 like a missing token", async () => {
  const r = await call(emu, "/contoso/_apis/projects", { auth: CODE_ONLY });
  expect(r.status).toBe(401);
  expect(r.json).toMatchObject({ typeKey: "UnauthorizedRequestException", message: expect.stringMatching(/^TF400813:/) });
  expect((await call(emu, "/vssps/contoso/_apis/identities?searchFilter=General&filterValue=x", { auth: CODE_ONLY })).status).toBe(401);
});

test("routes inside the token's scopes answer, and so do the vso.base reads every token may make", async () => {
  expect((await call(emu, "/contoso/_apis/git/repositories", { auth: CODE_ONLY })).status).toBe(200);
  expect((await call(emu, `/contoso/_apis/accesscontrollists/${NS.hooks}?token=PublisherSecurity`, { auth: CODE_ONLY })).status).toBe(200);
  expect((await call(emu, "/contoso/_apis/connectionData", { auth: CODE_ONLY })).status).toBe(200);
  // vso.code includes vso.hooks_write: service hook subscriptions are read with it.
  expect((await call(emu, "/contoso/_apis/hooks/subscriptions", { auth: CODE_ONLY })).status).toBe(200);
});

test("reading is not writing: vso.graph reads memberships but may not add one; ACE writes need vso.security_manage", async () => {
  const svcSubject = "aad.MDA0NzBlMzQtZGE2MS03YTY5LWJkOTYtNDg3YTg0OWVjNTU4";
  expect((await call(emu, `/vssps/contoso/_apis/graph/memberships/${svcSubject}?direction=up`, { auth: GRAPH_READ })).status).toBe(200);
  const groups = await call(emu, "/vssps/contoso/_apis/graph/groups", { auth: GRAPH_READ });
  const put = await call(emu, `/vssps/contoso/_apis/graph/memberships/${svcSubject}/${groups.json.value[0].descriptor}`, {
    method: "PUT",
    auth: GRAPH_READ,
  });
  expect(put.status).toBe(401);
  const ace = await call(emu, `/contoso/_apis/accesscontrolentries/${NS.hooks}`, {
    method: "POST",
    auth: GRAPH_READ,
    body: { token: "PublisherSecurity", merge: true, accessControlEntries: [{ descriptor: SVC, allow: 1, deny: 0 }] },
  });
  expect(ace.status).toBe(401);
});

test("a PAT without scopes (full access) keeps working everywhere", async () => {
  expect((await call(emu, "/contoso/_apis/projects", { auth: ADMIN })).status).toBe(200);
  expect(
    (await call(emu, `/vssps/contoso/_apis/identities?searchFilter=General&filterValue=${q("svc-dbt@contoso.com")}`, { auth: ADMIN })).status,
  ).toBe(200);
});

test("broader scopes include narrower ones of their family", () => {
  expect([...expandScopes(["vso.graph_manage"])].sort()).toEqual(["vso.graph", "vso.graph_manage"]);
  expect(expandScopes(["vso.code_write"]).has("vso.hooks")).toBe(true);
  expect(expandScopes(["vso.security_manage"]).has("vso.graph")).toBe(false);
});
