/**
 * Memberships from two sources over real HTTP: the emulator's seed gives the service user an Entra group membership
 * that only Graph memberships list (`graphOnlyMembers`); the audit read still counts it and names it.
 */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { call } from "../emulator/support";
import { demoSeed, gatewayFor, SERVICE_USER } from "./support/emulator";

const ENTRA_GROUP = "[TEAM FOUNDATION]\\Data Platform Engineers";

let emulator: RunningEmulator;
beforeAll(async () => {
  const seed = demoSeed();
  const group = seed.groups.find((g) => g.displayName === "Data Platform Engineers")!;
  group.graphOnlyMembers = [SERVICE_USER];
  emulator = await startEmulator({ seeds: [seed] });
});
afterAll(() => emulator.stop());

test("the Identities API does not list the membership; Graph memberships do", async () => {
  const identities = await call(
    emulator,
    `/vssps/contoso/_apis/identities?searchFilter=General&filterValue=${SERVICE_USER}&queryMembership=ExpandedUp`,
  );
  const group = emulator.state("contoso").identities.find((i) => i.principalName === ENTRA_GROUP)!;
  expect(identities.json.value[0].memberOf.map((d: string) => d.toLowerCase())).not.toContain(group.descriptor.toLowerCase());
  const graph = await call(
    emulator,
    `/vssps/contoso/_apis/graph/memberships/${identities.json.value[0].subjectDescriptor}?direction=up&api-version=7.1-preview.1`,
  );
  expect(graph.json.value.map((edge: { containerDescriptor: string }) => edge.containerDescriptor)).toContain(group.subjectDescriptor);
});

test("the audit read uses the union and names the group only Graph knows", async () => {
  const { gateway, progress } = gatewayFor(emulator);
  const snapshot = await gateway.readSnapshot({ identity: SERVICE_USER });
  const group = snapshot.groups.find((g) => g.principalName === ENTRA_GROUP);
  expect(group).toBeDefined();
  expect(snapshot.identity.memberOf).toContain(group!.descriptor);
  expect(progress).toContain(`Graph memberships list 1 group the Identities API does not: ${ENTRA_GROUP} (the audit uses both).`);
});

test("an audit read, which lists no Graph groups, names the group only Graph knows from the Identities API", async () => {
  const { gateway, progress, urls } = gatewayFor(emulator);
  const snapshot = await gateway.readSnapshot({ identity: SERVICE_USER, projectGroups: false });
  expect(urls.some((url) => /\/_apis\/graph\/groups(\?|$)/.test(url))).toBe(false);
  const group = snapshot.groups.find((g) => g.principalName === ENTRA_GROUP);
  expect(group).toBeDefined();
  expect(snapshot.identity.memberOf).toContain(group!.descriptor);
  expect(progress).toContain(`Graph memberships list 1 group the Identities API does not: ${ENTRA_GROUP} (the audit uses both).`);
});
