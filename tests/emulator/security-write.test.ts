/** Security writes: ACE merge semantics, ACL overwrite/removal, permission to write (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries). */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ADMIN, NS, SVC, SVC_AUTH, basic, call, demoIds, demoSeed, q } from "./support";

const ids = demoIds();
const PRIYA = basic("priya-pat");
let emu: RunningEmulator;

beforeEach(async () => {
  const seed = demoSeed();
  seed.tokens.push({ token: "priya-pat", identity: "priya.shah@contoso.com", kind: "pat" });
  emu = await startEmulator({ seeds: [seed] });
});
afterEach(() => emu.stop());

const setAces = (body: unknown, auth = ADMIN) =>
  call(emu, `/contoso/_apis/accesscontrolentries/${NS.git}?api-version=7.1`, { method: "POST", body, auth });
const storedAce = (token: string, descriptor = SVC) => emu.state("contoso").acl(NS.git, token)?.aces.get(descriptor.toLowerCase());
const svcEntry = (allow: number, deny = 0) => ({ descriptor: SVC, allow, deny, extendedInfo: {} });

describe("POST accesscontrolentries", () => {
  const token = ids.gitToken("Platform", "data-contracts");

  test("merge=true ORs into the existing entry (the spec example: 5 + 8 → 13)", async () => {
    await setAces({ token, merge: false, accessControlEntries: [svcEntry(5)] });
    const r = await setAces({ token, merge: true, accessControlEntries: [svcEntry(8)] });
    expect(r.status).toBe(200);
    // The answer has no extendedInfo, as the live service answers (tests/fixtures/recorded).
    expect(r.json).toEqual({ count: 1, value: [{ descriptor: SVC, allow: 13, deny: 0 }] });
    expect(storedAce(token)).toEqual({ descriptor: SVC, allow: 13, deny: 0 });
  });

  test("merge=true: a bit set on one side is cleared on the other", async () => {
    await setAces({ token, merge: false, accessControlEntries: [svcEntry(2, 4 | 16384)] });
    const r = await setAces({ token, merge: true, accessControlEntries: [svcEntry(4)] });
    expect(r.json.value[0]).toMatchObject({ allow: 6, deny: 16384 });
    const back = await setAces({ token, merge: true, accessControlEntries: [svcEntry(0, 4)] });
    expect(back.json.value[0]).toMatchObject({ allow: 2, deny: 4 | 16384 });
  });

  test("merge=false (or absent) replaces the entry", async () => {
    await setAces({ token, merge: false, accessControlEntries: [svcEntry(5, 16)] });
    const r = await setAces({ token, accessControlEntries: [svcEntry(2)] });
    expect(r.json.value[0]).toMatchObject({ allow: 2, deny: 0 });
    expect(storedAce(token)).toEqual({ descriptor: SVC, allow: 2, deny: 0 });
  });

  test("a token without an ACL gets one with inheritPermissions true", async () => {
    const branch = `${ids.gitToken("Platform", "data-contracts")}/refs/heads/6d00610069006e00`;
    await setAces({ token: branch, merge: true, accessControlEntries: [svcEntry(16388)] });
    const r = await call(emu, `/contoso/_apis/accesscontrollists/${NS.git}?token=${branch}`);
    expect(r.json.value[0]).toMatchObject({ token: branch, inheritPermissions: true });
    expect(r.json.value[0].acesDictionary[SVC]).toEqual({ descriptor: SVC, allow: 16388, deny: 0 });
  });

  test("the write changes what extendedInfo reports", async () => {
    const ml = ids.gitToken("Analytics", "ml-experiments");
    await setAces({ token: ml, merge: true, accessControlEntries: [svcEntry(4 | 16384)] });
    const r = await call(emu, `/contoso/_apis/accesscontrollists/${NS.git}?token=${ml}&descriptors=${q(SVC)}&includeExtendedInfo=true`);
    expect(r.json.value[0].acesDictionary[SVC]).toEqual({ descriptor: SVC, allow: 16388, deny: 0, extendedInfo: { effectiveAllow: 16388 } });
  });

  test("a caller with Manage permissions on the token may write (Project Administrators)", async () => {
    const r = await setAces({ token: ids.gitToken("Analytics", "dbt-models"), merge: true, accessControlEntries: [svcEntry(4)] }, PRIYA);
    expect(r.status).toBe(200);
  });

  test("a caller without the namespace's write bit gets 403 and nothing changes", async () => {
    const target = ids.gitToken("Analytics", "dbt-models");
    const r = await setAces({ token: target, merge: true, accessControlEntries: [svcEntry(8192)] }, SVC_AUTH);
    expect(r.status).toBe(403);
    expect(r.json.typeKey).toBe("AccessCheckException");
    expect(r.json.message).toContain("Manage permissions");
    expect(storedAce(target)).toBeUndefined();
    // Priya administers Analytics, not Finance.
    const finance = await setAces({ token: ids.gitToken("Finance"), merge: true, accessControlEntries: [svcEntry(4)] }, PRIYA);
    expect(finance.status).toBe(403);
  });

  test("a non-array accessControlEntries is a 500 TF400898 JsonSerializationException", async () => {
    const r = await setAces({ token, merge: true, accessControlEntries: svcEntry(4) });
    expect(r.status).toBe(500);
    expect(r.json.typeKey).toBe("JsonSerializationException");
    expect(r.json.message).toMatch(/^TF400898/);
  });

  test("a Graph subject descriptor cannot be bound as an identity descriptor", async () => {
    const r = await setAces({ token, accessControlEntries: [{ descriptor: "vssgp.Uy0xLTktMTU1MTM3NDI0NQ", allow: 4, deny: 0 }] });
    expect(r.status).toBe(500);
    expect(r.json.typeKey).toBe("JsonSerializationException");
  });

  test("a missing token is a 400", async () => {
    const r = await setAces({ merge: true, accessControlEntries: [svcEntry(4)] });
    expect(r.status).toBe(400);
  });
});

