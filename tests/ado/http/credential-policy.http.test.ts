/**
 * Credentials go only to the organization's own host and Azure DevOps' service hosts, and never over plain http
 * except to loopback. Over real HTTP: an "organization" whose resource areas point at a foreign server, which
 * must never see a request, let alone one carrying the PAT; the same through the built CLI.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AdoGateway, parseOrganization, patAuth } from "../../../src/ado";
import { credentialPolicyFor } from "../../../src/ado/http/credential-policy";
import { RESOURCE_AREAS } from "../../../src/ado/resource-areas";
import { spawnCli } from "../../cli/support/cli";

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe("where credentials may go", () => {
  let foreign: Server;
  let organization: Server;
  let foreignPort: number;
  let orgPort: number;
  const foreignRequests: IncomingMessage[] = [];

  beforeAll(async () => {
    foreign = createServer((req, res) => {
      foreignRequests.push(req);
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    foreignPort = await listen(foreign);
    // An organization whose resource areas send Graph, Identities and entitlements to the foreign host.
    organization = createServer((req, res) => {
      if (req.url?.startsWith("/contoso/_apis/ResourceAreas")) {
        const locationUrl = `http://127.0.0.1:${foreignPort}/`;
        const value = [RESOURCE_AREAS.graph, RESOURCE_AREAS.ims, RESOURCE_AREAS.memberEntitlementManagement].map((id) => ({
          id,
          name: id,
          locationUrl,
        }));
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ count: value.length, value }));
        return;
      }
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ message: "not found", typeKey: "NotFoundException" }));
    });
    orgPort = await listen(organization);
  });

  afterAll(async () => {
    await close(foreign);
    await close(organization);
  });

  beforeEach(() => {
    foreignRequests.length = 0;
  });

  it("refuses to send the PAT to a host the resource areas name outside the organization's family, before connecting", async () => {
    const gateway = AdoGateway.forOrganization({ org: parseOrganization(`http://127.0.0.1:${orgPort}/contoso`), auth: patAuth("secret-pat") });
    await expect(gateway.resolveIdentity("svc-dbt@contoso.com")).rejects.toMatchObject({
      kind: "usage",
      message: expect.stringContaining(`Refusing to send the Azure DevOps credentials to 127.0.0.1:${foreignPort}`),
    });
    expect(foreignRequests).toHaveLength(0);
  });

  it("the CLI stops with exit 2 and one line naming the host; the foreign host sees nothing", async () => {
    const result = await spawnCli(["audit", "--org", `http://127.0.0.1:${orgPort}/contoso`, "--identity", "svc-dbt@contoso.com"], {
      AZURE_DEVOPS_EXT_PAT: "secret-pat",
    });
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^dbt-ado: Refusing to send the Azure DevOps credentials to 127\\.0\\.0\\.1:${foreignPort}`));
    expect(result.stdout).toBe("");
    expect(result.stderr).not.toContain("secret-pat");
    expect(foreignRequests).toHaveLength(0);
  });
});

describe("credentialPolicyFor", () => {
  const cloud = credentialPolicyFor("https://dev.azure.com/contoso/");
  const allowed = (policy: ReturnType<typeof credentialPolicyFor>, url: string) => policy(new URL(url)) === undefined;

  it("allows the organization's host and Azure DevOps' service hosts over https", () => {
    for (const url of [
      "https://dev.azure.com/contoso/_apis/projects",
      "https://vssps.dev.azure.com/contoso/_apis/graph/groups",
      "https://vsaex.dev.azure.com/contoso/_apis/userentitlements",
      "https://contoso.visualstudio.com/_apis/projects",
      "https://contoso.vssps.visualstudio.com/_apis/identities",
      "https://contoso.vsaex.visualstudio.com/_apis/userentitlements",
    ]) {
      expect(allowed(cloud, url)).toBe(true);
    }
  });

  it("refuses look-alike and foreign hosts, and plain http to anything but loopback", () => {
    for (const url of [
      "https://dev.azure.com.evil.example/contoso",
      "https://visualstudio.com.evil.example/",
      "https://evil.example/_apis/identities",
      "http://dev.azure.com/contoso/_apis/projects",
      "http://contoso.visualstudio.com/_apis/projects",
    ]) {
      expect(allowed(cloud, url)).toBe(false);
    }
    expect(cloud(new URL("http://dev.azure.com/contoso"))).toMatch(/over plain http to dev\.azure\.com/);
    expect(allowed(credentialPolicyFor("http://server.example/tfs/contoso/"), "http://server.example/tfs/contoso/_apis/projects")).toBe(false);
  });

  it("allows loopback http on the organization's own host and port only (the emulator)", () => {
    const local = credentialPolicyFor("http://127.0.0.1:8603/contoso/");
    expect(allowed(local, "http://127.0.0.1:8603/vssps/contoso/_apis/identities")).toBe(true);
    expect(allowed(local, "http://127.0.0.1:9999/contoso/_apis/identities")).toBe(false);
    expect(allowed(credentialPolicyFor("http://[::1]:8603/contoso/"), "http://[::1]:8603/contoso/_apis/projects")).toBe(true);
    expect(allowed(credentialPolicyFor("http://localhost:8603/contoso/"), "http://localhost:8603/contoso/_apis/projects")).toBe(true);
  });
});
