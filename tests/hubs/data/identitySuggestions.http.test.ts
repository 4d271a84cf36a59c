/**
 * Suggestions while typing, over real HTTP to the emulator's demo organization: users and service principals
 * whose name, sign-in name or mail starts with what was typed (Graph subject query), never groups; a picked
 * suggestion's descriptor then names exactly that identity for the check.
 */
import * as path from "node:path";
import { bearerAuth } from "../../../src/ado/http/auth";
import { fixedHostResolver } from "../../../src/ado/resource-areas";
import { loadSeed, startEmulator, type OrgSeed, type RunningEmulator } from "../../../emulator";
import { hostTokenFor } from "../../../dev/host/hostToken";
import { createGatewayAuditSource } from "../../../src/hubs/data/gatewayAuditSource";

let seed: OrgSeed;
let emulator: RunningEmulator;
let source: ReturnType<typeof createGatewayAuditSource>;
const signal = () => new AbortController().signal;

beforeAll(async () => {
  seed = loadSeed(path.resolve(__dirname, "../../../emulator/seeds/demo.json"));
  emulator = await startEmulator({ seeds: [seed] });
  const orgUrl = `${emulator.orgUrl(seed.organization.name)}/`;
  const token = hostTokenFor(seed).token;
  const response = await fetch(`${orgUrl}_apis/ResourceAreas?api-version=7.1-preview.1`, { headers: { Authorization: `Bearer ${token}` } });
  const areas = (await response.json()) as { value: { id: string; locationUrl: string }[] };
  source = createGatewayAuditSource({
    org: { name: seed.organization.name, url: orgUrl },
    auth: bearerAuth(token),
    hosts: fixedHostResolver(Object.fromEntries(areas.value.map((a) => [a.id, a.locationUrl]))),
  });
});

afterAll(() => emulator.stop());

test("the start of a sign-in name suggests that user, with its name and kind", async () => {
  const found = await source.suggestIdentities!("svc-d", signal());
  expect(found).toContainEqual({
    displayName: expect.any(String),
    principalName: "svc-dbt@contoso.com",
    kind: "user",
    subjectDescriptor: expect.stringMatching(/^aad\./),
  });
  expect(found.every((s) => s.principalName.toLowerCase().startsWith("svc-d") || s.displayName.toLowerCase().startsWith("svc-d"))).toBe(true);
});

test("service principals are suggested as such; groups never are", async () => {
  const principal = seed.servicePrincipals![0];
  const found = await source.suggestIdentities!(principal.displayName.slice(0, 6), signal());
  expect(found).toContainEqual(
    expect.objectContaining({ displayName: principal.displayName, principalName: principal.applicationId, kind: "servicePrincipal" }),
  );
  const group = seed.groups.find((candidate) => candidate.project === undefined && candidate.displayName.length > 6)!;
  const groups = await source.suggestIdentities!(group.displayName.slice(0, 6), signal());
  expect(groups.some((s) => s.displayName === group.displayName)).toBe(false);
});

test("a picked suggestion's descriptor looks up exactly that identity", async () => {
  const principal = seed.servicePrincipals![0];
  const [suggestion] = (await source.suggestIdentities!(principal.displayName, signal())).filter((s) => s.kind === "servicePrincipal");
  const identity = await source.resolveIdentity(suggestion.subjectDescriptor);
  expect(identity).toMatchObject({ displayName: principal.displayName, kind: "servicePrincipal" });
});

test("one character, or a descriptor, is not searched", async () => {
  const before = emulator.stats.requests;
  await expect(source.suggestIdentities!("s", signal())).resolves.toEqual([]);
  await expect(source.suggestIdentities!("aad.MDA0NzBlMzQtZGE2MS03YTY5", signal())).resolves.toEqual([]);
  expect(emulator.stats.requests).toBe(before);
});
