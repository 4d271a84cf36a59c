/** Wire rules shared by every endpoint: list wrapping, api-version, Content-Type, error bodies, CORS, casing. */
import type { RunningEmulator } from "../../emulator";
import { ADMIN, ANALYTICS, NS, SVC, TENANT, call, q, startDemo } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.stop());

const EXTENSION_ACCEPT = (version: string) =>
  `application/json;api-version=${version};excludeUrls=true;enumsAsNumbers=true;msDateFormat=true;noArrayWrap=true`;

describe("lists", () => {
  test("come back as {count, value}", async () => {
    const r = await call(emu, "/contoso/_apis/projects?api-version=7.1");
    expect(Object.keys(r.json).sort()).toEqual(["count", "value"]);
    expect(r.json.count).toBe(5);
  });

  test("come back as a bare array when Accept says noArrayWrap=true", async () => {
    const r = await call(emu, "/contoso/Analytics/_apis/git/Repositories", {
      headers: { Accept: EXTENSION_ACCEPT("7.2-preview.1") },
    });
    expect(r.status).toBe(200);
    expect(Array.isArray(r.json)).toBe(true);
    expect(r.json.map((x: any) => x.name).sort()).toEqual(["analytics-sandbox", "dbt-models", "ml-experiments"]);
  });
});

describe("api-version", () => {
  test("is taken from the Accept header and echoed in Content-Type", async () => {
    const r = await call(emu, "/contoso/_apis/projects", { headers: { Accept: "application/json;api-version=7.2-preview.4" } });
    expect(r.headers.get("content-type")).toBe("application/json; charset=utf-8; api-version=7.2-preview.4");
  });

  test("the query string wins and GET without any gets the route's default", async () => {
    const both = await call(emu, "/contoso/_apis/projects?api-version=7.0", { headers: { Accept: "application/json;api-version=7.2-preview.4" } });
    expect(both.headers.get("content-type")).toContain("api-version=7.0");
    const none = await call(emu, "/contoso/_apis/projects");
    expect(none.status).toBe(200);
    expect(none.headers.get("content-type")).toBe("application/json; charset=utf-8; api-version=7.1");
  });

  test("is required on non-GET requests, in the query or the Accept header", async () => {
    const body = { evaluations: [{ securityNamespaceId: NS.git, token: "repoV2", permissions: 2 }] };
    const missing = await call(emu, "/contoso/_apis/security/permissionevaluationbatch", { method: "POST", body });
    expect(missing.status).toBe(400);
    expect(missing.json.typeKey).toBe("VssVersionNotSpecifiedException");
    const viaAccept = await call(emu, "/contoso/_apis/security/permissionevaluationbatch", {
      method: "POST",
      body,
      headers: { Accept: "application/json;api-version=7.1" },
    });
    expect(viaAccept.status).toBe(200);
  });

  test("malformed and too new versions are 400s", async () => {
    expect((await call(emu, "/contoso/_apis/projects?api-version=banana")).json.typeKey).toBe("VssInvalidApiVersionException");
    const newer = await call(emu, "/contoso/_apis/projects?api-version=9.0");
    expect(newer.status).toBe(400);
    expect(newer.json.typeKey).toBe("VssVersionOutOfRangeException");
  });

  test("Graph refuses a released version with VssInvalidPreviewVersionException, accepts preview", async () => {
    const released = await call(emu, "/vssps/contoso/_apis/graph/users?api-version=7.1");
    expect(released.status).toBe(400);
    expect(released.json).toMatchObject({
      $id: "1",
      innerException: null,
      typeKey: "VssInvalidPreviewVersionException",
      typeName: expect.stringContaining("VssInvalidPreviewVersionException"),
      errorCode: 0,
      eventId: 3000,
    });
    expect(released.json.message).toContain('"7.1"');
    expect((await call(emu, "/vssps/contoso/_apis/graph/users?api-version=7.1-preview.1")).status).toBe(200);
    // descriptors/storagekeys are released in 7.1.
    expect((await call(emu, `/vssps/contoso/_apis/graph/descriptors/${ANALYTICS}?api-version=7.1`)).status).toBe(200);
  });
});

