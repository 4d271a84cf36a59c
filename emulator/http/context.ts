/**
 * What a route handler gets: the organization, the caller, the parsed request, and helpers that write
 * responses in the wire format (list wrapping, api-version in Content-Type, enum and date styles the
 * client asked for in its Accept header).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ApiArea } from "../seed/types";
import type { IdentityRecord, TokenRecord } from "../model/records";
import type { OrgState } from "../model/state";

export type HostKind = "core" | "vssps" | "vsaex";

/** Case-insensitive view of the query string (ASP.NET binds parameters that way). */
export class Query {
  private readonly values = new Map<string, string>();

  constructor(params: URLSearchParams) {
    for (const [name, value] of params) {
      if (!this.values.has(name.toLowerCase())) this.values.set(name.toLowerCase(), value);
    }
  }

  get(name: string): string | undefined {
    return this.values.get(name.toLowerCase());
  }

  bool(name: string): boolean {
    return (this.get(name) ?? "").toLowerCase() === "true";
  }

  /** A non-negative integer parameter; a malformed value is a 400. */
  int(name: string): number | undefined {
    const raw = this.get(name);
    if (raw === undefined || raw === "") return undefined;
    if (!/^\d+$/.test(raw)) throw new BadQuery(`The value '${raw}' is not valid for ${name}.`);
    return Number(raw);
  }

  /** A delimited list parameter (comma by default), without empty items. */
  list(name: string, delimiter = ","): string[] {
    const raw = this.get(name);
    if (!raw) return [];
    return raw
      .split(delimiter)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
}

export class BadQuery extends Error {}

/** Options clients put in the Accept header (the extension API client sends all three) (azure-devops-extension-api's Common/Client.js and Common/Fetch.js). */
export interface WireOptions {
  noArrayWrap: boolean;
  enumsAsNumbers: boolean;
  msDateFormat: boolean;
}

export interface RouteSpec {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  host: HostKind;
  /** Path after the organization, e.g. `_apis/accesscontrollists/{securityNamespaceId}`. */
  path: string;
  /** The api-version reported when the client sent none. */
  version: string;
  /** Preview-only resources answer a released version with 400 (https://learn.microsoft.com/azure/devops/integrate/concepts/rest-api-versioning). */
  previewOnly?: boolean;
  /** The API area a seed token's `denyAreas` can refuse. */
  area?: ApiArea;
  /** Served without credentials. */
  anonymous?: boolean;
  /** OAuth scopes that allow this route (any one); absent for the `vso.base` set every token may call (see scopes.ts). */
  scopes?: readonly string[];
  handler: (ctx: RequestContext) => void | Promise<void>;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  host: HostKind;
  org: OrgState;
  /** `http://127.0.0.1:PORT` as the client addressed it; URLs in responses echo it (https://learn.microsoft.com/azure/devops/extend/develop/work-with-urls). */
  baseUrl: string;
  params: Record<string, string>;
  query: Query;
  /** The api-version the client asked for, if any. */
  apiVersion: string | undefined;
  wire: WireOptions;
  caller: IdentityRecord;
  credential: TokenRecord | undefined;
  body: unknown;
  route: RouteSpec;
}

/** The root URL of one of the organization's hosts, without a trailing slash. */
export function hostUrl(ctx: Pick<RequestContext, "baseUrl" | "org">, host: HostKind): string {
  const prefix = host === "core" ? "" : `/${host}`;
  return `${ctx.baseUrl}${prefix}/${encodeURIComponent(ctx.org.name)}`;
}

const MS_DATE = /"\/Date\((-?\d+)\)\/"/g;

function serialize(ctx: RequestContext, body: unknown): string {
  const text = JSON.stringify(body);
  // MS-AJAX dates must appear as "\/Date(…)\/" in the JSON text (azure-devops-extension-api's Common/Util/Serialization.js).
  return ctx.wire.msDateFormat ? text.replace(MS_DATE, '"\\/Date($1)\\/"') : text;
}

export function sendJson(ctx: RequestContext, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const version = ctx.apiVersion ?? ctx.route.version;
  ctx.res.writeHead(status, {
    ...headers,
    "Content-Type": `application/json; charset=utf-8; api-version=${version}`,
  });
  ctx.res.end(serialize(ctx, body));
}

/** A list the way the service returns it: `{count, value}`, or the bare array under `noArrayWrap` (azure-devops-extension-api's Common/Client.js and Common/Fetch.js). */
export function sendList(ctx: RequestContext, items: unknown[], headers: Record<string, string> = {}): void {
  sendJson(ctx, 200, ctx.wire.noArrayWrap ? items : { count: items.length, value: items }, headers);
}

export function sendEmpty(ctx: RequestContext, status: number): void {
  ctx.res.writeHead(status);
  ctx.res.end();
}

/** A date in the style the client asked for: ISO 8601, or `/Date(ms)/` under `msDateFormat`. */
export function wireDate(ctx: RequestContext, iso: string): string {
  if (!ctx.wire.msDateFormat) return iso;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `/Date(${ms})/`;
}

/** An enum value as its name, or as its number under `enumsAsNumbers`. */
export function wireEnum(ctx: RequestContext, value: string, numbers: Record<string, number>): string | number {
  return ctx.wire.enumsAsNumbers && value in numbers ? numbers[value] : value;
}

/** Reads a property of a request body case-insensitively (the service binds JSON that way) (https://learn.microsoft.com/rest/api/azure/devops/). */
export function prop(source: unknown, name: string): unknown {
  if (source === null || typeof source !== "object" || Array.isArray(source)) return undefined;
  const record = source as Record<string, unknown>;
  if (name in record) return record[name];
  const wanted = name.toLowerCase();
  for (const key of Object.keys(record)) if (key.toLowerCase() === wanted) return record[key];
  return undefined;
}
