/**
 * The single place HTTP happens. Every client (azure-devops-extension-api's and ours) sends through here, so
 * authentication, the concurrency limit, retries on 429/502/503/504 with Retry-After, slowing down on
 * `X-RateLimit-Remaining: 0`, sign-in-page detection, error mapping and request counting are done once.
 *
 * Environment-neutral: only `fetch`, `Headers`, `Response`, `TextDecoder` and timers, which browsers and
 * Node >= 20 both provide.
 */
import type { AuthProvider } from "./auth";
import { ConcurrencyLimit } from "./concurrency";
import type { CredentialPolicy } from "./credential-policy";
import { errorFromNetwork, errorFromResponse, isConnectionDrop, isTransientNetworkError, looksLikeHtml, networkErrorCode } from "./error-mapping";
import { AdoError } from "./errors";
import { JsonListStream, type KeepListItem } from "./json-list-stream";
import {
  isRetryableStatus,
  parseRetryAfter,
  resolveRetryOptions,
  retryDelay,
  slowdownDelay,
  type ResolvedRetryOptions,
  type RetryOptions,
} from "./retry-policy";

export type FetchFunction = (url: string, init: RequestInit) => Promise<Response>;

export interface TransportOptions {
  auth: AuthProvider;
  /** Requests in flight at once (default 4, https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits). */
  maxConcurrency?: number;
  retry?: RetryOptions;
  /** Per-attempt timeout (default 60 s). */
  timeoutMs?: number;
  /**
   * Retry a request that timed out (default true). Off for reads that have a cheaper way round a slow answer
   * (see `withoutTimeoutRetries`).
   */
  retryTimeouts?: boolean;
  onProgress?: (message: string) => void;
  /** Cancels every request of this transport (and waits for a turn) once aborted. */
  signal?: AbortSignal;
  /** Where credentials may be sent; every request is checked before its Authorization header is set. */
  credentialPolicy?: CredentialPolicy;
  /** Injected for tests; defaults to the global `fetch`. */
  fetch?: FetchFunction;
  /** Injected for tests; defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export interface HttpRequest {
  method?: string;
  url: string;
  /** Sent in the Accept header, as Azure DevOps' own clients do. */
  apiVersion?: string;
  /** Accept media type (default application/json). */
  accept?: string;
  body?: BodyInit | null;
  contentType?: string;
  headers?: Record<string, string>;
  /**
   * For a large list: each element of a successful answer's list is handed to this as it arrives, and the body's
   * list holds what it returns (see json-list-stream.ts). The response then has no bytes or text.
   */
  keepListItem?: KeepListItem;
}

export interface HttpResponse {
  status: number;
  statusText: string;
  headers: Headers;
  bytes: Uint8Array;
  text(): string;
  /** The parsed JSON body; null for an empty body. */
  json<T = unknown>(): T;
}

export interface TransportStats {
  /** HTTP requests actually sent, retries included. */
  requests: number;
  /** Requests that were repeats of a throttled, unavailable or dropped one. */
  retries: number;
  /** Responses that were 429. */
  throttled: number;
  /** The most requests ever in flight at once. */
  peakInFlight: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * What the Accept header asks for. Like azure-devops-extension-api we send the api-version and
 * `noArrayWrap=true` (list endpoints answer with bare arrays); unlike it we leave out `enumsAsNumbers` and
 * `msDateFormat`, so enums stay strings and dates ISO strings, the wire format the REST reference documents.
 */
export function acceptHeader(mediaType: string, apiVersion: string | undefined): string {
  return apiVersion ? `${mediaType};api-version=${apiVersion};excludeUrls=true;noArrayWrap=true` : mediaType;
}

/**
 * What every view of one transport shares: the concurrency limit, the pause that Retry-After and rate-limit
 * headers set (the service throttles the caller, not one run), and the request counters.
 */
interface SharedState {
  limit: ConcurrencyLimit;
  /** No request starts before this time (ms). */
  notBefore: number;
  slowedDown: boolean;
  counters: { requests: number; retries: number; throttled: number };
}

/** A run's own cancellation and progress, on a transport that shares everything else (see `Transport.scoped`). */
export interface TransportScope {
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

export class Transport {
  private readonly auth: AuthProvider;
  private readonly shared: SharedState;
  private readonly retry: ResolvedRetryOptions;
  private readonly timeoutMs: number;
  private readonly fetchImpl: FetchFunction;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly progress: (message: string) => void;
  private readonly signal: AbortSignal | undefined;

