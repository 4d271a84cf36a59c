/**
 * readSnapshot against a scripted organization (no emulator): what it asks for, and that the number of
 * requests does not grow with projects and repositories while the naive reader's does.
 */
import { patAuth } from "../../../src/ado/http/auth";
import { AdoGateway } from "../../../src/ado/gateway";
import { parseOrganization } from "../../../src/ado/organization";
import { fakeFetch, json, type RecordedRequest } from "../support/fake-fetch";

const TENANT = "72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60";
const USER = `Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT}\\svc-dbt@contoso.com`;
const sid = (tail: string) => `S-1-9-1551374245-1204400969-2402986413-2179408616-${tail}`;
const groupDescriptor = (tail: string) => `Microsoft.TeamFoundation.Identity;${sid(tail)}`;
const subject = (tail: string) => `vssgp.${Buffer.from(sid(tail)).toString("base64url")}`;
const guid = (n: number, kind: string) => `${kind}${String(n).padStart(7, "0")}-0000-4000-8000-000000000000`;

interface FakeOptions {
  entitlementStatus?: number;
  /** Graph memberships differ from the Identities API: "graphOnly" adds a parent of Readers only Graph lists, "identitiesOnly" drops the user's own. */
  graph?: "graphOnly" | "identitiesOnly";
}

const USER_SUBJECT = "aad.MDA0NzBlMzQtZGE2MS03YTY5";

