/**
 * Large single answers over real HTTP: when the whole-namespace ACL read or the organization-wide repository list
 * does not answer in time (or the service fails on it), the reader asks again one project at a time, without
 * first waiting for the same large answer again, and builds the same snapshot. A refusal is not retried that way.
 */
import { generateOrg } from "../../../emulator";
import { AdoGateway, parseOrganization, patAuth } from "../../../src/ado";
import { emulatorBehindProxy } from "../../support/proxied-emulator";

const PROJECTS = 6;
const seed = generateOrg({ name: "fabrikam", projects: PROJECTS, reposPerProject: 3 });
const identity = seed.expectedGapsFor!;
const GIT = "2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87";
// Any filter (descriptors, includeExtendedInfo) sits between the token and recurse.
const WHOLE_GIT_READ = new RegExp(`/_apis/accesscontrollists/${GIT}\\?token=repoV2&(.*&)?recurse=true$`);
const PROJECT_GIT_READ = new RegExp(`/_apis/accesscontrollists/${GIT}\\?token=repoV2%2F[0-9a-f-]+&(.*&)?recurse=true$`);
const ALL_REPOSITORIES = /^GET \/fabrikam\/_apis\/git\/Repositories$/i;
const PROJECT_REPOSITORIES = /^GET \/fabrikam\/[0-9a-f-]{36}\/_apis\/git\/Repositories$/i;

const served = emulatorBehindProxy([seed]);

function gateway(progress: string[] = [], timeoutMs = 5_000): AdoGateway {
  return new AdoGateway({
    org: parseOrganization(served.proxy.orgUrl("fabrikam")),
    auth: patAuth(seed.tokens[0].token),
    timeoutMs,
    retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 },
    onProgress: (message) => progress.push(message),
  });
}

const seen = (pattern: RegExp) => served.proxy.seen.filter((request) => pattern.test(request)).length;
const slow = (ms: number) => ({ kind: "before" as const, run: () => new Promise<void>((resolve) => setTimeout(resolve, ms)) });

test("a whole-namespace read that times out is not sent again: one read per project gives the same snapshot", async () => {
  const expected = await gateway().readSnapshot({ identity, projectGroups: false });
  served.proxy.seen.length = 0;
  served.proxy.rules.push({ method: "GET", path: WHOLE_GIT_READ, action: slow(1_500) });
  const progress: string[] = [];
  const snapshot = await gateway(progress, 400).readSnapshot({ identity, projectGroups: false });
  expect(snapshot).toEqual(expected);
  expect(seen(WHOLE_GIT_READ)).toBe(1);
  expect(seen(PROJECT_GIT_READ)).toBe(PROJECTS);
  expect(
    progress.some((line) =>
      /^The Git Repositories permissions did not come in one answer \(.*did not answer within 400 ms.*\); reading them one project at a time \(6 projects\)$/.test(
        line,
      ),
    ),
  ).toBe(true);
});

test("a repository list the service fails on (HTTP 500) is read per project, to the same snapshot", async () => {
  const expected = await gateway().readSnapshot({ identity, projectGroups: false });
  served.proxy.seen.length = 0;
  served.proxy.rules.push({
    method: "GET",
    path: /\/fabrikam\/_apis\/git\/Repositories$/i,
    action: { kind: "respond", status: 500, body: { message: "Too much." } },
  });
  const progress: string[] = [];
  const snapshot = await gateway(progress).readSnapshot({ identity, projectGroups: false });
  expect(snapshot).toEqual(expected);
  expect(seen(ALL_REPOSITORIES)).toBe(1);
  expect(seen(PROJECT_REPOSITORIES)).toBe(PROJECTS);
  expect(progress.some((line) => line.startsWith("The repository list did not come in one answer"))).toBe(true);
});

test("a refusal of the whole read (403) is reported, not retried per project", async () => {
  served.proxy.rules.push({ method: "GET", path: WHOLE_GIT_READ, action: { kind: "respond", status: 403, body: { message: "Access denied." } } });
  await expect(gateway().readSnapshot({ identity, projectGroups: false })).rejects.toMatchObject({ kind: "forbidden" });
  expect(seen(PROJECT_GIT_READ)).toBe(0);
});

test("Azure DevOps' own evaluation falls back the same way", async () => {
  const run = gateway([], 400);
  const snapshot = await gateway().readSnapshot({ identity, projectGroups: false });
  const projectIds = snapshot.projects.map((project) => project.id);
  const expected = await gateway().readServiceEvaluation(snapshot.identity.descriptor, ["gitRepositories"], projectIds);
  served.proxy.rules.push({ method: "GET", path: WHOLE_GIT_READ, action: slow(1_500) });
  served.proxy.seen.length = 0;
  const { evaluation } = await run.readServiceEvaluation(snapshot.identity.descriptor, ["gitRepositories"], projectIds);
  expect(evaluation).toEqual(expected.evaluation);
  expect(evaluation.gitRepositories!.size).toBeGreaterThan(PROJECTS);
  expect(seen(PROJECT_GIT_READ)).toBe(PROJECTS);
});
