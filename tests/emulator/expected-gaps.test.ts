/**
 * The seeds' `expectedGaps` against the emulator's own evaluator, read over HTTP the way an auditor
 * would: ACL query with includeExtendedInfo=true and descriptors=<service user> on each checked token.
 */
import { generateOrg, startEmulator, type ExpectedGap, type OrgSeed, type RunningEmulator } from "../../emulator";
import { NS, call, demoSeed, q } from "./support";

/** The required permissions (design.md): namespace, bit, and the token each is checked on. */
const PROJECT_CHECKS = [
  { key: "GENERIC_READ", ns: NS.project, bit: 1, token: (p: string) => `$PROJECT:vstfs:///Classification/TeamProject/${p}` },
  { key: "ViewSubscriptions", ns: NS.hooks, bit: 1, token: (p: string) => `PublisherSecurity/${p}` },
  { key: "EditSubscriptions", ns: NS.hooks, bit: 2, token: (p: string) => `PublisherSecurity/${p}` },
  { key: "DeleteSubscriptions", ns: NS.hooks, bit: 4, token: (p: string) => `PublisherSecurity/${p}` },
] as const;
const REPO_CHECKS = [
  { key: "GenericRead", bit: 2 },
  { key: "GenericContribute", bit: 4 },
  { key: "PullRequestContribute", bit: 16384 },
] as const;

type Effective = "allow" | "deny" | "notSet";

function verdict(info: { effectiveAllow?: number; effectiveDeny?: number } | undefined, bit: number): Effective {
  if (((info?.effectiveDeny ?? 0) & bit) !== 0) return "deny";
  return ((info?.effectiveAllow ?? 0) & bit) !== 0 ? "allow" : "notSet";
}

const cellKey = (project: string, repository: string | undefined, permission: string) => `${project}/${repository ?? "-"}/${permission}`;

/** Every (project, repository?, permission) cell of the audited identity, as the emulator evaluates it. */
async function evaluateAll(emu: RunningEmulator, seed: OrgSeed, descriptor: string): Promise<Map<string, Effective>> {
  const org = seed.organization.name;
  const cells = new Map<string, Effective>();
  const extendedInfo = async (ns: string, token: string) => {
    const r = await call(
      emu,
      `/${org}/_apis/accesscontrollists/${ns}?token=${q(token)}&descriptors=${q(descriptor)}&includeExtendedInfo=true&api-version=7.1`,
    );
    expect(r.status).toBe(200);
    expect(r.json.count).toBe(1); // every checked token carries an ACL in these seeds
    return r.json.value[0].acesDictionary[descriptor].extendedInfo;
  };
  for (const project of seed.projects) {
    for (const check of PROJECT_CHECKS) {
      cells.set(cellKey(project.name, undefined, check.key), verdict(await extendedInfo(check.ns, check.token(project.id)), check.bit));
    }
    for (const repo of project.repositories) {
      const info = await extendedInfo(NS.git, `repoV2/${project.id}/${repo.id}`);
      for (const check of REPO_CHECKS) cells.set(cellKey(project.name, repo.name, check.key), verdict(info, check.bit));
    }
  }
  return cells;
}

function expectedCells(seed: OrgSeed, evaluated: Map<string, Effective>): Map<string, Effective> {
  const expected = new Map<string, Effective>([...evaluated.keys()].map((k) => [k, "allow"]));
  for (const gap of seed.expectedGaps as ExpectedGap[]) {
    const key = cellKey(gap.project, gap.repository, gap.permission);
    expect(expected.has(key)).toBe(true); // the gap names a real cell
    expected.set(key, gap.effective);
  }
  return expected;
}

describe("demo seed", () => {
  const seed = demoSeed();
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ seeds: [seed] });
  });
  afterAll(() => emu.stop());

  test("the service user's evaluated cells are exactly expectedGaps, all others allow", async () => {
    const svc = `Microsoft.IdentityModel.Claims.ClaimsIdentity;${seed.organization.tenantId}\\svc-dbt@contoso.com`;
    const evaluated = await evaluateAll(emu, seed, svc);
    expect(evaluated.size).toBe(5 * 4 + 13 * 3);
    expect(Object.fromEntries(evaluated)).toEqual(Object.fromEntries(expectedCells(seed, evaluated)));
  });

  test("the gaps cover every cause the seed was built for", () => {
    const gaps = seed.expectedGaps ?? [];
    expect(gaps.some((g) => g.permission === "GENERIC_READ" && g.effective === "notSet")).toBe(true);
    expect(gaps.some((g) => g.permission === "EditSubscriptions" && g.effective === "deny")).toBe(true);
    expect(gaps.some((g) => g.permission === "GenericContribute" && g.effective === "deny")).toBe(true);
    expect(gaps.some((g) => g.repository === "ml-experiments" && g.permission === "GenericRead")).toBe(true);
    // The explicit allow on finance-dbt beats the project deny: no gap there.
    expect(gaps.some((g) => g.repository === "finance-dbt")).toBe(false);
  });
});

describe("generated organization", () => {
  const seed = generateOrg({ name: "gen", projects: 40, reposPerProject: 3 });
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await startEmulator({ seeds: [seed] });
  });
  afterAll(() => emu.stop());

  test("expectedGaps built by construction agree with the evaluator", async () => {
    const svc = `Microsoft.IdentityModel.Claims.ClaimsIdentity;${seed.organization.tenantId}\\svc-dbt@gen.com`;
    const evaluated = await evaluateAll(emu, seed, svc);
    expect(Object.fromEntries(evaluated)).toEqual(Object.fromEntries(expectedCells(seed, evaluated)));
    const kinds = new Set((seed.expectedGaps ?? []).map((g) => `${g.permission}:${g.effective}`));
    for (const kind of [
      "GENERIC_READ:notSet",
      "EditSubscriptions:deny",
      "GenericContribute:deny",
      "GenericContribute:notSet",
      "GenericRead:notSet",
    ]) {
      expect(kinds).toContain(kind);
    }
  });
});
