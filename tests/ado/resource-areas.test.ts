import { patAuth } from "../../src/ado/http/auth";
import { AdoError } from "../../src/ado/http/errors";
import { parseOrganization } from "../../src/ado/organization";
import { RESOURCE_AREAS, resourceAreaHostResolver } from "../../src/ado/resource-areas";
import { Transport } from "../../src/ado/http/transport";
import { fakeFetch, json, type Reply } from "./support/fake-fetch";

function resolverWith(replies: Reply[]) {
  const fake = fakeFetch(replies);
  const transport = new Transport({ auth: patAuth("abc"), fetch: fake.fetch, retry: { maxRetries: 0 } });
  return { resolve: resourceAreaHostResolver(parseOrganization("contoso"), transport), requests: fake.requests };
}

const AREAS = [
  { id: RESOURCE_AREAS.graph.toUpperCase(), name: "Graph", locationUrl: "https://vssps.dev.azure.com/contoso" },
  { id: RESOURCE_AREAS.ims, name: "IMS", locationUrl: "https://vssps.dev.azure.com/contoso/" },
];

describe("resourceAreaHostResolver", () => {
  it("reads the list once, matches ids case-insensitively and adds the trailing slash", async () => {
    const { resolve, requests } = resolverWith([json(AREAS)]);
    await expect(resolve(RESOURCE_AREAS.graph)).resolves.toBe("https://vssps.dev.azure.com/contoso/");
    await expect(resolve(RESOURCE_AREAS.ims)).resolves.toBe("https://vssps.dev.azure.com/contoso/");
    expect(requests.map((request) => request.url)).toEqual(["https://dev.azure.com/contoso/_apis/ResourceAreas"]);
    expect(requests[0].headers.get("accept")).toMatch(/api-version=\d\.\d-preview\.1/);
  });

  it("falls back to the organization URL for core and git only", async () => {
    const { resolve } = resolverWith([json(AREAS)]);
    await expect(resolve(RESOURCE_AREAS.git)).resolves.toBe("https://dev.azure.com/contoso/");
    const error = await resolve(RESOURCE_AREAS.memberEntitlementManagement).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AdoError);
    expect((error as AdoError).message).toMatch(/does not advertise the MemberEntitlementManagement \(access levels\) service/);
  });

  it("turns a 404 into 'organization not found' and does not cache the failure", async () => {
    const { resolve, requests } = resolverWith([json({ message: "The organization 'contoso' does not exist." }, 404), json(AREAS)]);
    await expect(resolve(RESOURCE_AREAS.graph)).rejects.toMatchObject({
      kind: "notFound",
      message: expect.stringMatching(/^Organization "contoso" was not found/),
    });
    await expect(resolve(RESOURCE_AREAS.graph)).resolves.toBe("https://vssps.dev.azure.com/contoso/");
    expect(requests).toHaveLength(2);
  });
});
