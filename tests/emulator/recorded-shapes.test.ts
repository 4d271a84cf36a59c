/**
 * The emulator answers in the shapes the live service sends: for each endpoint with a public recording
 * (tests/fixtures/recorded), every field the recorded body has is in the emulator's answer too, and the emulator adds
 * none the service does not send, except where noted.
 */
import type { RunningEmulator } from "../../emulator";
import { recorded } from "../ado/support/recorded";
import { NS, SVC, SVC_SUBJECT, call, demoIds, q, startDemo } from "./support";

/** Field paths of a JSON body: `a.b`, arrays as `[]` (first element), maps keyed by data (ACEs) as `{key}`. */
function fieldPaths(body: unknown, prefix = ""): Set<string> {
  const paths = new Set<string>();
  const walk = (value: unknown, at: string) => {
    if (Array.isArray(value)) {
      if (value.length > 0) walk(value[0], `${at}[]`);
      return;
    }
    if (value === null || typeof value !== "object") {
      paths.add(at);
      return;
    }
    for (const [key, child] of Object.entries(value)) walk(child, at.endsWith("acesDictionary") ? `${at}.{key}` : `${at}.${key}`);
  };
  walk(body, prefix);
  return paths;
}

function compare(recordedBody: unknown, emulatorBody: unknown) {
  const want = fieldPaths(recordedBody);
  const got = fieldPaths(emulatorBody);
  return { missing: [...want].filter((p) => !got.has(p)).sort(), extra: [...got].filter((p) => !want.has(p)).sort() };
}

let emu: RunningEmulator;
const ids = demoIds();
beforeAll(async () => {
  emu = await startDemo();
});
afterAll(() => emu.stop());

const body = (file: string) => recorded(file).body;

test("resource areas, projects and Identities searches", async () => {
  expect(compare(body("az-cli-2026/test_invoke_command_basic__001.json"), (await call(emu, "/contoso/_apis/ResourceAreas")).json)).toEqual({
    missing: [],
    extra: [],
  });
  // The demo's projects have descriptions; the recorded ones do not (the service omits an empty description).
  expect(compare(body("az-cli-2026/test_invoke_command_basic__003.json"), (await call(emu, "/contoso/_apis/projects")).json)).toEqual({
    missing: [],
    extra: [".value[].description"],
  });
  const search = await call(emu, `/vssps/contoso/_apis/identities?searchFilter=General&filterValue=${q("svc-dbt@contoso.com")}`);
  // PUID and ComplianceValidated are per-account data the emulator does not model.
  expect(compare(body("az-cli-2026/test_devops_security_permission_tests__012.json"), search.json)).toEqual({
    missing: [
      ".value[].properties.ComplianceValidated.$type",
      ".value[].properties.ComplianceValidated.$value",
      ".value[].properties.PUID.$type",
      ".value[].properties.PUID.$value",
    ],
    extra: [],
  });
});

test("Graph groups and upward memberships", async () => {
  const groups = await call(emu, "/vssps/contoso/_apis/graph/groups?api-version=7.1-preview.1");
  // The recorded project groups carry no isCrossProject (only Entra groups do, which the demo has).
  expect(compare(body("az-cli-2026/test_devops_group_and_member_tests__011.json"), groups.json).missing).toEqual([]);
  const up = await call(emu, `/vssps/contoso/_apis/graph/memberships/${SVC_SUBJECT}?direction=up&api-version=7.1-preview.1`);
  expect(compare(body("az-cli-2026/test_devops_group_and_member_tests__041.json"), up.json)).toEqual({ missing: [], extra: [] });

  // The live service lists a project group's Project Valid Users among its containers (the recording's last
  // SID tail -0-0-0-0-3 is the project's Valid Users group, per the recorded project group list).
  const recordedContainers = (body("az-cli-2026/test_devops_group_and_member_tests__041.json") as { value: { containerDescriptor: string }[] }).value;
  const recordedGroups = (
    body("az-cli-2026/test_devops_group_and_member_tests__011.json") as { value: { descriptor: string; principalName: string }[] }
  ).value;
  const validUsers = recordedGroups.find((g) => g.principalName.endsWith("\\Project Valid Users"))!.descriptor;
  expect(recordedContainers.map((c) => c.containerDescriptor)).toContain(validUsers);
  const state = emu.state("contoso");
  const readers = state.identities.find((i) => i.principalName === "[Analytics]\\Readers")!;
  const analyticsValidUsers = state.identities.find((i) => i.principalName === "[Analytics]\\Project Valid Users")!;
  const readersUp = await call(emu, `/vssps/contoso/_apis/graph/memberships/${readers.subjectDescriptor}?direction=up&api-version=7.1-preview.1`);
  expect(readersUp.json.value.map((edge: { containerDescriptor: string }) => edge.containerDescriptor)).toContain(
    analyticsValidUsers.subjectDescriptor,
  );
});

test("user entitlements: one, and the last page of the list with an empty continuationToken", async () => {
  const one = await call(emu, "/vsaex/contoso/_apis/userentitlements/81fa6389-0872-6fdd-a451-7ba7880f566a");
  expect(compare(body("az-cli-2026/test_devops_user_command_addUpdateListShowRemove__006.json"), one.json).missing).toEqual([]);
  const page = await call(emu, "/vsaex/contoso/_apis/userentitlements?top=100");
  expect(compare(body("az-cli-2026/test_devops_user_command_addUpdateListShowRemove__000.json"), page.json).missing).toEqual([]);
  expect((body("az-cli-2026/test_devops_user_command_addUpdateListShowRemove__000.json") as { continuationToken: unknown }).continuationToken).toBe(
    "",
  );
  expect(page.json.continuationToken).toBe("");
});

test("security: the Project namespace as the service describes it, ACLs with includeExtendedInfo, an ACE write's answer", async () => {
  const recordedNamespace = (body("az-cli-2026/test_devops_security_permission_tests__011.json") as { value: Record<string, unknown>[] }).value[0];
  const namespace = (await call(emu, `/contoso/_apis/securitynamespaces/${NS.project}`)).json.value[0];
  const { actions: _recordedActions, ...recordedFields } = recordedNamespace;
  const { actions: _actions, ...fields } = namespace;
  expect(fields).toEqual(recordedFields);

  const token = `$PROJECT:vstfs:///Classification/TeamProject/${ids.project("Analytics")}`;
  const acls = await call(emu, `/contoso/_apis/accesscontrollists/${NS.project}?token=${q(token)}&includeExtendedInfo=true`);
  expect(compare(body("az-cli-2026/test_devops_security_permission_tests__015.json"), acls.json).missing).toEqual([]);

  const write = await call(emu, `/contoso/_apis/accesscontrolentries/${NS.hooks}?api-version=7.1`, {
    method: "POST",
    body: { token: `PublisherSecurity/${ids.project("Analytics")}`, merge: true, accessControlEntries: [{ descriptor: SVC, allow: 1, deny: 0 }] },
  });
  expect(compare(body("az-cli-2026/test_devops_security_permission_tests__018.json"), write.json)).toEqual({ missing: [], extra: [] });
});
