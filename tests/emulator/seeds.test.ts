/** Seed loading and validation, generated organizations, CLI options. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateOrg, loadSeed, startEmulator } from "../../emulator";
import { parseCliArgs } from "../../emulator/cli-args";
import { ADMIN, DEMO_SEED_PATH, NS, call, demoSeed } from "./support";

const dir = mkdtempSync(join(tmpdir(), "emulator-seeds-"));
const writeSeed = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
};

describe("loadSeed", () => {
  test("loads the demo", () => {
    const seed = loadSeed(DEMO_SEED_PATH);
    expect(seed.organization.name).toBe("contoso");
    expect(seed.projects.filter((p) => p.visibility === "public")).toHaveLength(1);
  });

  test("errors name the file and the problem", () => {
    expect(() => loadSeed(join(dir, "missing.json"))).toThrow(/Cannot read seed file .*missing\.json/);
    expect(() => loadSeed(writeSeed("broken.json", "{nope"))).toThrow(/broken\.json is not valid JSON/);
    expect(() => loadSeed(writeSeed("shape.json", { organization: {} }))).toThrow(/"users" array/);
    const bad = demoSeed();
    bad.groups[0].members = ["ghost@contoso.com"];
    expect(() => loadSeed(writeSeed("ref.json", bad))).toThrow(/member "ghost@contoso.com" is unknown/);
    const badAcl = demoSeed();
    badAcl.acls.push({ namespace: "Git Repositories", project: "Nope", aces: [] });
    expect(() => loadSeed(writeSeed("acl.json", badAcl))).toThrow(/unknown project "Nope"/);
    const badGap = demoSeed();
    badGap.expectedGaps!.push({ project: "Analytics", repository: "nope", permission: "GenericRead", effective: "notSet" });
    expect(() => loadSeed(writeSeed("gap.json", badGap))).toThrow(/unknown repository "nope"/);
  });

  test("two seeds for one organization are refused", async () => {
    await expect(startEmulator({ seeds: [demoSeed(), demoSeed()] })).rejects.toThrow(/Two seeds/);
    await expect(startEmulator({ seeds: [] })).rejects.toThrow(/at least one seed/);
  });
});

describe("generateOrg", () => {
  test("is deterministic and refuses bad input", () => {
    const a = generateOrg({ name: "acme", projects: 5, reposPerProject: 2 });
    const b = generateOrg({ name: "acme", projects: 5, reposPerProject: 2 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.projects).toHaveLength(5);
    expect(a.projects.every((p) => p.repositories.length === 2)).toBe(true);
    expect(() => generateOrg({ name: "acme", projects: 0, reposPerProject: 1 })).toThrow(/projects/);
    expect(() => generateOrg({ name: "bad name", projects: 1, reposPerProject: 1 })).toThrow(/name/);
    expect(() => generateOrg({ name: "acme", projects: 1, reposPerProject: -1 })).toThrow(/reposPerProject/);
  });

  test("1000 projects x 10 repositories build and serve within seconds", async () => {
    const started = Date.now();
    const seed = generateOrg({ name: "bench", projects: 1000, reposPerProject: 10 });
    const emu = await startEmulator({ seeds: [seed] });
    try {
      const ready = Date.now() - started;
      const r = await call(emu, `/bench/_apis/accesscontrollists/${NS.git}?includeExtendedInfo=true&api-version=7.1`, { auth: ADMIN });
      const total = Date.now() - started;
      expect(r.json.count).toBe(1 + 1000 + 10_000);
      const repos = await call(emu, "/bench/_apis/git/repositories");
      expect(repos.json.count).toBe(10_000);
      // Generous bounds for a shared 2-core machine; typical figures are well under a second each.
      expect(ready).toBeLessThan(5_000);
      expect(total).toBeLessThan(10_000);
    } finally {
      await emu.stop();
    }
  });
});

describe("CLI options", () => {
  test("parses every switch", () => {
    expect(
      parseCliArgs(["--seed", "a.json", "--port", "8080", "--latency", "25", "--throttle", "10:3", "--faults", "7:503", "--generate", "big:100:5"]),
    ).toEqual({
      seeds: ["a.json"],
      generate: [{ name: "big", projects: 100, reposPerProject: 5 }],
      port: 8080,
      latencyMs: 25,
      throttle: { every: 10, retryAfterSeconds: 3 },
      faults: { every: 7, status: 503 },
      help: false,
    });
  });

  test("bad input is a clear error", () => {
    expect(() => parseCliArgs(["--throttle", "10"])).toThrow(/--throttle needs the form a:b/);
    expect(() => parseCliArgs(["--port", "x"])).toThrow(/--port needs an integer/);
    expect(() => parseCliArgs(["--faults", "3:404"])).toThrow(/500 or 503/);
    expect(() => parseCliArgs(["--seed"])).toThrow(/--seed needs a value/);
    expect(() => parseCliArgs(["--wat"])).toThrow(/Unknown option --wat/);
  });
});
