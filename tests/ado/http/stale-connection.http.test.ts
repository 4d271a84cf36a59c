/**
 * Keep-alive after a long pause, over real sockets: a server (or proxy) that dropped an idle pooled connection
 * makes the next request on it fail at once (the connection is closed under it). That request is retried at
 * once on a fresh connection, not after the back-off meant for an overloaded service. A write is the case that
 * matters: fetch itself replays an idempotent GET on a new connection, never a POST.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { patAuth } from "../../../src/ado/http/auth";
import { Transport } from "../../../src/ado/http/transport";

describe("a pooled connection closed while idle", () => {
  let server: Server;
  let baseUrl: string;
  const sockets = new Set<Socket>();
  let requests = 0;

  beforeAll(async () => {
    // Answers the first request on each connection and closes the connection on the second one: what a
    // request sent on a keep-alive connection the other side has already given up looks like.
    const served = new WeakMap<Socket, number>();
    server = createServer((req, res) => {
      requests++;
      sockets.add(req.socket);
      const count = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, count);
      if (count > 1) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { "content-type": "application/json", connection: "keep-alive" }).end(JSON.stringify({ count: 0, value: [] }));
    });
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("retries at once on a new connection, without waiting", async () => {
    const waits: number[] = [];
    const progress: string[] = [];
    const transport = new Transport({
      auth: patAuth("x"),
      maxConcurrency: 1,
      sleep: async (ms) => void waits.push(ms),
      onProgress: (message) => progress.push(message),
    });
    await transport.send({ url: `${baseUrl}/contoso/_apis/projects` });
    // A pause (planning), so that the connection is back in the pool and reused.
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The first request after planning is a write: fetch does not replay a POST by itself.
    const response = await transport.send({
      method: "POST",
      url: `${baseUrl}/contoso/_apis/accesscontrolentries/x`,
      body: "{}",
      contentType: "application/json",
    });

    expect(response.status).toBe(200);
    expect(requests).toBe(3);
    expect(sockets.size).toBe(2);
    expect(waits).toEqual([]);
    expect(transport.stats()).toMatchObject({ requests: 3, retries: 1 });
    expect(progress).toEqual([
      expect.stringMatching(/connection to Azure DevOps was closed \((UND_ERR_SOCKET|ECONNRESET|EPIPE)\); retrying at once/),
    ]);
  });
});