describe("extension client Accept options", () => {
  test("enumsAsNumbers and msDateFormat change enums and dates", async () => {
    const r = await call(emu, `/contoso/_apis/projects/${ANALYTICS}`, { headers: { Accept: EXTENSION_ACCEPT("7.2-preview.4") } });
    expect(r.json.visibility).toBe(0);
    expect(r.json.state).toBe(1);
    expect(r.text).toContain('"lastUpdateTime":"\\/Date(');
    expect(r.json.lastUpdateTime).toBe(`/Date(${Date.parse("2026-09-02T10:11:12.123Z")})/`);
    const plain = await call(emu, `/contoso/_apis/projects/${ANALYTICS}`);
    expect(plain.json.visibility).toBe("private");
    expect(plain.json.lastUpdateTime).toBe("2026-09-02T10:11:12.123Z");
  });
});

describe("request bodies", () => {
  test("property names bind case-insensitively", async () => {
    const r = await call(emu, "/contoso/_apis/security/permissionevaluationbatch?api-version=7.1", {
      method: "POST",
      body: { AlwaysAllowAdministrators: false, EVALUATIONS: [{ securitynamespaceid: NS.git, TOKEN: "repoV2", Permissions: 2 }] },
    });
    expect(r.status).toBe(200);
    expect(r.json.evaluations).toEqual([{ securityNamespaceId: NS.git, token: "repoV2", permissions: 2, value: true }]);
  });

  test("invalid JSON is a 400 with a VSS body", async () => {
    const r = await call(emu, "/contoso/_apis/hooks/subscriptions?api-version=7.1", { method: "POST", body: "{not json" });
    expect(r.status).toBe(400);
    expect(r.json.typeKey).toBe("VssRequestContentException");
  });
});

describe("CORS", () => {
  const origin = "https://contoso.gallerycdn.vsassets.io";

  test("preflight is answered without credentials and allows Authorization and X-* headers", async () => {
    const r = await fetch(`${emu.baseUrl}/contoso/_apis/accesscontrolentries/${NS.git}`, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, x-tfs-fedauthredirect, x-vss-reauthenticationaction, cookie",
      },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get("access-control-allow-origin")).toBe(origin);
    expect(r.headers.get("access-control-allow-methods")).toContain("POST");
    const allowed = (r.headers.get("access-control-allow-headers") ?? "").toLowerCase();
    for (const h of ["authorization", "content-type", "x-tfs-fedauthredirect", "x-vss-reauthenticationaction"]) expect(allowed).toContain(h);
    expect(allowed).not.toContain("cookie");
  });

  test("responses echo the origin and expose paging and rate-limit headers", async () => {
    const r = await fetch(`${emu.baseUrl}/contoso/_apis/projects?$top=1`, { headers: { Origin: origin, Authorization: ADMIN } });
    expect(r.headers.get("access-control-allow-origin")).toBe(origin);
    const exposed = (r.headers.get("access-control-expose-headers") ?? "").toLowerCase();
    for (const h of ["x-ms-continuationtoken", "retry-after", "x-ratelimit-remaining", "x-ratelimit-reset"]) expect(exposed).toContain(h);
  });

  test("X-VSS-ResourceTenant comes with every response, signed in or not, but is not exposed to pages", async () => {
    // As recorded from the live service (az-cli-2026 group_and_member_tests 045): the tenant header is sent and
    // Access-Control-Expose-Headers does not list it, so only non-browser clients (the CLI) can read it.
    const signedIn = await fetch(`${emu.baseUrl}/contoso/_apis/projects?$top=1`, { headers: { Origin: origin, Authorization: ADMIN } });
    const anonymous = await fetch(`${emu.baseUrl}/contoso/_apis/projects`, { headers: { Origin: origin } });
    expect([signedIn.status, anonymous.status]).toEqual([200, 401]);
    for (const r of [signedIn, anonymous]) {
      expect(r.headers.get("x-vss-resourcetenant")).toBe(TENANT);
      expect((r.headers.get("access-control-expose-headers") ?? "").toLowerCase()).not.toContain("x-vss-resourcetenant");
    }
  });
});

describe("descriptors in query strings", () => {
  test("encoded identity descriptors (; \\ @) round-trip", async () => {
    const r = await call(emu, `/contoso/_apis/accesscontrollists/${NS.hooks}?token=PublisherSecurity&descriptors=${q(SVC)}`);
    expect(Object.keys(r.json.value[0].acesDictionary)).toEqual([SVC]);
  });
});
