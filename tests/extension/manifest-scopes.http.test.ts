/**
 * The extension's OAuth scopes cover every call its hubs make. Each hub's data adapters run through the gateway
 * against the emulator, which checks every route's scopes like Azure DevOps does, signed in with a token that
 * carries exactly the manifest's scopes (as the token the SDK hands the hubs does): the Permissions tab (find the
 * identity, audit), the grant panel (read, plan, check the caller, apply) and the Service hooks tab (read, clean
 * up). Without any one of the manifest's scopes, some call is refused: so each declared scope is needed.
 */
import * as path from "node:path";
import { manifestScopes, withExtensionToken } from "../../dev/host/hostToken";
import { loadSeed, startEmulator, type OrgSeed, type RunningEmulator } from "../../emulator";
import { bearerAuth } from "../../src/ado/http/auth";
import { isAdoError } from "../../src/ado/http/errors";
import { fixedHostResolver } from "../../src/ado/resource-areas";
import { planHooksCleanup } from "../../src/core/hooks/index";
import { createGatewayAuditSource } from "../../src/hubs/data/gatewayAuditSource";
import { createGatewayGrantSource } from "../../src/hubs/data/gatewayGrantSource";
import { createGatewayHooksSource } from "../../src/hubs/data/gatewayHooksSource";
import { hooksSeed } from "../support/hooks-seed";

const ROOT = path.join(__dirname, "..", "..");
const MANIFEST_SCOPES = manifestScopes(ROOT);
const idle = () => ({ signal: new AbortController().signal, onProgress: () => undefined });

interface Drive {
  /** Each step that failed, with the error's kind and HTTP status. */
  failures: string[];
  /** Writes the emulators saw, by route. */
  writes: Record<string, number>;
}

/** The seed with an administrator's Bearer token carrying `scopes`, and how to talk to its organization. */
async function organization(seed: OrgSeed, admin: string, scopes: string[]) {
  const withAdminBearer: OrgSeed = { ...seed, tokens: [...seed.tokens, { token: `${admin}-bearer`, identity: admin, kind: "bearer" }] };
  const extension = withExtensionToken(withAdminBearer, scopes);
  const emulator = await startEmulator({ seeds: [extension.seed] });
  const orgUrl = `${emulator.orgUrl(seed.organization.name)}/`;
  // Resource areas are anonymous: what the host's location service answers.
  const areas = (await (await fetch(`${orgUrl}_apis/ResourceAreas?api-version=7.1-preview.1`)).json()) as {
    value: { id: string; locationUrl: string }[];
  };
  const audit = createGatewayAuditSource({
    org: { name: seed.organization.name, url: orgUrl },
    auth: bearerAuth(extension.token),
    hosts: fixedHostResolver(Object.fromEntries(areas.value.map((a) => [a.id, a.locationUrl]))),
    retry: { maxRetries: 0 },
  });
  return { emulator, audit };
}

async function drive(scopes: string[]): Promise<Drive> {
  const failures: string[] = [];
  const emulators: RunningEmulator[] = [];
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      failures.push(isAdoError(error) ? `${name}: ${error.kind} ${error.status ?? ""}`.trim() : `${name}: ${String(error)}`);
      return undefined;
    }
  };
  try {
    const permissions = await organization(loadSeed(path.join(ROOT, "emulator", "seeds", "demo.json")), "admin@contoso.com", scopes);
    emulators.push(permissions.emulator);
    const grant = createGatewayGrantSource({ gateway: permissions.audit.gateway });
    const identity = await step("find identity", () => permissions.audit.resolveIdentity("svc-dbt@contoso.com"));
    const report = identity && (await step("audit", () => permissions.audit.runAudit(identity, idle())));
    const state = report && (await step("grant read", () => grant.readState(report.identity, idle())));
    if (report && state) {
      const plan = grant.plan(state, "project");
      await step("grant caller check", () => grant.checkCaller(plan, state));
      const applied = await step("grant apply", () => grant.apply(report.identity, plan, "project", () => undefined));
      if (applied?.outcome.failed) failures.push(`grant apply: ${applied.outcome.failed.kind} (${applied.outcome.failed.message})`);
    }

    const hooksOrg = await organization(hooksSeed(), "admin@contoso.com", scopes);
    emulators.push(hooksOrg.emulator);
    const hooks = createGatewayHooksSource({ gateway: hooksOrg.audit.gateway });
    const read = await step("hooks read", () => hooks.read(idle()));
    if (read) await step("hooks clean-up", () => hooks.cleanUp(planHooksCleanup(read.snapshot, read.report), idle()));

    const writes: Record<string, number> = {};
    for (const emulator of emulators) {
      for (const [route, count] of Object.entries(emulator.stats.byRoute))
        if (!route.startsWith("GET ")) writes[route] = (writes[route] ?? 0) + count;
    }
    return { failures, writes };
  } finally {
    await Promise.all(emulators.map((emulator) => emulator.stop()));
  }
}

test("the manifest declares the scopes this test checks", () => {
  expect(MANIFEST_SCOPES.length).toBeGreaterThan(0);
  expect(MANIFEST_SCOPES.every((scope) => /^vso\.[a-z_]+$/.test(scope))).toBe(true);
});

test("a token with exactly the manifest's scopes makes every call of every hub, writes included", async () => {
  const { failures, writes } = await drive(MANIFEST_SCOPES);
  expect(failures).toEqual([]);
  // The writes really ran: ACEs, a group membership, and subscription clean-up.
  expect(writes["POST accesscontrolentries"]).toBeGreaterThan(0);
  expect(writes["PUT memberships"]).toBeGreaterThan(0);
  expect(writes["DELETE subscriptions"]).toBeGreaterThan(0);
});

test.each(MANIFEST_SCOPES)("without %s, some hub call is refused with 401", async (missing) => {
  const { failures } = await drive(MANIFEST_SCOPES.filter((scope) => scope !== missing));
  expect(failures.length).toBeGreaterThan(0);
  // Refused as the service refuses a token without the scope: 401, an authentication error (not a 403).
  expect(failures.every((failure) => /: auth\b/.test(failure))).toBe(true);
});