  constructor(options: TransportOptions, shared?: SharedState) {
    if (!options || typeof options.auth?.getAuthorizationHeader !== "function") {
      throw new AdoError("usage", "No credentials were given to the Azure DevOps gateway");
    }
    this.auth = options.auth;
    this.shared = shared ?? {
      limit: new ConcurrencyLimit(options.maxConcurrency ?? 4),
      notBefore: 0,
      slowedDown: false,
      counters: { requests: 0, retries: 0, throttled: 0 },
    };
    this.options = options;
    this.signal = options.signal;
    this.retry = resolveRetryOptions(options.retry);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const globalFetch = typeof fetch === "function" ? (url: string, init: RequestInit) => fetch(url, init) : undefined;
    const fetchImpl = options.fetch ?? globalFetch;
    if (!fetchImpl) throw new Error("No fetch implementation is available (Node >= 20 or a browser is required)");
    this.fetchImpl = fetchImpl;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.progress = options.onProgress ?? (() => undefined);
  }

  private readonly options: TransportOptions;

  /**
   * The response headers of an unauthenticated GET, whatever its status (a sign-in redirect or a 401 still
   * carries them): for facts Azure DevOps announces to anyone, such as `X-VSS-ResourceTenant`.
   */
  async anonymousHeaders(url: string): Promise<Headers> {
    this.shared.counters.requests++;
    let response: Response;
    try {
      response = await this.fetchImpl(url, { method: "GET", redirect: "manual", signal: this.signal });
    } catch (error) {
      throw errorFromNetwork(error, "GET", url, this.timeoutMs);
    }
    await response.body?.cancel().catch(() => undefined);
    return response.headers;
  }

  stats(): TransportStats {
    return { ...this.shared.counters, peakInFlight: this.shared.limit.peakInFlight };
  }

  /**
   * The same transport (credentials, limit, throttling pause, counters) with a run's own cancellation and
   * progress: a hub runs an audit and a hooks read at once, and cancelling one must not touch the other.
   */
  scoped(scope: TransportScope): Transport {
    return new Transport({ ...this.options, signal: scope.signal, onProgress: scope.onProgress ?? this.options.onProgress }, this.shared);
  }

  /**
   * The same transport, except that a request that times out fails at once instead of being sent again: for a
   * whole-namespace ACL read, whose caller falls back to smaller reads rather than wait for the same large answer
   * five more times.
   */
  withoutTimeoutRetries(): Transport {
    return new Transport({ ...this.options, retryTimeouts: false }, this.shared);
  }

