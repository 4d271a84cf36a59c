/**
 * The effective-permission rules of https://learn.microsoft.com/azure/devops/organizations/security/about-permissions, each isolated on its own token of a small seed and
 * observed through `extendedInfo` over HTTP.
 */
import { startEmulator, type OrgSeed, type RunningEmulator } from "../../emulator";
import { NS, basic, call, q } from "./support";

const TENANT = "11111111-2222-4333-8444-555555555555";
const P = "aaaaaaaa-0000-4000-8000-000000000001";
const repoId = (n: number) => `bbbbbbbb-0000-4000-8000-00000000000${n}`;
const ORG_SID = "S-1-9-1551374245-1-2-3-4";
const P_SID = "S-1-9-1551374245-5-6-7-8";
const user = (local: string) => `Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT}\\${local}@rules.com`;
const ALL = 0x7ffff; // every Git bit (1 … 262144)

const seed: OrgSeed = {
  organization: { name: "rules", id: "cccccccc-0000-4000-8000-000000000001", tenantId: TENANT, collectionSid: ORG_SID },
  users: ["u1", "u2", "boss"].map((local, i) => ({
    id: `dddddddd-0000-4000-8000-00000000000${i}`,
    displayName: local,
    principalName: `${local}@rules.com`,
    originId: `eeeeeeee-0000-4000-8000-00000000000${i}`,
    accessLevel: { accountLicenseType: "express" as const },
  })),
  groups: [
    { sid: `${ORG_SID}-0-0-0-0-1`, displayName: "Project Collection Administrators", members: ["boss@rules.com"] },
    { sid: `${ORG_SID}-0-0-0-0-3`, displayName: "Project Collection Valid Users" },
    { sid: `${ORG_SID}-1-1`, displayName: "Deny Group", members: ["u1@rules.com", "boss@rules.com"] },
    { sid: `${ORG_SID}-1-2`, displayName: "Allow Group", members: ["u1@rules.com"] },
    { sid: `${ORG_SID}-1-3`, displayName: "Inner", members: ["u1@rules.com", "[rules]\\Outer"] },
    { sid: `${ORG_SID}-1-4`, displayName: "Outer", members: ["[rules]\\Inner"] },
    { sid: `${P_SID}-0-0-0-0-3`, displayName: "Project Valid Users", project: "P" },
    { sid: `${P_SID}-1-1`, displayName: "Readers", project: "P", members: ["u1@rules.com"] },
  ],
  projects: [
    {
      id: P,
      name: "P",
      visibility: "private",
      repositories: [1, 2, 3, 4].map((n) => ({ id: repoId(n), name: `r${n}`, defaultBranch: "refs/heads/main" })),
    },
  ],
  acls: [
    {
      namespace: "gitRepositories",
      token: "repoV2",
      aces: [
        { identity: "[rules]\\Project Collection Administrators", allow: ALL },
        { identity: "[rules]\\Project Collection Valid Users", allow: 128 },
      ],
    },
    {
      namespace: "gitRepositories",
      project: "P",
      aces: [
        { identity: "[P]\\Readers", allow: 2 },
        { identity: "[rules]\\Deny Group", deny: 32 },
        { identity: "[P]\\Project Valid Users", allow: 64 },
      ],
    },
    {
      namespace: "gitRepositories",
      project: "P",
      repository: "r1",
      aces: [
        { identity: "[rules]\\Deny Group", allow: 8 },
        { identity: "[rules]\\Allow Group", deny: 8 },
      ],
    },
    { namespace: "gitRepositories", project: "P", repository: "r2", aces: [{ identity: "[rules]\\Allow Group", allow: 32 }] },
    {
      namespace: "gitRepositories",
      project: "P",
      repository: "r3",
      inheritPermissions: false,
      aces: [{ identity: "[rules]\\Project Collection Administrators", allow: ALL }],
    },
    { namespace: "gitRepositories", project: "P", repository: "r4", aces: [{ identity: "[rules]\\Outer", allow: 256 }] },
  ],
  tokens: [{ token: "boss-pat", identity: "boss@rules.com", kind: "pat" }],
};

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seeds: [seed] });
});
afterAll(() => emu.stop());

async function info(repo: number, descriptor: string) {
  const r = await call(
    emu,
    `/rules/_apis/accesscontrollists/${NS.git}?token=repoV2/${P}/${repoId(repo)}&descriptors=${q(descriptor)}&includeExtendedInfo=true`,
    {
      auth: basic("boss-pat"),
    },
  );
  return r.json.value[0].acesDictionary[descriptor].extendedInfo;
}

test("deny beats allow on the same level; groups, Project Valid Users and Collection Valid Users all count", async () => {
  // r1: Deny Group allows 8 but Allow Group denies it; 32 is denied on the project; 2 (Readers),
  // 64 (implicit Project Valid Users) and 128 (implicit Project Collection Valid Users) come from above.
  expect(await info(1, user("u1"))).toEqual({ inheritedAllow: 2 | 64 | 128, inheritedDeny: 32, effectiveAllow: 2 | 64 | 128, effectiveDeny: 8 | 32 });
});

test("a member of no project group only gets what Project Collection Valid Users get", async () => {
  expect(await info(1, user("u2"))).toEqual({ inheritedAllow: 128, effectiveAllow: 128 });
});

test("an explicit allow on the child beats a deny on the parent (specificity)", async () => {
  expect(await info(2, user("u1"))).toEqual({ inheritedAllow: 2 | 64 | 128, effectiveAllow: 2 | 32 | 64 | 128 });
});

test("inheritance switched off drops everything from above", async () => {
  expect(await info(3, user("u1"))).toEqual({});
});

test("nested groups count transitively, and a membership cycle does not hang", async () => {
  expect((await info(4, user("u1"))).effectiveAllow).toBe(2 | 64 | 128 | 256);
});

test("a Project Collection Administrator keeps what the group is allowed despite another group's deny", async () => {
  const boss = await info(1, user("boss"));
  expect(boss.effectiveDeny).toBeUndefined();
  expect(boss.effectiveAllow).toBe(ALL);
  // …while the same deny still applies to a non-administrator in that group.
  expect((await info(2, user("u2"))).effectiveDeny).toBeUndefined();
  expect((await info(1, user("u1"))).effectiveDeny & 32).toBe(32);
});

test("an unknown descriptor is evaluated on its own entries only", async () => {
  const stranger = `Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT}\\nobody@elsewhere.com`;
  expect(await info(1, stranger)).toEqual({});
});
