/** The gateway against the emulator's demo organization: discovery, one read per kind, identity and project resolution. */
import type { RunningEmulator } from "../../emulator";
import { audit } from "../../src/core/audit/audit";
import type { PermissionResult } from "../../src/core/audit/report";
import { AdoError, AdoGateway, bearerAuth, fixedHostResolver, parseOrganization, patAuth, RESOURCE_AREAS } from "../../src/ado";
import { demoSeed, gatewayFor, SERVICE_USER, withEmulator } from "./support/emulator";

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await withEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.resetStats());

async function caught(promise: Promise<unknown>): Promise<AdoError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(AdoError);
    return error as AdoError;
  }
  throw new Error("expected an AdoError");
}

/** Graph memberships requests for the demo service user: itself and its six groups. */
const GRAPH_WALK = 7;

describe("readSnapshot on the demo organization", () => {
  it("reads everything with one request per kind of data, counted like the server counts them", async () => {
    const { gateway } = gatewayFor(emulator);
    const snapshot = await gateway.readSnapshot({ identity: SERVICE_USER });

    expect(snapshot.projects.map((p) => p.name)).toEqual(["Analytics", "Finance", "HR", "Marketing", "Platform"]);
    expect(snapshot.repositories).toHaveLength(13);
    // The Project namespace listing also has the demo's deleted projects' ACLs; only live projects' are kept.
    const live = new Set(snapshot.projects.map((p) => `$PROJECT:vstfs:///Classification/TeamProject/${p.id}`.toLowerCase()));
    expect(snapshot.acls.project.length).toBeGreaterThan(0);
    expect(snapshot.acls.project.every((acl) => acl.token === "$PROJECT" || live.has(acl.token.toLowerCase()))).toBe(true);
    expect(snapshot.identity).toMatchObject({
      id: "81fa6389-0872-6fdd-a451-7ba7880f566a",
      principalName: SERVICE_USER,
      kind: "user",
      subjectDescriptor: "aad.MDA0NzBlMzQtZGE2MS03YTY5LWJkOTYtNDg3YTg0OWVjNTU4",
      entitlement: { accessLevel: "express", status: "active", lastAccessedDate: "2026-10-17T07:45:00Z" },
    });
    expect(emulator.stats.byRoute).toEqual({
      "GET resourceareas": 1,
      "GET identities": 2,
      "GET groups": 1,
      "GET userentitlements": 1,
      "GET projects": 1,
      "GET repositories": 1,
      "GET accesscontrollists": 3,
      // Graph memberships walked upward: the identity and each of its 6 groups (Valid Users groups are not walked).
      "GET memberships": GRAPH_WALK,
    });
    expect(gateway.requestCount()).toBe(10 + GRAPH_WALK);
    expect(gateway.requestCount()).toBe(emulator.stats.requests);
  });

  it("finds the Graph, Identities and entitlement hosts through the resource areas, not by guessing", async () => {
    const { gateway, urls } = gatewayFor(emulator);
    await gateway.readSnapshot({ identity: SERVICE_USER });
    const base = emulator.baseUrl;
    expect(urls[0]).toBe(`${base}/contoso/_apis/ResourceAreas`);
    expect(urls.filter((url) => /\/_apis\/identities\?/.test(url)).every((url) => url.startsWith(`${base}/vssps/contoso/`))).toBe(true);
    expect(urls.filter((url) => /\/_apis\/graph\/groups/.test(url)).every((url) => url.startsWith(`${base}/vssps/contoso/`))).toBe(true);
    expect(urls.filter((url) => /userentitlements/.test(url))).toEqual([
      `${base}/vsaex/contoso/_apis/userentitlements/81fa6389-0872-6fdd-a451-7ba7880f566a`,
    ]);
    expect(urls.filter((url) => /accesscontrollists|projects|repositories/i.test(url)).every((url) => url.startsWith(`${base}/contoso/_apis/`))).toBe(
      true,
    );
  });

  it("gives the core everything it needs: the audit finds exactly the seed's expected gaps", async () => {
    const { gateway } = gatewayFor(emulator);
    const report = audit(await gateway.readSnapshot({ identity: SERVICE_USER }), { now: new Date("2026-11-26T00:00:00Z") });
    const gaps: { project: string; repository?: string; permission: string; effective: string }[] = [];
    const collect = (project: string, repository: string | undefined, permissions: Record<string, PermissionResult>) => {
      for (const [permission, result] of Object.entries(permissions)) {
        if (result.effective !== "allow") gaps.push({ project, ...(repository ? { repository } : {}), permission, effective: result.effective });
      }
    };
    for (const project of report.projects) {
      collect(project.name, undefined, project.permissions);
      for (const repository of project.repositories) collect(project.name, repository.name, repository.permissions);
    }
    const key = (gap: { project: string; repository?: string; permission: string }) => `${gap.project}/${gap.repository ?? ""}/${gap.permission}`;
    const expected = (demoSeed().expectedGaps ?? []).map(({ project, repository, permission, effective }) => ({
      project,
      ...(repository ? { repository } : {}),
      permission,
      effective,
    }));
    expect(gaps.sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expected.sort((a, b) => key(a).localeCompare(key(b))));
  });

  it("reads the same snapshot as the naive reader, in far fewer requests", async () => {
    const efficient = gatewayFor(emulator);
    const snapshot = await efficient.gateway.readSnapshot({ identity: SERVICE_USER });
    emulator.resetStats();
    const naive = gatewayFor(emulator);
    const naiveSnapshot = await naive.gateway.readSnapshotNaive({ identity: SERVICE_USER });
    expect(naiveSnapshot).toEqual(snapshot);
    // 3 roots + 3 tokens for each of 5 projects + 13 repositories; repositories listed per project.
    expect(emulator.stats.byRoute["GET accesscontrollists"]).toBe(3 + 3 * 5 + 13);
    expect(emulator.stats.byRoute["GET repositories"]).toBe(5);
    // Both readers walk the same Graph memberships; everything else is far cheaper.
    expect(naive.gateway.requestCount() - GRAPH_WALK).toBeGreaterThan((efficient.gateway.requestCount() - GRAPH_WALK) * 4);
  });

  it("limits the snapshot to the projects asked for", async () => {
    const { gateway } = gatewayFor(emulator);
    const snapshot = await gateway.readSnapshot({ identity: SERVICE_USER, projects: ["finance"] });
    expect(snapshot.projects.map((p) => p.name)).toEqual(["Finance"]);
    const financeId = snapshot.projects[0].id;
    expect(snapshot.repositories.every((r) => r.projectId === financeId)).toBe(true);
    expect(
      snapshot.acls.serviceHooks
        .map((acl) => acl.token)
        .every((token) => token === "PublisherSecurity" || token === `PublisherSecurity/${financeId}`),
    ).toBe(true);
  });

  it("reads a service principal and its entitlement from serviceprincipalentitlements", async () => {
    const { gateway } = gatewayFor(emulator);
    const snapshot = await gateway.readSnapshot({ identity: "dbt Labs Azure DevOps app" });
    expect(snapshot.identity.kind).toBe("servicePrincipal");
    expect(snapshot.identity.descriptor).toMatch(/^Microsoft\.VisualStudio\.Services\.Claims\.AadServicePrincipal;/);
    expect(snapshot.identity.entitlement?.accessLevel).toBe("express");
    expect(emulator.stats.byRoute["GET serviceprincipalentitlements"]).toBe(1);
    expect(emulator.stats.byRoute["GET userentitlements"]).toBeUndefined();
  });

  it("reads a Stakeholder access level", async () => {
    const { gateway } = gatewayFor(emulator);
    const snapshot = await gateway.readSnapshot({ identity: "svc-dbt-stakeholder@contoso.com" });
    expect(snapshot.identity.entitlement).toMatchObject({ accessLevel: "stakeholder", licenseDisplayName: "Stakeholder" });
  });

  it("uses an injected host resolver (the extension's path) without reading the resource areas", async () => {
    const vssps = `${emulator.baseUrl}/vssps/contoso`;
    const asked: string[] = [];
    const resolver = fixedHostResolver({
      [RESOURCE_AREAS.git]: emulator.orgUrl("contoso"),
      [RESOURCE_AREAS.graph]: vssps,
      [RESOURCE_AREAS.ims]: vssps,
      [RESOURCE_AREAS.memberEntitlementManagement]: `${emulator.baseUrl}/vsaex/contoso/`,
    });
    const gateway = new AdoGateway({
      org: parseOrganization(emulator.orgUrl("contoso")),
      auth: bearerAuth("demo-admin-bearer"),
      hosts: (areaId) => {
        asked.push(areaId);
        return resolver(areaId);
      },
    });
    const snapshot = await gateway.readSnapshot({ identity: SERVICE_USER });
    expect(snapshot.identity.entitlement?.accessLevel).toBe("express");
    expect(emulator.stats.byRoute["GET resourceareas"]).toBeUndefined();
    expect(new Set(asked)).toEqual(
      new Set([RESOURCE_AREAS.git, RESOURCE_AREAS.graph, RESOURCE_AREAS.ims, RESOURCE_AREAS.memberEntitlementManagement]),
    );
  });

  it("says which service is missing when the resolver cannot place it", async () => {
    const gateway = new AdoGateway({
      org: parseOrganization(emulator.orgUrl("contoso")),
      auth: patAuth("demo-admin-pat"),
      hosts: fixedHostResolver({}),
    });
    const error = await caught(gateway.resolveIdentity(SERVICE_USER));
    expect(error.kind).toBe("notFound");
    expect(error.message).toContain(RESOURCE_AREAS.ims);
  });

  it("works with a bearer token", async () => {
    const { gateway } = gatewayFor(emulator, { auth: bearerAuth("demo-admin-bearer") });
    await expect(gateway.resolveProjects(["Analytics"])).resolves.toHaveLength(1);
  });
});

