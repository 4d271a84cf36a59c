/**
 * Responses recorded from the live Azure DevOps service (tests/fixtures/recorded, from the Azure CLI's own
 * integration tests), served again by a small local HTTP server so the gateway's readers parse what the service
 * really sends. URLs in the bodies are moved to the local server with the emulator's layout (`/{org}`,
 * `/vssps/{org}`, `/vsaex/{org}`), so resource-area discovery and links lead back to it.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

export const RECORDED_DIR = path.resolve(__dirname, "../../fixtures/recorded");
/** The organization the recordings were made in. */
export const RECORDED_ORG = "v-anvashist0376";

export interface RecordedExchange {
  method: string;
  uri: string;
  status: { code: number; message: string };
  response_headers: Record<string, string[]>;
  body?: unknown;
  body_text?: string;
}

/** One recorded exchange, e.g. `recorded("az-cli-2026/test_invoke_command_basic__001.json")` (folder and cassette exchange). */
export function recorded(file: string): RecordedExchange {
  return JSON.parse(readFileSync(path.join(RECORDED_DIR, file.replace("/", "__")), "utf8")) as RecordedExchange;
}

export interface ReplayRoute {
  method: string;
  /** Matched against the request path (lower-case, without the query). */
  path: RegExp;
  /** The recording answered for it; `null` answers an empty list (for a call no public recording shows). */
  file: string | null;
}

export interface ReplayServer {
  /** `http://127.0.0.1:PORT/{org}` */
  orgUrl: string;
  /** Every request, as `METHOD path?query`. */
  requests: string[];
  /** Requests no route matched (answered 404). */
  unmatched: string[];
  stop(): Promise<void>;
}

/** Serves the first route matching each request; anything else is a 404 the test will notice. */
export async function startReplay(routes: ReplayRoute[]): Promise<ReplayServer> {
  const requests: string[] = [];
  const unmatched: string[] = [];
  let base = "";
  const server: Server = createServer((req, res) => {
    try {
      answer(req, res);
    } catch (error) {
      res.writeHead(500, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ message: `replay failed: ${(error as Error).message}` }));
    }
  });
  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? "/", "http://replay.invalid");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const route = routes.find((r) => r.method === req.method && r.path.test(decodeURIComponent(url.pathname).toLowerCase()));
    if (!route) {
      unmatched.push(`${req.method} ${url.pathname}${url.search}`);
      res.writeHead(404, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ message: `no recording for ${req.method} ${url.pathname}` }));
      return;
    }
    if (route.file === null) {
      res.writeHead(200, { "Content-Type": "application/json; charset=utf-8" });
      res.end(JSON.stringify({ count: 0, value: [] }));
      return;
    }
    const exchange = recorded(route.file);
    const text = exchange.body !== undefined ? JSON.stringify(exchange.body) : (exchange.body_text ?? "");
    const moved = text
      .replaceAll("https://vssps.dev.azure.com/", `${base}/vssps/`)
      .replaceAll("https://vsaex.dev.azure.com/", `${base}/vsaex/`)
      .replaceAll("https://dev.azure.com/", `${base}/`);
    const headers: Record<string, string> = { "Content-Type": "application/json; charset=utf-8" };
    const continuation = exchange.response_headers["x-ms-continuationtoken"];
    if (continuation) headers["x-ms-continuationtoken"] = continuation[0];
    res.writeHead(exchange.status.code, headers);
    res.end(moved);
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    orgUrl: `${base}/${RECORDED_ORG}`,
    requests,
    unmatched,
    stop: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** The user the recordings look up. */
export const RECORDED_USER = "new_user_test@outlook.com";

const PROJECT_NAMESPACE = "52d39943-cb85-4d7f-8fa8-c6baac873819";

/** One recorded answer per call the audit read makes. */
export const AUDIT_READ_ROUTES: ReplayRoute[] = [
  { method: "GET", path: /\/_apis\/resourceareas$/, file: "az-cli-2026/test_invoke_command_basic__001.json" },
  { method: "GET", path: /^\/vssps\/[^/]+\/_apis\/identities$/, file: "az-cli-2026/test_devops_security_permission_tests__012.json" },
  // No public recording of Read Identity Batch; it answers the same Identity collection as the GET, so the GET's stands in.
  { method: "POST", path: /^\/vssps\/[^/]+\/_apis\/identitybatch$/, file: "az-cli-2026/test_devops_security_permission_tests__012.json" },
  { method: "GET", path: /^\/vssps\/[^/]+\/_apis\/graph\/groups$/, file: "az-cli-2026/test_devops_group_and_member_tests__011.json" },
  // The only recorded upward membership list (a project group's); it stands in for every subject's.
  { method: "GET", path: /^\/vssps\/[^/]+\/_apis\/graph\/memberships\/[^/]+$/, file: "az-cli-2026/test_devops_group_and_member_tests__041.json" },
  {
    method: "GET",
    path: /^\/vsaex\/[^/]+\/_apis\/userentitlements\/[^/]+$/,
    file: "az-cli-2026/test_devops_user_command_addUpdateListShowRemove__006.json",
  },
  { method: "GET", path: /^\/[^/]+\/_apis\/projects$/, file: "az-cli-2026/test_invoke_command_basic__003.json" },
  { method: "GET", path: /^\/[^/]+\/_apis\/git\/repositories$/, file: "az-cli-2026/test_repos_createListShowDelete__001.json" },
  {
    method: "GET",
    path: new RegExp(`^/[^/]+/_apis/accesscontrollists/${PROJECT_NAMESPACE}$`),
    file: "az-cli-2025/test_devops_security_permission_tests_2025__014.json",
  },
  // No public recording lists the Git or Service Hooks namespaces' ACLs.
  { method: "GET", path: /^\/[^/]+\/_apis\/accesscontrollists\/[^/]+$/, file: null },
];
