/** Real sockets: what the gateway says when nothing listens, or a server hangs. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { patAuth } from "../../../src/ado/http/auth";
import { AdoGateway } from "../../../src/ado/gateway";
import { parseOrganization } from "../../../src/ado/organization";

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

describe("network failures over real HTTP", () => {
  it("reports a refused connection as a network error naming the host", async () => {
    const server = createServer();
    const port = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const gateway = AdoGateway.forOrganization({ org: parseOrganization(`http://127.0.0.1:${port}/contoso`), auth: patAuth("x") });
    await expect(gateway.resolveProjects([])).rejects.toMatchObject({
      kind: "network",
      message: expect.stringContaining(`Could not connect to 127.0.0.1:${port}: the connection was refused`),
    });
    expect(gateway.requestCount()).toBe(1);
  });

  it("times out a server that never answers, retrying within bounds", async () => {
    const server = createServer(() => undefined); // accepts and never responds
    const port = await listen(server);
    try {
      const gateway = AdoGateway.forOrganization({
        org: parseOrganization(`http://127.0.0.1:${port}/contoso`),
        auth: patAuth("x"),
        timeoutMs: 100,
        retry: { maxRetries: 1, baseDelayMs: 1 },
      });
      await expect(gateway.resolveProjects([])).rejects.toMatchObject({ kind: "network", message: expect.stringMatching(/did not answer within/) });
      expect(gateway.stats()).toMatchObject({ requests: 2, retries: 1 });
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