  /** Throws the cancellation error once this transport's signal has aborted. */
  private throwIfCancelled(url: string): void {
    if (this.signal?.aborted) throw new AdoError("cancelled", "Cancelled.", { url });
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const method = (request.method ?? "GET").toUpperCase();
    let forceRefresh = false;
    let refreshed = false;
    let droppedOnce = false;
    let answerLost = false;
    for (let retries = 0; ;) {
      let response: HttpResponse;
      this.throwIfCancelled(request.url);
      try {
        // Wait for any pause (Retry-After, rate limit) only once a slot is ours: a pause set while this
        // request queued for a slot still applies to it.
        response = await this.shared.limit.run(async () => {
          await this.waitForTurn();
          this.throwIfCancelled(request.url);
          return this.attempt(method, request, forceRefresh);
        });
      } catch (error) {
        if (error instanceof AdoError) throw error;
        this.throwIfCancelled(request.url);
        const code = networkErrorCode(error);
        if (isConnectionDrop(code) || code === "ETIMEDOUT") answerLost = true;
        if (isConnectionDrop(code) && !droppedOnce) {
          // Most likely a pooled keep-alive connection the server or a proxy closed while idle (after a long
          // plan, say): the pool has discarded it, so the next attempt opens a fresh one, at once.
          droppedOnce = true;
          this.progress(`The connection to Azure DevOps was closed (${code}); retrying at once on a new connection`);
          this.shared.counters.retries++;
          continue;
        }
        const timedOut = code === "ETIMEDOUT" || code === "UND_ERR_CONNECT_TIMEOUT";
        if (isTransientNetworkError(code) && retries < this.retry.maxRetries && !(timedOut && this.options.retryTimeouts === false)) {
          const delay = retryDelay(retries, undefined, this.retry);
          this.progress(
            `The connection to Azure DevOps failed (${code}); retrying in ${formatSeconds(delay)} (retry ${retries + 1} of ${this.retry.maxRetries})`,
          );
          this.postpone(delay);
          retries++;
          this.shared.counters.retries++;
          continue;
        }
        throw errorFromNetwork(error, method, request.url, this.timeoutMs);
      }

      const { status } = response;
      if (status === 429) this.shared.counters.throttled++;

      if (status === 401 && !refreshed && this.auth.refreshable !== false) {
        // The extension's token can expire mid-run: ask the provider for a fresh one once, as the
        // azure-devops-extension-api Fetch layer does.
        refreshed = true;
        forceRefresh = true;
        continue;
      }

      if (isRetryableStatus(status)) {
        if (retries >= this.retry.maxRetries) throw this.failure(method, request.url, response, retries, answerLost);
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"), this.now());
        const delay = retryDelay(retries, retryAfter, this.retry);
        const why = status === 429 ? "is throttling requests" : "is temporarily unavailable";
        const source = retryAfter !== undefined ? " (Retry-After)" : "";
        this.progress(
          `Azure DevOps ${why} (HTTP ${status}); waiting ${formatSeconds(delay)}${source} before retry ${retries + 1} of ${this.retry.maxRetries}`,
        );
        this.postpone(delay);
        retries++;
        this.shared.counters.retries++;
        continue;
      }

      if (status < 200 || status >= 300 || status === 203) throw this.failure(method, request.url, response, retries, answerLost);

      const slowdown = slowdownDelay(response.headers, this.now(), this.retry);
      if (slowdown !== undefined) {
        if (!this.shared.slowedDown)
          this.progress(`Azure DevOps reports the rate limit is nearly used up; slowing down by ${formatSeconds(slowdown)}`);
        this.shared.slowedDown = true;
        this.postpone(slowdown);
      } else {
        this.shared.slowedDown = false;
      }
      return response;
    }
  }

