/**
 * The identity's groups over real HTTP for an identity in more groups than one URL can name: their direct
 * parents come from Read Identity Batch (POST), an audit reads no Graph group list, and a server that refuses
 * the batch route is asked again with GETs, to the same snapshot.
 */
import { generateOrg } from "../../../emulator";
import { AdoGateway, parseOrganization, patAuth } from "../../../src/ado";
import { audit } from "../../../src/core";
import { emulatorBehindProxy } from "../../support/proxied-emulator";

const NOW = new Date("2026-12-01T00:00:00Z");
const seed = generateOrg({ name: "fabrikam", projects: 60, reposPerProject: 2 });
const identity = seed.expectedGapsFor!;

const served = emulatorBehindProxy([seed]);

function gateway(progress: string[] = []): AdoGateway {
  return new AdoGateway({
    org: parseOrganization(served.proxy.orgUrl("fabrikam")),
    auth: patAuth(seed.tokens[0].token),
    onProgress: (m) => progress.push(m),
  });
}

const count = (pattern: RegExp) => served.proxy.seen.filter((request) => pattern.test(request)).length;
const BATCH = /^POST \/vssps\/fabrikam\/_apis\/identitybatch$/;
const GET_DIRECT = /^GET \/vssps\/fabrikam\/_apis\/identities\?.*queryMembership=Direct/;
const GRAPH_GROUPS = /^GET \/vssps\/fabrikam\/_apis\/graph\/groups(\?|$)/;

test("an audit read batches the closure's parents and lists no Graph groups, and audits exactly as the full read", async () => {
  const full = await gateway().readSnapshot({ identity });
  expect(count(GRAPH_GROUPS)).toBeGreaterThan(0);
  served.proxy.seen.length = 0;

  const lean = await gateway().readSnapshot({ identity, projectGroups: false });
  expect(count(GRAPH_GROUPS)).toBe(0);
  expect(count(GET_DIRECT)).toBe(0);
  // 60 projects: the identity is in more than 40 groups (one GET's worth), all read in one POST of up to 500.
  expect(lean.identity.memberOf.length + lean.groups.length).toBeGreaterThan(40);
  expect(count(BATCH)).toBe(1);
  // Fewer groups (no other project groups), the same audit: the identity's own groups decide every cell.
  expect(lean.groups.length).toBeLessThan(full.groups.length);
  expect(audit(lean, { now: NOW })).toEqual(audit(full, { now: NOW }));
});

test("a server that refuses the batch route (404) is asked with GETs of 40 descriptors, to the same snapshot", async () => {
  const expected = await gateway().readSnapshot({ identity, projectGroups: false });
  served.proxy.seen.length = 0;
  served.proxy.rules.push({
    method: "POST",
    path: /\/_apis\/identitybatch/,
    action: { kind: "respond", status: 404, body: { message: "Not found" } },
  });
  const progress: string[] = [];
  const snapshot = await gateway(progress).readSnapshot({ identity, projectGroups: false });
  expect(snapshot).toEqual(expected);
  expect(count(BATCH)).toBeGreaterThan(0);
  expect(count(GET_DIRECT)).toBeGreaterThan(1);
  expect(progress.some((line) => line.startsWith("Reading group memberships with one request per 40 groups"))).toBe(true);
});

test("a 403 on the batch is not taken for a missing route: the read fails with the permission error", async () => {
  served.proxy.rules.push({
    method: "POST",
    path: /\/_apis\/identitybatch/,
    action: { kind: "respond", status: 403, body: { message: "Access denied." } },
  });
  await expect(gateway().readSnapshot({ identity, projectGroups: false })).rejects.toMatchObject({ kind: "forbidden" });
  expect(count(GET_DIRECT)).toBe(0);
});