function fakeOrg(projectCount: number, reposPerProject: number, options: FakeOptions = {}) {
  const projects = Array.from({ length: projectCount }, (_, i) => ({ id: guid(i, "a"), name: `Project ${i}`, visibility: "private" }));
  const repos = projects.flatMap((project, p) =>
    Array.from({ length: reposPerProject }, (_, r) => ({ id: guid(p * 100 + r, "b"), name: `repo-${r}`, project: { id: project.id } })),
  );
  const readers = (p: number) => ({
    descriptor: subject(`${p}-1-1`),
    principalName: `[Project ${p}]\\Readers`,
    displayName: "Readers",
    domain: `vstfs:///Classification/TeamProject/${projects[p].id}`,
  });
  const graphGroups = [
    { descriptor: subject("0-0-0-0-3"), principalName: "[contoso]\\Project Collection Valid Users", domain: "vstfs:///Framework/IdentityDomain/x" },
    ...projects.map((_, p) => readers(p)),
    { descriptor: subject("0-1-9"), principalName: "[contoso]\\Data Platform", domain: "vstfs:///Framework/IdentityDomain/x" },
  ];
  // Direct containers as Graph lists them (it also lists the Valid Users group, as the live service does).
  const graphParents: Record<string, string[]> = {
    [USER_SUBJECT]: options.graph === "identitiesOnly" ? [subject("0-0-0-0-3")] : [subject("0-1-1"), subject("0-0-0-0-3")],
    [subject("0-1-1")]: options.graph === "graphOnly" ? [subject("0-1-9")] : [],
    [subject("0-1-9")]: [],
  };
  const acl = (token: string) => ({ token, inheritPermissions: true, acesDictionary: { [USER]: { descriptor: USER, allow: 1, deny: 0 } } });
  const rootAcls = {
    "52d39943-cb85-4d7f-8fa8-c6baac873819": ["$PROJECT", ...projects.map((p) => `$PROJECT:vstfs:///Classification/TeamProject/${p.id}`)],
    "cb594ebe-87dd-4fc9-ac2c-6a10a4c92046": ["PublisherSecurity", ...projects.map((p) => `PublisherSecurity/${p.id}`)],
    "2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87": [
      "repoV2",
      ...projects.map((p) => `repoV2/${p.id}`),
      ...repos.map((r) => `repoV2/${r.project.id}/${r.id}`),
      ...repos.map((r) => `repoV2/${r.project.id}/${r.id}/refs/heads/6d00610069006e00`),
    ],
  } as Record<string, string[]>;

  const handler = (request: RecordedRequest): Response => {
    const url = new URL(request.url);
    const q = url.searchParams;
    const path = url.pathname.toLowerCase();
    if (path === "/contoso/_apis/resourceareas") {
      return json([
        { id: "bb1e7ec9-e901-4b68-999a-de7012b920f8", name: "Graph", locationUrl: "https://vssps.dev.azure.com/contoso/" },
        { id: "8a3d49b8-91f0-46ef-b33d-dda338c25db3", name: "IMS", locationUrl: "https://vssps.dev.azure.com/contoso/" },
        { id: "68ddce18-2501-45f1-a17b-7931a9922690", name: "MemberEntitlementManagement", locationUrl: "https://vsaex.dev.azure.com/contoso" },
      ]);
    }
    if (url.host === "vssps.dev.azure.com" && path === "/contoso/_apis/identities") {
      const self = {
        id: "81fa",
        descriptor: USER,
        subjectDescriptor: USER_SUBJECT,
        providerDisplayName: "dbt Service User",
        isActive: true,
        properties: { Account: { $value: "svc-dbt@contoso.com" } },
        memberOf: q.get("queryMembership") === "ExpandedUp" ? [groupDescriptor("0-1-1"), groupDescriptor("0-0-0-0-3")] : [groupDescriptor("0-1-1")],
      };
      if (q.get("searchFilter") === "General") return json([self]);
      const readersGroup = {
        id: "g",
        descriptor: groupDescriptor("0-1-1"),
        providerDisplayName: "[Project 0]\\Readers",
        isContainer: true,
        memberOf: [],
      };
      return json([self, readersGroup]);
    }
    if (url.host === "vssps.dev.azure.com" && path === "/contoso/_apis/graph/groups") {
      const start = Number(q.get("continuationToken") ?? 0);
      const page = graphGroups.slice(start, start + 50);
      const headers: Record<string, string> = start + 50 < graphGroups.length ? { "X-MS-ContinuationToken": String(start + 50) } : {};
      return json({ count: page.length, value: page }, 200, headers);
    }
    const membership = /^\/contoso\/_apis\/graph\/memberships\/([^/]+)$/.exec(path);
    if (url.host === "vssps.dev.azure.com" && membership && q.get("direction") === "up") {
      const member = decodeURIComponent(url.pathname.split("/").pop()!);
      const containers = graphParents[member] ?? [];
      return json({ count: containers.length, value: containers.map((containerDescriptor) => ({ containerDescriptor, memberDescriptor: member })) });
    }
    if (url.host === "vsaex.dev.azure.com" && path === "/contoso/_apis/userentitlements/81fa") {
      if (options.entitlementStatus) return json({ message: "denied" }, options.entitlementStatus);
      return json({
        accessLevel: { accountLicenseType: "express", licenseDisplayName: "Basic", status: "active" },
        lastAccessedDate: "2026-10-01T00:00:00Z",
      });
    }
    if (path === "/contoso/_apis/projects") {
      const start = Number(q.get("continuationToken") ?? 0);
      const headers: Record<string, string> = start + 100 < projects.length ? { "x-ms-continuationtoken": String(start + 100) } : {};
      return json(projects.slice(start, start + 100), 200, headers);
    }
    if (path === "/contoso/_apis/git/repositories") return json(repos);
    const repoMatch = /^\/contoso\/([^/]+)\/_apis\/git\/repositories$/.exec(path);
    if (repoMatch) return json(repos.filter((r) => r.project.id === repoMatch[1]));
    const aclMatch = /^\/contoso\/_apis\/accesscontrollists\/([0-9a-f-]+)$/.exec(path);
    if (aclMatch) {
      const all = rootAcls[aclMatch[1]];
      const token = q.get("token");
      if (token === null) return json(all.map(acl));
      const recurse = q.get("recurse") === "true";
      return json(all.filter((t) => t === token || (recurse && t.startsWith(`${token}/`))).map(acl));
    }
    return json({ message: `no route ${request.method} ${request.url}` }, 404);
  };
  return { handler, projects, repos };
}

