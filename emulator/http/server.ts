/**
 * The request pipeline: CORS, latency, throttle and fault switches, host and organization routing,
 * authentication, api-version checks, body parsing, then the route handler. Three hosts share one port
 * by path prefix: core `/{org}`, vssps `/vssps/{org}`, vsaex `/vsaex/{org}`.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { OrgState } from "../model/state";
import { authenticate, signInPage } from "./auth";
import { BadQuery, Query, type HostKind, type RequestContext } from "./context";
import { errors, VssError } from "./errors";
import { Router } from "./router";
import { scopesAllow } from "./scopes";
import { checkVersion, parseAccept, readJsonBody } from "./wire-request";
import { allRoutes } from "../routes";
import { findArea, renderArea } from "../routes/location";

export interface Switches {
  latencyMs: number;
  throttle?: { every: number; retryAfterSeconds: number };
  faults?: { every: number; status: 500 | 503 };
}

export interface Stats {
  requests: number;
  byRoute: Record<string, number>;
}

const EXPOSED_HEADERS = [
  "x-ms-continuationtoken",
  "X-MS-ContinuationToken",
  "Retry-After",
  "X-RateLimit-Resource",
  "X-RateLimit-Delay",
  "X-RateLimit-Limit",
  "X-RateLimit-Remaining",
  "X-RateLimit-Reset",
  "ActivityId",
].join(", ");

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Browsers may send Authorization, Content-Type, Accept and any X-* header [brief; the extension calls cross-origin]. */
function allowedRequestHeaders(requested: string | undefined): string {
  const base = ["Authorization", "Content-Type", "Accept", "X-TFS-FedAuthRedirect", "X-VSS-ReauthenticationAction"];
  const extra = (requested ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter((h) => /^(authorization|content-type|accept|accept-language|x-[a-z0-9-]+)$/i.test(h));
  return [...new Set([...base, ...extra])].join(", ");
}

function splitPath(pathname: string): string[] {
  return pathname
    .split("/")
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
}

function sendError(res: ServerResponse, error: VssError, version?: string): void {
  res.writeHead(error.status, {
    ...error.headers,
    "Content-Type": `application/json; charset=utf-8${version ? `; api-version=${version}` : ""}`,
  });
  res.end(JSON.stringify(error.body()));
}

export class EmulatorServer {
  readonly stats: Stats = { requests: 0, byRoute: {} };
  private readonly router = new Router(allRoutes);
  private throttleCount = 0;
  private faultCount = 0;

  constructor(
    private readonly orgs: Map<string, OrgState>,
    private switches: Switches,
  ) {}

  configure(changes: Partial<Switches>): void {
    if ("throttle" in changes) this.throttleCount = 0;
    if ("faults" in changes) this.faultCount = 0;
    this.switches = { ...this.switches, ...changes };
  }

  resetStats(): void {
    this.stats.requests = 0;
    this.stats.byRoute = {};
  }

  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.process(req, res).catch((error: unknown) => {
      const vss =
        error instanceof VssError
          ? error
          : error instanceof BadQuery
            ? errors.badRequest(error.message)
            : new VssError(
                500,
                `TF400898: An Internal Error Occurred. ${String((error as Error)?.message ?? error)}`,
                "VssServiceException",
                "Microsoft.VisualStudio.Services.Common.VssServiceException, Microsoft.VisualStudio.Services.Common",
              );
      if (!(error instanceof VssError) && !(error instanceof BadQuery)) console.error("emulator: unexpected error", error);
      if (!res.headersSent) sendError(res, vss);
      else res.end();
    });
  };

  private async process(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const origin = req.headers.origin;
    res.setHeader("Access-Control-Allow-Origin", origin ?? "*");
    if (origin) res.setHeader("Access-Control-Allow-Credentials", "true");
    res.setHeader("Vary", "Origin");
    res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    if (this.switches.latencyMs > 0) await sleep(this.switches.latencyMs);

    const url = new URL(req.url ?? "/", "http://emulator.invalid");
    let segments: string[];
    try {
      segments = splitPath(url.pathname);
    } catch {
      throw errors.badRequest("The request path is not correctly encoded.");
    }
    const { host, orgName, rest } = this.locate(segments);
    const match = this.router.match(host, method, rest, method === "OPTIONS");
    this.count(`${method} ${match?.resource ?? "unmatched"}`);

    if (method === "OPTIONS") {
      // CORS preflight (and the node client's location OPTIONS): no credentials needed.
      res.writeHead(204, {
        "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS",
        "Access-Control-Allow-Headers": allowedRequestHeaders(req.headers["access-control-request-headers"] as string | undefined),
        "Access-Control-Max-Age": "600",
      });
      res.end();
      return;
    }
    this.injectFailures();

    const accept = parseAccept(req.headers.accept);
    const query = new Query(url.searchParams);
    const apiVersion = query.get("api-version") || accept.apiVersion;

    if (orgName === "") return this.orgLessResourceArea(req, res, rest, query);
    const org = this.orgs.get(orgName.toLowerCase());
    if (!org) throw errors.notFound(`The organization '${orgName}' does not exist.`, "HostNotFoundException");
    // Azure DevOps names the Entra tenant backing the organization on every response, signed in or not (all
    // zeros when it is not connected to Entra ID); Git Credential Manager reads it from an unauthenticated request
    // (https://github.com/git-ecosystem/git-credential-manager/blob/main/src/shared/Microsoft.AzureRepos/AzureDevOpsRestApi.cs).
    res.setHeader("X-VSS-ResourceTenant", org.resourceTenantId || org.tenantId);
    if (!match) {
      if (this.router.hasPath(host, rest)) {
        throw new VssError(
          405,
          `The requested resource does not support http method '${method}'.`,
          "HttpMethodNotAllowedException",
          "System.Web.Http.HttpResponseException, System.Web.Http",
        );
      }
      throw errors.notFound(`The API resource /${rest.join("/")} does not exist on this host.`);
    }

    let credential;
    if (!match.spec.anonymous || req.headers.authorization) {
      const auth = authenticate(req, org);
      if (auth.outcome === "missing") {
        const e = errors.unauthorized();
        res.setHeader("WWW-Authenticate", [
          `Bearer authorization_uri=https://login.microsoftonline.com/${org.tenantId}`,
          'Basic realm="https://app.vssps.visualstudio.com/"',
        ]);
        return sendError(res, e);
      }
      if (auth.outcome === "rejected") {
        res.writeHead(203, { "Content-Type": "text/html; charset=utf-8" });
        res.end(signInPage(org.name));
        return;
      }
      credential = auth.credential;
    }
    // A token without a scope the route needs is refused like the service refuses it (scopes.ts).
    if (credential?.scopes && !scopesAllow(credential.scopes, match.spec.scopes)) throw errors.unauthorized();
    checkVersion(method, apiVersion, match.spec);
    if (match.spec.area && credential?.denyAreas.has(match.spec.area)) {
      throw errors.areaDenied(credential.identity.displayName, match.spec.area);
    }
    const body = method === "POST" || method === "PUT" || method === "PATCH" ? await readJsonBody(req) : undefined;
    const caller = credential?.identity ?? org.orgGroup("projectCollectionValidUsers") ?? org.identities[0];
    const ctx: RequestContext = {
      req,
      res,
      method,
      host,
      org,
      baseUrl: `http://${req.headers.host ?? "127.0.0.1"}`,
      params: match.params,
      query,
      apiVersion,
      wire: accept.wire,
      caller,
      credential,
      body,
      route: match.spec,
    };
    try {
      await match.spec.handler(ctx);
    } catch (error) {
      if (error instanceof VssError) return sendError(res, error, apiVersion ?? match.spec.version);
      throw error;
    }
  }

  /** Which host and organization a path addresses; an empty org means the org-less `/_apis/…` form. */
  private locate(segments: string[]): { host: HostKind; orgName: string; rest: string[] } {
    const first = segments[0]?.toLowerCase();
    if (first === "vssps" || first === "vsaex") return { host: first, orgName: segments[1] ?? "", rest: segments.slice(2) };
    if (first === "_apis") return { host: "core", orgName: "", rest: segments };
    return { host: "core", orgName: segments[0] ?? "", rest: segments.slice(1) };
  }

  private count(key: string): void {
    this.stats.requests++;
    this.stats.byRoute[key] = (this.stats.byRoute[key] ?? 0) + 1;
  }

  /** Every Nth request is throttled (429 + Retry-After) or failed, per the switches (https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits). */
  private injectFailures(): void {
    const { throttle, faults } = this.switches;
    if (throttle && throttle.every > 0 && ++this.throttleCount % throttle.every === 0) {
      const reset = Math.ceil(Date.now() / 1000) + throttle.retryAfterSeconds;
      throw errors.throttled("Core", {
        "Retry-After": String(throttle.retryAfterSeconds),
        "X-RateLimit-Resource": "Core",
        "X-RateLimit-Limit": "200",
        "X-RateLimit-Remaining": "0",
        "X-RateLimit-Reset": String(reset),
      });
    }
    if (faults && faults.every > 0 && ++this.faultCount % faults.every === 0) throw errors.fault(faults.status);
  }

  /** `GET /_apis/resourceAreas/{areaId}?accountName={org}` (or `hostId`), served anonymously (https://learn.microsoft.com/azure/devops/extend/develop/work-with-urls). */
  private orgLessResourceArea(req: IncomingMessage, res: ServerResponse, rest: string[], query: Query): void {
    if (rest.length !== 3 || rest[1].toLowerCase() !== "resourceareas") throw errors.notFound(`The API resource /${rest.join("/")} does not exist.`);
    const account = query.get("accountName")?.toLowerCase();
    const hostId = query.get("hostId")?.toLowerCase();
    const org = [...this.orgs.values()].find((o) => o.name.toLowerCase() === account || o.id.toLowerCase() === hostId);
    if (!org) throw errors.badRequest("Specify the organization with accountName or hostId.");
    const area = findArea(rest[2]);
    if (!area) throw errors.notFound(`The resource area ${rest[2]} does not exist.`, "ResourceAreaNotFoundException");
    res.writeHead(200, { "Content-Type": "application/json; charset=utf-8; api-version=7.1-preview.1" });
    res.end(JSON.stringify(renderArea({ baseUrl: `http://${req.headers.host ?? "127.0.0.1"}`, org }, area)));
  }
}
