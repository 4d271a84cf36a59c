/** Throttling, fault injection, latency and request statistics. */
import type { RunningEmulator } from "../../emulator";
import { call, startDemo } from "./support";

let emu: RunningEmulator;
afterEach(() => emu.stop());

const projects = () => call(emu, "/contoso/_apis/projects?api-version=7.1");

test("throttle: every Nth request gets 429 with Retry-After, X-RateLimit-* and a TF400733 body", async () => {
  emu = await startDemo({ throttle: { every: 3, retryAfterSeconds: 7 } });
  const statuses = [];
  for (let i = 0; i < 6; i++) statuses.push((await projects()).status);
  expect(statuses).toEqual([200, 200, 429, 200, 200, 429]);
  emu.configure({ throttle: { every: 2, retryAfterSeconds: 7 } });
  await projects();
  const r = await projects();
  expect(r.status).toBe(429);
  expect(r.headers.get("retry-after")).toBe("7");
  expect(r.headers.get("x-ratelimit-remaining")).toBe("0");
  expect(r.headers.get("x-ratelimit-limit")).toBe("200");
  expect(r.headers.get("x-ratelimit-resource")).toBeTruthy();
  const reset = Number(r.headers.get("x-ratelimit-reset"));
  expect(reset).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 6);
  expect(r.json).toMatchObject({ $id: "1", typeKey: "RequestBlockedException", errorCode: 0, eventId: 3000 });
  expect(r.json.message).toMatch(/^TF400733: The request has been canceled/);
});

test("throttle can be switched on and off at runtime", async () => {
  emu = await startDemo();
  expect((await projects()).status).toBe(200);
  emu.configure({ throttle: { every: 1, retryAfterSeconds: 1 } });
  expect((await projects()).status).toBe(429);
  emu.configure({ throttle: undefined });
  expect((await projects()).status).toBe(200);
});

test("faults: every Nth request fails with a VSS error body", async () => {
  emu = await startDemo({ faults: { every: 2, status: 503 } });
  expect((await projects()).status).toBe(200);
  const failed = await projects();
  expect(failed.status).toBe(503);
  expect(failed.json).toMatchObject({ $id: "1", innerException: null, errorCode: 0, eventId: 3000 });
  emu.configure({ faults: { every: 1, status: 500 } });
  expect((await projects()).status).toBe(500);
});

test("latency is added to every response", async () => {
  emu = await startDemo({ latencyMs: 120 });
  const started = Date.now();
  await projects();
  expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  emu.configure({ latencyMs: 0 });
  const quick = Date.now();
  await projects();
  expect(Date.now() - quick).toBeLessThan(110);
});

test("stats count requests by method and resource; resetStats clears them", async () => {
  emu = await startDemo();
  await projects();
  await projects();
  await call(emu, "/contoso/_apis/accesscontrollists/2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87?token=repoV2");
  await call(emu, "/vssps/contoso/_apis/graph/Memberships/aad.x?api-version=7.1-preview.1");
  await call(emu, "/contoso/_apis/nothing-here");
  expect(emu.stats.requests).toBe(5);
  expect(emu.stats.byRoute).toEqual({
    "GET projects": 2,
    "GET accesscontrollists": 1,
    "GET memberships": 1,
    "GET unmatched": 1,
  });
  emu.resetStats();
  expect(emu.stats).toEqual({ requests: 0, byRoute: {} });
});

test("bad switch values are refused", async () => {
  emu = await startDemo();
  expect(() => emu.configure({ throttle: { every: 0, retryAfterSeconds: 1 } })).toThrow(/throttle/);
  expect(() => emu.configure({ faults: { every: 1, status: 404 as 500 } })).toThrow(/faults/);
  expect(() => emu.configure({ latencyMs: -1 })).toThrow(/latencyMs/);
});