function gatewayFor(handler: (request: RecordedRequest) => Response, progress: string[] = []) {
  const fake = fakeFetch(handler);
  const gateway = AdoGateway.forOrganization({
    org: parseOrganization("contoso"),
    auth: patAuth("abc123pat"),
    fetch: fake.fetch,
    onProgress: (message) => progress.push(message),
  });
  return { gateway, requests: fake.requests };
}

describe("readSnapshot over a scripted organization", () => {
  it("reads identity, groups, projects, repositories and ACLs in a fixed number of requests", async () => {
    const { handler } = fakeOrg(3, 2);
    const { gateway, requests } = gatewayFor(handler);
    const snapshot = await gateway.readSnapshot({ identity: "svc-dbt@contoso.com" });

    expect(snapshot.organization).toEqual({ name: "contoso", url: "https://dev.azure.com/contoso/" });
    expect(snapshot.identity).toMatchObject({
      id: "81fa",
      principalName: "svc-dbt@contoso.com",
      kind: "user",
      descriptor: USER,
      memberOf: [groupDescriptor("0-1-1")],
      entitlement: { accessLevel: "express", status: "active", lastAccessedDate: "2026-10-01T00:00:00Z", licenseDisplayName: "Basic" },
    });
    expect(snapshot.projects.map((p) => p.name)).toEqual(["Project 0", "Project 1", "Project 2"]);
    expect(snapshot.repositories).toHaveLength(6);
    // Branch tokens are dropped; roots, projects and repositories are kept.
    expect(snapshot.acls.gitRepositories).toHaveLength(1 + 3 + 6);
    expect(snapshot.acls.serviceHooks).toHaveLength(1 + 3);
    expect(snapshot.acls.project).toHaveLength(1 + 3);
    // The closure group gets its Graph name; Valid Users and every project's Readers are there for the core.
    const readers0 = snapshot.groups.find((g) => g.descriptor === groupDescriptor("0-1-1"));
    expect(readers0).toBeDefined();
    expect(snapshot.groups.filter((g) => g.wellKnown === "readers")).toHaveLength(3);
    expect(snapshot.groups.some((g) => g.wellKnown === "projectCollectionValidUsers")).toBe(true);

    // areas, identity (ExpandedUp), identities (Direct), graph groups, entitlement, projects, repos, 3 ACLs,
    // and Graph memberships for the user and its one group (not for the Valid Users group).
    expect(requests).toHaveLength(12);
    expect(gateway.requestCount()).toBe(12);
    expect(
      requests.filter((r) => r.url.includes("/graph/memberships/")).map((r) => decodeURIComponent(new URL(r.url).pathname.split("/").pop()!)),
    ).toEqual([USER_SUBJECT, subject("0-1-1")]);
    const aclQueries = requests.filter((r) => r.url.includes("accesscontrollists")).map((r) => new URL(r.url).searchParams);
    expect(aclQueries.every((q) => !q.has("includeExtendedInfo"))).toBe(true);
    expect(
      aclQueries
        .filter((q) => q.get("recurse") === "true")
        .map((q) => q.get("token"))
        .sort(),
    ).toEqual(["PublisherSecurity", "repoV2"]);
    const direct = requests.find((r) => new URL(r.url).searchParams.get("queryMembership") === "Direct");
    // Valid Users groups (implicit membership) are not looked up.
    expect(new URL(direct!.url).searchParams.get("descriptors")).toBe([USER, groupDescriptor("0-1-1")].join(","));
  });

  it("does not grow with projects and repositories (only paging adds requests), unlike the naive reader", async () => {
    const org = fakeOrg(250, 10);
    const efficient = gatewayFor(org.handler);
    const snapshot = await efficient.gateway.readSnapshot({ identity: "svc-dbt@contoso.com" });
    // 3 project pages and 6 Graph-group pages instead of 1 each; 2 Graph memberships requests (user, Readers).
    expect(efficient.gateway.requestCount()).toBe(12 + 2 + 5);

    const naive = gatewayFor(org.handler);
    const naiveSnapshot = await naive.gateway.readSnapshotNaive({ identity: "svc-dbt@contoso.com" });
    expect(naive.gateway.requestCount()).toBeGreaterThan(250 * 10);
    expect(naiveSnapshot).toEqual(snapshot);
  });

  it("limits projects, repositories, ACLs and groups to the selected projects", async () => {
    const { handler, projects } = fakeOrg(5, 2);
    const { gateway } = gatewayFor(handler);
    const snapshot = await gateway.readSnapshot({ identity: "svc-dbt@contoso.com", projects: ["project 3"] });
    expect(snapshot.projects.map((p) => p.id)).toEqual([projects[3].id]);
    expect(new Set(snapshot.repositories.map((r) => r.projectId))).toEqual(new Set([projects[3].id]));
    expect(snapshot.acls.gitRepositories.map((a) => a.token)).toEqual([
      "repoV2",
      `repoV2/${projects[3].id}`,
      ...snapshot.repositories.map((r) => `repoV2/${projects[3].id}/${r.id}`).sort(),
    ]);
    expect(snapshot.groups.filter((g) => g.wellKnown === "readers").map((g) => g.projectId)).toEqual(expect.arrayContaining([projects[3].id]));
    expect(snapshot.groups.filter((g) => g.wellKnown === "readers" && g.projectId !== projects[0].id && g.projectId !== projects[3].id)).toEqual([]);
  });

  it.each([403, 404])("leaves the entitlement undefined on a %i and says why", async (status) => {
    const progress: string[] = [];
    const { gateway } = gatewayFor(fakeOrg(1, 1, { entitlementStatus: status }).handler, progress);
    const snapshot = await gateway.readSnapshot({ identity: "svc-dbt@contoso.com" });
    expect(snapshot.identity.entitlement).toBeUndefined();
    expect(progress.join("\n")).toMatch(/Could not read the access level of svc-dbt@contoso\.com/);
  });
});

