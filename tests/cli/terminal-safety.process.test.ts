/**
 * Names from the organization cannot drive the terminal: a project and a repository named with OSC title and
 * link sequences, a screen clear, a C1 CSI and a bidi override are written as visible escapes by every text
 * output of the built CLI (tables, Markdown, the hooks list, the grant plan, progress on stderr), while JSON
 * keeps them exactly (escaped by JSON itself).
 */
import { startEmulator, type OrgSeed, type RunningEmulator } from "../../emulator";
import { spawnCli } from "./support/cli";
import { ADMIN_PAT, demoSeed, SERVICE_USER } from "./support/demo";

const EVIL_PROJECT = "Mkt\u001b]0;pwned\u0007\u001b[2J\u202egnitekram";
const EVIL_REPO = "repo\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007\u009b31m";
/** Anything a terminal would act on: C0 (but newline), DEL, C1, bidi embeddings, overrides and isolates. */
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let emulator: RunningEmulator;
let org: string;

beforeAll(async () => {
  const text = JSON.stringify(demoSeed())
    .split('"Marketing"')
    .join(JSON.stringify(EVIL_PROJECT))
    .split("[Marketing]")
    .join(JSON.stringify(`[${EVIL_PROJECT}]`).slice(1, -1))
    .split('"ml-experiments"')
    .join(JSON.stringify(EVIL_REPO));
  emulator = await startEmulator({ seeds: [JSON.parse(text) as OrgSeed] });
  org = emulator.orgUrl("contoso");
});

afterAll(async () => {
  await emulator?.stop();
});

const run = (args: string[]) => spawnCli(args, { AZURE_DEVOPS_EXT_PAT: ADMIN_PAT });

test.each([
  ["audit table", ["audit", "--identity", SERVICE_USER]],
  ["audit markdown", ["audit", "--identity", SERVICE_USER, "--format", "markdown"]],
  ["hooks list", ["hooks", "list"]],
  ["grant plan", ["grant", "--identity", SERVICE_USER, "--scope", "repo"]],
])("%s: no control or bidi character reaches the terminal; the names stay visible as escapes", async (_, args) => {
  const result = await run([...args, "--org", org]);
  expect(result.code).toBeLessThan(2);
  expect(result.stdout).not.toMatch(ACTIVE);
  expect(result.stderr).not.toMatch(ACTIVE);
  // Visible as escapes (Markdown additionally escapes the backslashes and brackets).
  expect(result.stdout).toMatch(/Mkt\\+x1b\\?\]0;pwned\\+x07/);
});

test("the repository's name is escaped in the audit table too", async () => {
  const result = await run(["audit", "--identity", SERVICE_USER, "--org", org]);
  expect(result.stdout).toContain("repo\\x1b]8;;https://evil.example\\x07click\\x1b]8;;\\x07\\x9b31m");
});

test("JSON keeps the names exactly", async () => {
  const result = await run(["audit", "--identity", SERVICE_USER, "--format", "json", "--org", org]);
  const report = JSON.parse(result.stdout) as { projects: { name: string; repositories: { name: string }[] }[] };
  expect(report.projects.map((project) => project.name)).toContain(EVIL_PROJECT);
  expect(report.projects.flatMap((project) => project.repositories.map((repo) => repo.name))).toContain(EVIL_REPO);
  expect(result.stdout).not.toMatch(ACTIVE);
});
