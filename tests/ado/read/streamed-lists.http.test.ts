/**
 * The organization-wide repository list and the whole-namespace ACL reads are read element by element as they
 * arrive (src/ado/http/json-list-stream.ts), over real HTTP: the snapshot is the one the per-project reader gives,
 * an answer cut part-way is sent again (and read per project when it is cut again), and a sign-in page in place
 * of the list is explained, not parsed.
 */
import { generateOrg } from "../../../emulator";
import { AdoGateway, parseOrganization, patAuth } from "../../../src/ado";
import { emulatorBehindProxy } from "../../support/proxied-emulator";

const seed = generateOrg({ name: "fabrikam", projects: 8, reposPerProject: 4 });
const identity = seed.expectedGapsFor!;
const ALL_REPOSITORIES = /^\/fabrikam\/_apis\/git\/Repositories(\?|$)/i;
const PROJECT_REPOSITORIES = /^GET \/fabrikam\/[0-9a-f-]{36}\/_apis\/git\/Repositories/i;

const served = emulatorBehindProxy([seed]);

function gateway(progress: string[] = []): AdoGateway {
  return new AdoGateway({
    org: parseOrganization(served.proxy.orgUrl("fabrikam")),
    auth: patAuth(seed.tokens[0].token),
    retry: { maxRetries: 2, baseDelayMs: 5, maxDelayMs: 20 },
    onProgress: (message) => progress.push(message),
  });
}

test("the streamed lists give the snapshot the per-project reader gives", async () => {
  const streamed = await gateway().readSnapshot({ identity, projectGroups: false });
  expect(streamed.repositories).toHaveLength(32);
  expect(streamed.acls?.gitRepositories.length).toBeGreaterThan(32);
  const naive = await gateway().readSnapshotNaive({ identity, projectGroups: false });
  expect(streamed.repositories).toEqual(naive.repositories);
  expect(streamed.acls).toEqual(naive.acls);
});

test("a repository list cut part-way is read again on a new connection, to the same repositories", async () => {
  const expected = (await gateway().readSnapshot({ identity, projectGroups: false })).repositories;
  served.proxy.seen.length = 0;
  served.proxy.rules.push({ method: "GET", path: ALL_REPOSITORIES, times: 1, action: { kind: "cutResponse", bytes: 1500 } });
  const progress: string[] = [];
  const snapshot = await gateway(progress).readSnapshot({ identity, projectGroups: false });
  expect(snapshot.repositories).toEqual(expected);
  expect(progress.some((line) => /connection to Azure DevOps was closed/.test(line))).toBe(true);
  expect(served.proxy.seen.filter((line) => ALL_REPOSITORIES.test(line.slice(4)))).toHaveLength(2);
});

test("a repository list cut part-way every time is read one project at a time", async () => {
  const expected = (await gateway().readSnapshot({ identity, projectGroups: false })).repositories;
  served.proxy.seen.length = 0;
  served.proxy.rules.push({ method: "GET", path: ALL_REPOSITORIES, action: { kind: "cutResponse", bytes: 1500 } });
  const progress: string[] = [];
  const snapshot = await gateway(progress).readSnapshot({ identity, projectGroups: false });
  expect(snapshot.repositories).toEqual(expected);
  expect(progress.some((line) => /repository list did not come in one answer.*one project at a time \(8 projects\)/.test(line))).toBe(true);
  expect(served.proxy.seen.filter((line) => PROJECT_REPOSITORIES.test(line))).toHaveLength(8);
});

test("a sign-in page in place of the list is explained, not parsed", async () => {
  served.proxy.rules.push({
    method: "GET",
    path: ALL_REPOSITORIES,
    action: { kind: "respond", status: 200, raw: "<html><body>Sign in to your account</body></html>", headers: { "content-type": "text/html" } },
  });
  await expect(gateway().readSnapshot({ identity, projectGroups: false })).rejects.toThrow(
    /answered GET \/fabrikam\/_apis\/git\/Repositories with an HTML page \(a proxy or sign-in page\?\) instead of JSON \(HTTP 200\)/i,
  );
});
