/**
 * The package's clients and ours send through the Transport: URLs are built by azure-devops-extension-api,
 * while auth, counting and errors are ours.
 */
import { CoreRestClient, GitRestClient } from "../../../src/ado/rest/api-clients";
import { patAuth } from "../../../src/ado/http/auth";
import { GraphListsRestClient } from "../../../src/ado/rest/graph-lists-client";
import { IdentitiesRestClient } from "../../../src/ado/rest/identities-client";
import { MemberEntitlementsRestClient } from "../../../src/ado/rest/entitlements-client";
import { SecurityRestClient } from "../../../src/ado/rest/security-client";
import { AdoError } from "../../../src/ado/http/errors";
import { collectPages } from "../../../src/ado/rest/paging";
import { listAllProjects } from "../../../src/ado/read/projects";
import { createRoutedClient } from "../../../src/ado/rest/routed-clients";
import { Transport } from "../../../src/ado/http/transport";
import { fakeFetch, json, type RecordedRequest } from "../support/fake-fetch";

const ORG = "https://dev.azure.com/contoso/";
const VSSPS = "https://vssps.dev.azure.com/contoso/";

function setup(handler: (request: RecordedRequest) => Response) {
  const fake = fakeFetch(handler);
  const transport = new Transport({ auth: patAuth("abc123pat"), fetch: fake.fetch });
  return { transport, requests: fake.requests };
}

describe("routed azure-devops-extension-api clients", () => {
  it("CoreRestClient asks for 1,000 projects a page and still follows the x-ms-continuationtoken header", async () => {
    const { transport, requests } = setup((request) => {
      const token = new URL(request.url).searchParams.get("continuationToken");
      if (token === null) return json([{ id: "p1", name: "Analytics", visibility: "private" }], 200, { "x-ms-continuationtoken": "1" });
      if (token === "1") return json([{ id: "p2", name: "Finance", visibility: "public" }], 200, { "x-ms-continuationtoken": "2" });
      return json([{ id: "p3", name: "Zeta", visibility: 2 }]);
    });
    const core = createRoutedClient(CoreRestClient, ORG, transport);
    const projects = await listAllProjects(core);
    expect(projects).toEqual([
      { id: "p1", name: "Analytics", visibility: "private" },
      { id: "p2", name: "Finance", visibility: "public" },
      { id: "p3", name: "Zeta", visibility: "public" },
    ]);
    expect(requests.map((request) => request.url)).toEqual([
      `${ORG}_apis/projects?%24top=1000`,
      `${ORG}_apis/projects?%24top=1000&continuationToken=1`,
      `${ORG}_apis/projects?%24top=1000&continuationToken=2`,
    ]);
    // Every request went through our transport: our auth header, our count.
    expect(requests.every((request) => request.headers.get("authorization") === "Basic OmFiYzEyM3BhdA==")).toBe(true);
    expect(requests[0].headers.get("accept")).toMatch(/^application\/json;api-version=7\.2-preview\.4;/);
    expect(transport.stats().requests).toBe(3);
  });

  it("accepts a wrapped {count,value} list as well as a bare array", async () => {
    const { transport } = setup(() => json({ count: 1, value: [{ id: "p1", name: "A" }] }));
    const projects = await listAllProjects(createRoutedClient(CoreRestClient, ORG, transport));
    expect(projects).toEqual([{ id: "p1", name: "A", visibility: "private" }]);
  });

  it("GitRestClient lists repositories organization-wide in one request", async () => {
    const { transport, requests } = setup(() => json([{ id: "r1", name: "dbt", project: { id: "p1" } }]));
    const git = createRoutedClient(GitRestClient, ORG.slice(0, -1), transport);
    await git.getRepositories();
    expect(requests.map((request) => request.url)).toEqual([`${ORG}_apis/git/Repositories`]);
  });

  it("errors surface as AdoError from inside the package's client", async () => {
    const { transport } = setup(() => json({ message: "TF200016: The following project does not exist: Nope." }, 404));
    const core = createRoutedClient(CoreRestClient, ORG, transport);
    await expect(core.getProject("Nope")).rejects.toMatchObject({ kind: "notFound", status: 404 });
    await expect(core.getProject("Nope")).rejects.toBeInstanceOf(AdoError);
  });
});