describe("memberships from two sources", () => {
  it("uses a group only Graph memberships reach, and names it in the progress output", async () => {
    const progress: string[] = [];
    const { gateway } = gatewayFor(fakeOrg(1, 1, { graph: "graphOnly" }).handler, progress);
    const snapshot = await gateway.readSnapshot({ identity: "svc-dbt@contoso.com" });
    const readers0 = snapshot.groups.find((g) => g.descriptor === groupDescriptor("0-1-1"));
    expect(readers0?.memberOf).toEqual([groupDescriptor("0-1-9")]);
    expect(snapshot.groups.find((g) => g.descriptor === groupDescriptor("0-1-9"))).toMatchObject({
      principalName: "[contoso]\\Data Platform",
      memberOf: [],
    });
    expect(progress).toContain("Graph memberships list 1 group the Identities API does not: [contoso]\\Data Platform (the audit uses both).");
  });

  it("keeps a membership only the Identities API lists, and names it", async () => {
    const progress: string[] = [];
    const { gateway } = gatewayFor(fakeOrg(1, 1, { graph: "identitiesOnly" }).handler, progress);
    const snapshot = await gateway.readSnapshot({ identity: "svc-dbt@contoso.com" });
    expect(snapshot.identity.memberOf).toEqual([groupDescriptor("0-1-1")]);
    expect(progress).toContain("The Identities API lists 1 group Graph memberships do not: [Project 0]\\Readers (the audit uses both).");
  });

  it("says when both sources agree (Valid Users groups, implicit, are not compared)", async () => {
    const progress: string[] = [];
    const { gateway } = gatewayFor(fakeOrg(1, 1).handler, progress);
    await gateway.readSnapshot({ identity: "svc-dbt@contoso.com" });
    expect(progress).toContain("Group memberships: the Identities API and Graph agree (1 group)");
  });
});