describe("DELETE accesscontrolentries", () => {
  test("removes the named entries and answers true, then false", async () => {
    const token = ids.gitToken("Finance", "finance-dbt");
    expect(storedAce(token)).toBeDefined();
    const first = await call(emu, `/contoso/_apis/accesscontrolentries/${NS.git}?token=${token}&descriptors=${q(SVC)}&api-version=7.1`, {
      method: "DELETE",
    });
    expect(first.status).toBe(200);
    expect(first.json).toBe(true);
    expect(storedAce(token)).toBeUndefined();
    const again = await call(emu, `/contoso/_apis/accesscontrolentries/${NS.git}?token=${token}&descriptors=${q(SVC)}&api-version=7.1`, {
      method: "DELETE",
    });
    expect(again.json).toBe(false);
  });
});

describe("accesscontrollists writes", () => {
  test("POST overwrites whole ACLs and answers 204; it is how inheritance is switched off", async () => {
    const token = ids.gitToken("Analytics", "dbt-models");
    const r = await call(emu, `/contoso/_apis/accesscontrollists/${NS.git}?api-version=7.1`, {
      method: "POST",
      body: { value: [{ inheritPermissions: false, token, acesDictionary: { [SVC]: { descriptor: SVC, allow: 2, deny: 0 } } }] },
    });
    expect(r.status).toBe(204);
    expect(r.text).toBe("");
    const after = await call(emu, `/contoso/_apis/accesscontrollists/${NS.git}?token=${token}&includeExtendedInfo=true`);
    expect(after.json.value[0].inheritPermissions).toBe(false);
    expect(Object.keys(after.json.value[0].acesDictionary)).toEqual([SVC]);
    expect(after.json.value[0].acesDictionary[SVC].extendedInfo).toEqual({ effectiveAllow: 2 });
  });

  test("DELETE removes ACLs, with recurse their descendants too", async () => {
    const project = ids.gitToken("Finance");
    const r = await call(emu, `/contoso/_apis/accesscontrollists/${NS.git}?tokens=${project}&recurse=true&api-version=7.1`, { method: "DELETE" });
    expect(r.json).toBe(true);
    const left = await call(emu, `/contoso/_apis/accesscontrollists/${NS.git}?token=${project}&recurse=true`);
    expect(left.json.count).toBe(0);
  });

  test("DELETE permissions/{ns}/{bits} clears those bits from one entry", async () => {
    const token = ids.gitToken("Finance", "finance-dbt");
    await setAces({ token, merge: true, accessControlEntries: [svcEntry(16384, 8)] });
    const r = await call(emu, `/contoso/_apis/permissions/${NS.git}/${4 | 8}?descriptor=${q(SVC)}&token=${token}&api-version=7.1`, {
      method: "DELETE",
    });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ descriptor: SVC, allow: 16384, deny: 0 });
  });
});