describe("resolveIdentity", () => {
  const svc = { id: "81fa6389-0872-6fdd-a451-7ba7880f566a", principalName: SERVICE_USER, kind: "user" };

  it.each([
    ["UPN", SERVICE_USER],
    ["UPN in other case", "SVC-DBT@Contoso.com"],
    ["display name", "dbt Service User"],
    ["subject descriptor", "aad.MDA0NzBlMzQtZGE2MS03YTY5LWJkOTYtNDg3YTg0OWVjNTU4"],
    ["identity descriptor", "Microsoft.IdentityModel.Claims.ClaimsIdentity;72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60\\svc-dbt@contoso.com"],
  ])("finds the service user by %s", async (_, query) => {
    const { gateway } = gatewayFor(emulator);
    await expect(gateway.resolveIdentity(query)).resolves.toMatchObject(svc);
  });

  it("finds an Entra service principal", async () => {
    const { gateway } = gatewayFor(emulator);
    const sp = await gateway.resolveIdentity("dbt Labs Azure DevOps app");
    expect(sp.kind).toBe("servicePrincipal");
    const again = await gateway.resolveIdentity(sp.subjectDescriptor);
    expect(again.id).toBe(sp.id);
    expect(sp.subjectDescriptor).toMatch(/^aadsp\./);
  });

  it("reports an unknown identity as notFound", async () => {
    const { gateway } = gatewayFor(emulator);
    const error = await caught(gateway.resolveIdentity("nobody@contoso.com"));
    expect(error.kind).toBe("notFound");
    expect(error.message).toContain('"nobody@contoso.com"');
  });

  it("reports an ambiguous display name with its candidates", async () => {
    const { gateway } = gatewayFor(emulator);
    const error = await caught(gateway.resolveIdentity("Data Engineer"));
    expect(error.kind).toBe("ambiguous");
    expect(error.candidates).toEqual(["Data Engineer <dana.lee@contoso.com>", "Data Engineer <sam.ortiz@contoso.com>"]);
  });

  it("refuses a group as the identity to audit", async () => {
    const { gateway } = gatewayFor(emulator);
    const error = await caught(gateway.resolveIdentity("[Analytics]\\Readers"));
    expect(error.kind).toBe("notFound");
    expect(error.message).toMatch(/only groups match it/);
  });
});

describe("resolveProjects", () => {
  it("matches names and ids case-insensitively", async () => {
    const { gateway } = gatewayFor(emulator);
    const [analytics] = await gateway.resolveProjects(["analytics"]);
    expect(analytics).toEqual({ id: "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c", name: "Analytics", visibility: "private" });
    const byId = await gateway.resolveProjects([analytics.id.toUpperCase(), "HR"]);
    expect(byId.map((p) => p.name)).toEqual(["Analytics", "HR"]);
  });

  it("names the unknown project", async () => {
    const { gateway } = gatewayFor(emulator);
    const error = await caught(gateway.resolveProjects(["Analytcs"]));
    expect(error.kind).toBe("notFound");
    expect(error.message).toMatch(/^Project "Analytcs" was not found in contoso/);
  });
});
