/**
 * A reverse proxy in front of the emulator that breaks the network in the ways a real one breaks: a
 * connection dropped after the request reached the service (the response is lost), a failing answer for some
 * requests, and a side effect run just before a request is forwarded (someone else changing the organization
 * at that moment). Requests keep their Host header, so the emulator's resource areas point back at the proxy.
 */
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FaultAction =
  /** Forward the request, wait for the answer, then destroy the client's connection instead of answering. */
  | { kind: "dropResponse" }
  /** Forward the request, send the answer's headers and its first `bytes` bytes, then destroy the connection. */
  | { kind: "cutResponse"; bytes: number }
  /** Answer without forwarding. */
  | { kind: "respond"; status: number; body?: unknown; headers?: Record<string, string>; /** Sent as is instead of `body` as JSON. */ raw?: string }
  /** Run a side effect, then forward as usual. */
  | { kind: "before"; run: () => Promise<void> | void };

export interface FaultRule {
  method?: string;
  /** Matched against the path and query. */
  path: RegExp;
  /** How many matching requests to act on (default: every one). */
  times?: number;
  /** Only once this returns true (checked per request). */
  when?: () => boolean;
  action: FaultAction;
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT` (or the IPv6 loopback when listening there). */
  baseUrl: string;
  orgUrl(org: string): string;
  rules: FaultRule[];
  /** Every request seen, as "METHOD /path?query". */
  seen: string[];
  /** Requests forwarded with a write method (POST, PUT, PATCH, DELETE). */
  writesForwarded(): number;
  /** The most write requests ever forwarded and not yet answered at once. */
  peakWritesInFlight(): number;
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export async function startFaultProxy(targetBaseUrl: string, rules: FaultRule[] = []): Promise<FaultProxy> {
  const target = new URL(targetBaseUrl);
  const seen: string[] = [];
  let writes = 0;
  let writesInFlight = 0;
  let peakWrites = 0;
  const proxy: { rules: FaultRule[] } = { rules };

  const matching = (req: IncomingMessage): FaultRule | undefined => {
    for (const rule of proxy.rules) {
      if (rule.method && rule.method.toUpperCase() !== req.method) continue;
      if (!rule.path.test(req.url ?? "")) continue;
      if (rule.when && !rule.when()) continue;
      if (rule.times !== undefined) {
        if (rule.times <= 0) continue;
        rule.times--;
      }
      return rule;
    }
    return undefined;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    seen.push(`${req.method} ${req.url}`);
    const body = await readBody(req);
    const rule = matching(req);
    if (rule?.action.kind === "respond") {
      const { status, body: answer, headers, raw } = rule.action;
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(raw ?? (answer === undefined ? "" : JSON.stringify(answer)));
      return;
    }
    if (rule?.action.kind === "before") await rule.action.run();
    const isWrite = ["POST", "PUT", "PATCH", "DELETE"].includes(req.method ?? "");
    if (isWrite) {
      writes++;
      peakWrites = Math.max(peakWrites, ++writesInFlight);
    }
    const upstream = forward(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (answer: IncomingMessage) => {
        void readBody(answer).then((payload) => {
          if (isWrite) writesInFlight--;
          if (rule?.action.kind === "dropResponse") {
            res.socket?.destroy();
            return;
          }
          if (rule?.action.kind === "cutResponse") {
            // Chunked, so the client cannot tell from a length that the answer is short until the socket closes.
            const headers = { ...answer.headers };
            delete headers["content-length"];
            res.writeHead(answer.statusCode ?? 502, headers);
            res.write(payload.subarray(0, rule.action.bytes), () => setTimeout(() => res.socket?.destroy(), 20));
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(payload);
        });
      },
    );
    upstream.on("error", () => res.socket?.destroy());
    upstream.end(body);
  };

  const server: Server = createServer((req, res) => void handle(req, res));
  const host = target.hostname.replace(/^\[|\]$/g, "");
  await new Promise<void>((resolve) => server.listen(0, host, () => resolve()));
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    baseUrl,
    orgUrl: (org) => `${baseUrl}/${encodeURIComponent(org)}`,
    get rules() {
      return proxy.rules;
    },
    set rules(value: FaultRule[]) {
      proxy.rules = value;
    },
    seen,
    writesForwarded: () => writes,
    peakWritesInFlight: () => peakWrites,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