  /**
   * The contract of azure-devops-extension-api's protected `RestClientBase._issueRequest`: resolves with the
   * deserialized body, the text, an ArrayBuffer, or (with `returnRawResponse`) a fetch Response.
   */
  async issueForClient(requestUrl: string, apiVersion: string, params: ClientRequestParams): Promise<unknown> {
    const method = (params.method ?? "GET").toUpperCase();
    const accept = params.httpResponseType || "application/json";
    let body: BodyInit | null = null;
    let contentType: string | undefined;
    if (params.body !== undefined && params.body !== null && method !== "GET") {
      body = params.isRawData ? (params.body as BodyInit) : JSON.stringify(params.body);
      if (!params.isRawData) contentType = "application/json";
    }
    const response = await this.send({
      method,
      url: requestUrl,
      apiVersion,
      accept,
      body,
      contentType,
      headers: params.customHeaders,
      keepListItem: params.keepListItem,
    });
    if (params.returnRawResponse) {
      const noBody = response.status === 204 || response.status === 205 || response.bytes.length === 0;
      return new Response(noBody ? null : response.bytes.slice(), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    }
    if (accept.toLowerCase().includes("json")) return response.json();
    if (accept.toLowerCase() === "text/plain") return response.text();
    return response.bytes.slice().buffer;
  }

  private async attempt(method: string, request: HttpRequest, forceRefresh: boolean): Promise<HttpResponse> {
    const refusal = this.options.credentialPolicy?.(new URL(request.url));
    if (refusal) throw new AdoError("usage", refusal, { url: request.url });
    const headers = new Headers(request.headers ?? {});
    headers.set("Accept", acceptHeader(request.accept ?? "application/json", request.apiVersion));
    if (request.contentType) headers.set("Content-Type", request.contentType);
    headers.set("Authorization", await this.auth.getAuthorizationHeader(forceRefresh));
    // Ask for JSON 401s instead of sign-in redirects (inferred: https://learn.microsoft.com/azure/devops/integrate/get-started/authentication/authentication-guidance).
    headers.set("X-TFS-FedAuthRedirect", "Suppress");
    headers.set("X-VSS-ReauthenticationAction", "Suppress");

    this.shared.counters.requests++;
    const raw = await this.fetchImpl(request.url, {
      method,
      headers,
      body: request.body ?? undefined,
      // A rejected token can be redirected to the sign-in page; see that redirect instead of following it.
      redirect: "manual",
      signal: this.signal ? anySignal([this.signal, AbortSignal.timeout(this.timeoutMs)]) : AbortSignal.timeout(this.timeoutMs),
    });
    if (request.keepListItem && raw.body && raw.status >= 200 && raw.status < 300 && raw.status !== 203) {
      return listResponse(raw, raw.body, request.keepListItem, method, request.url);
    }
    const bytes = new Uint8Array(await raw.arrayBuffer());
    return toHttpResponse(raw, bytes, method, request.url);
  }

  private failure(method: string, url: string, response: HttpResponse, retries: number, answerLost: boolean): AdoError {
    const error = errorFromResponse(
      {
        method,
        url,
        status: response.status,
        statusText: response.statusText,
        contentType: response.headers.get("content-type"),
        bodyText: response.text(),
      },
      this.auth.renewalHint ?? "",
      retries,
    );
    if (!answerLost) return error;
    return new AdoError(error.kind, error.message, { status: error.status, url: error.url, candidates: error.candidates, afterLostAnswer: true });
  }

  private postpone(delayMs: number): void {
    this.shared.notBefore = Math.max(this.shared.notBefore, this.now() + delayMs);
  }

  private async waitForTurn(): Promise<void> {
    const wait = this.shared.notBefore - this.now();
    if (wait <= 0) return;
    const signal = this.signal;
    if (!signal) return this.sleep(wait);
    // A cancelled run stops waiting at once; the pause still applies to every other run.
    await new Promise<void>((resolve) => {
      const done = () => {
        signal.removeEventListener("abort", done);
        resolve();
      };
      signal.addEventListener("abort", done, { once: true });
      void this.sleep(wait).then(done);
    });
  }
}

/** The subset of azure-devops-extension-api's RestClientRequestParams the transport reads. */
export interface ClientRequestParams {
  method?: string;
  body?: unknown;
  isRawData?: boolean;
  httpResponseType?: string;
  customHeaders?: Record<string, string>;
  returnRawResponse?: boolean;
  /** Ours, not the package's: see `HttpRequest.keepListItem`. */
  keepListItem?: KeepListItem;
}

/** A successful list answer read element by element as it arrives (json-list-stream.ts). */
async function listResponse(raw: Response, body: ReadableStream<Uint8Array>, keep: KeepListItem, method: string, url: string): Promise<HttpResponse> {
  const list = new JsonListStream(keep);
  const reader = body.getReader();
  let parsed: unknown;
  try {
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) list.push(chunk.value);
    parsed = list.end();
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    await reader.cancel().catch(() => undefined);
    throw notJson(raw, raw.status, list.frameText(), method, url);
  }
  return {
    status: raw.status,
    statusText: raw.statusText,
    headers: raw.headers,
    bytes: new Uint8Array(0),
    text: () => "",
    json: <T>() => parsed as T,
  };
}

function notJson(raw: Response, status: number, body: string, method: string, url: string): AdoError {
  const what = looksLikeHtml(raw.headers.get("content-type"), body) ? "an HTML page (a proxy or sign-in page?)" : "text that is not JSON";
  return new AdoError("server", `Azure DevOps answered ${method} ${new URL(url).pathname} with ${what} instead of JSON (HTTP ${status}).`, {
    status,
    url,
  });
}

function toHttpResponse(raw: Response, bytes: Uint8Array, method: string, url: string): HttpResponse {
  // A manual redirect shows up as status 0 / type "opaqueredirect" in browsers; report it as a 302.
  const status = raw.type === "opaqueredirect" ? 302 : raw.status;
  let text: string | undefined;
  const readText = () => (text ??= new TextDecoder("utf-8").decode(bytes));
  return {
    status,
    statusText: raw.statusText,
    headers: raw.headers,
    bytes,
    text: readText,
    json<T>(): T {
      const body = readText();
      if (body.trim() === "") return null as T;
      try {
        return JSON.parse(body) as T;
      } catch {
        throw notJson(raw, status, body, method, url);
      }
    },
  };
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds < 10 ? Number(seconds.toFixed(1)) : Math.round(seconds)} s`;
}

/** AbortSignal.any where available (Node >= 20.3, Chromium >= 116), else a manual merge. */
function anySignal(signals: AbortSignal[]): AbortSignal {
  const any = (AbortSignal as unknown as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (any) return any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}
