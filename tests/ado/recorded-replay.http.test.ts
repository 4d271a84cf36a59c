/**
 * The gateway's readers on responses recorded from the live service (see tests/ado/support/recorded.ts): a whole
 * audit read (readSnapshot) and an identity lookup, each request answered with what Azure DevOps really sent.
 */
import { AdoGateway, patAuth, parseOrganization } from "../../src/ado";
import { AUDIT_READ_ROUTES, RECORDED_USER, recorded, startReplay, type ReplayServer } from "./support/recorded";

const USER = RECORDED_USER;

let replay: ReplayServer;
beforeEach(async () => {
  replay = await startReplay(AUDIT_READ_ROUTES);
});
afterEach(() => replay.stop());

function gateway(progress: string[] = []): AdoGateway {
  return AdoGateway.forOrganization({ org: parseOrganization(replay.orgUrl), auth: patAuth("recorded"), onProgress: (m) => progress.push(m) });
}

test("an identity found by e-mail in a recorded Identities search", async () => {
  const ref = await gateway().resolveIdentity(USER);
  expect(replay.unmatched).toEqual([]);
  expect(ref).toMatchObject({
    id: "323989e2-d2d7-4483-9903-d20b58fa7258",
    principalName: USER,
    kind: "user",
    subjectDescriptor: "aad.NjdiY2I3OGMtZTgyYy03OWRmLWJlMmEtZTRmZjBkOTdhMmM4",
    isActive: true,
  });
  expect(ref.descriptor).toBe(`Microsoft.IdentityModel.Claims.ClaimsIdentity;72f988bf-86f1-41af-91ab-2d7cd011db47\\${USER}`);
});

test("a whole audit read on recorded answers: projects, entitlement, Graph groups and memberships, live projects' ACLs only", async () => {
  const progress: string[] = [];
  const snapshot = await gateway(progress).readSnapshot({ identity: USER });
  expect(replay.unmatched).toEqual([]);
  expect(replay.requests.filter((r) => r.includes("/_apis/graph/memberships/")).length).toBeGreaterThan(1);

  const projects = (recorded("az-cli-2026/test_invoke_command_basic__003.json").body as { value: { id: string; name: string }[] }).value;
  expect(snapshot.projects.map((p) => p.id).sort()).toEqual(projects.map((p) => p.id).sort());
  expect(snapshot.identity).toMatchObject({ principalName: USER, kind: "user", entitlement: { accessLevel: expect.any(String) } });

  // The unfiltered listing has 371 ACLs, most of them of deleted projects: only the live projects' stay.
  const listed = (recorded("az-cli-2025/test_devops_security_permission_tests_2025__014.json").body as { value: { token: string }[] }).value;
  expect(listed).toHaveLength(371);
  const live = new Set(projects.map((p) => `$project:vstfs:///classification/teamproject/${p.id}`));
  expect(snapshot.acls.project.length).toBeGreaterThan(0);
  expect(snapshot.acls.project.length).toBeLessThan(listed.length);
  expect(snapshot.acls.project.every((acl) => live.has(acl.token.toLowerCase()))).toBe(true);

  // Graph memberships on the recorded shape: the containers are named from the recorded Graph groups.
  const team = snapshot.groups.find((g) => g.principalName === "[GroupTests_000001]\\GroupTests_000001 Team");
  expect(team).toBeDefined();
  expect(snapshot.identity.memberOf).toContain(team!.descriptor);
  expect(progress.join("\n")).toMatch(/Graph memberships list \d+ groups? the Identities API does not/);
});