describe("clients on the package's base class", () => {
  it("SecurityRestClient encodes the token and the recurse flag", async () => {
    const { transport, requests } = setup(() =>
      json([{ token: "repoV2", inheritPermissions: true, acesDictionary: { "a;b": { descriptor: "a;b", allow: 2 } } }]),
    );
    const security = createRoutedClient(SecurityRestClient, ORG, transport);
    const acls = await security.queryAccessControlLists("2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87", { token: "$PROJECT:vstfs:///x", recurse: true });
    expect(acls).toHaveLength(1);
    const url = new URL(requests[0].url);
    expect(url.pathname).toBe("/contoso/_apis/accesscontrollists/2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87");
    expect(url.searchParams.get("token")).toBe("$PROJECT:vstfs:///x");
    expect(url.searchParams.get("recurse")).toBe("true");
    expect(url.searchParams.has("includeExtendedInfo")).toBe(false);
    expect(requests[0].headers.get("accept")).toMatch(/api-version=7\.1;/);
  });

  it("SecurityRestClient posts ACEs as JSON", async () => {
    const { transport, requests } = setup(() => json({ count: 1, value: [{ descriptor: "d", allow: 16390, deny: 0 }] }));
    const security = createRoutedClient(SecurityRestClient, ORG, transport);
    const result = await security.setAccessControlEntries("ns", "repoV2/p/r", [{ descriptor: "d", allow: 16388, deny: 0 }], true);
    expect(result).toEqual([{ descriptor: "d", allow: 16390, deny: 0 }]);
    expect(requests[0].method).toBe("POST");
    expect(requests[0].headers.get("content-type")).toBe("application/json");
    expect(JSON.parse(requests[0].body!)).toEqual({
      token: "repoV2/p/r",
      merge: true,
      accessControlEntries: [{ descriptor: "d", allow: 16388, deny: 0, extendedInfo: {} }],
    });
  });

  it("IdentitiesRestClient sends one selector, joins descriptors with commas and drops null items", async () => {
    const { transport, requests } = setup(() =>
      json({ count: 2, value: [null, { id: "1", descriptor: "Microsoft.TeamFoundation.Identity;S-1-9-1" }] }),
    );
    const identities = createRoutedClient(IdentitiesRestClient, VSSPS, transport);
    const result = await identities.readIdentities({ descriptors: ["A;x\\y@z", "B;2"] }, "Direct");
    expect(result).toHaveLength(1);
    const url = new URL(requests[0].url);
    expect(url.host).toBe("vssps.dev.azure.com");
    expect(url.searchParams.get("descriptors")).toBe("A;x\\y@z,B;2");
    expect(url.searchParams.get("queryMembership")).toBe("Direct");
    expect(url.searchParams.has("searchFilter")).toBe(false);
  });

  it("GraphListsRestClient follows the X-MS-ContinuationToken header with a preview api-version", async () => {
    const { transport, requests } = setup((request) => {
      const token = new URL(request.url).searchParams.get("continuationToken");
      return token === null
        ? json({ count: 1, value: [{ descriptor: "vssgp.A" }] }, 200, { "X-MS-ContinuationToken": "abc==" })
        : json({ count: 1, value: [{ descriptor: "vssgp.B" }] });
    });
    const graph = createRoutedClient(GraphListsRestClient, VSSPS, transport);
    const groups = await collectPages("groups", (continuationToken) => graph.listGroupsPage({ continuationToken }));
    expect(groups.map((group) => group.descriptor)).toEqual(["vssgp.A", "vssgp.B"]);
    expect(new URL(requests[1].url).searchParams.get("continuationToken")).toBe("abc==");
    expect(requests[0].headers.get("accept")).toMatch(/api-version=7\.1-preview\.1;/);
  });

  it("MemberEntitlementsRestClient reads the body continuation token and the members list", async () => {
    const { transport, requests } = setup((request) => {
      const token = new URL(request.url).searchParams.get("continuationToken");
      return token === null
        ? json({ members: [{ id: "u1" }], continuationToken: "next-1", totalCount: 2 })
        : json({ items: [{ id: "u2" }], continuationToken: null, totalCount: 2 });
    });
    const entitlements = createRoutedClient(MemberEntitlementsRestClient, "https://vsaex.dev.azure.com/contoso/", transport);
    const all = await collectPages("user entitlements", (continuationToken) => entitlements.listUserEntitlementsPage({ continuationToken }));
    expect(all.map((entry) => entry.id)).toEqual(["u1", "u2"]);
    expect(requests).toHaveLength(2);
  });
});

describe("collectPages", () => {
  it("stops a server that repeats a continuation token", async () => {
    await expect(collectPages("things", async () => ({ items: [1], next: "same" }))).rejects.toMatchObject({ kind: "server" });
  });
});
