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
import { errorFromNetwork, errorFromResponse, isTransientNetworkError, looksLikeHtml, networkErrorCode } from "./error-mapping";
import { AdoError } from "./errors";
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
  /** Requests in flight at once (default 4, reference §12). */
  maxConcurrency?: number;
  retry?: RetryOptions;
  /** Per-attempt timeout (default 60 s). */
  timeoutMs?: number;
  onProgress?: (message: string) => void;
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

export class Transport {
  private readonly auth: AuthProvider;
  private readonly limit: ConcurrencyLimit;
  private readonly retry: ResolvedRetryOptions;
  private readonly timeoutMs: number;
  private readonly fetchImpl: FetchFunction;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly progress: (message: string) => void;
  /** No request starts before this time (ms): set by Retry-After and rate-limit headers, shared by all. */
  private notBefore = 0;
  private slowedDown = false;
  private counters = { requests: 0, retries: 0, throttled: 0 };

  constructor(options: TransportOptions) {
    if (!options || typeof options.auth?.getAuthorizationHeader !== "function") {
      throw new AdoError("usage", "No credentials were given to the Azure DevOps gateway");
    }
    this.auth = options.auth;
    this.limit = new ConcurrencyLimit(options.maxConcurrency ?? 4);
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

  stats(): TransportStats {
    return { ...this.counters, peakInFlight: this.limit.peakInFlight };
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const method = (request.method ?? "GET").toUpperCase();
    let forceRefresh = false;
    let refreshed = false;
    for (let retries = 0; ; ) {
      let response: HttpResponse;
      try {
        // Wait for any pause (Retry-After, rate limit) only once a slot is ours: a pause set while this
        // request queued for a slot still applies to it.
        response = await this.limit.run(async () => {
          await this.waitForTurn();
          return this.attempt(method, request, forceRefresh);
        });
      } catch (error) {
        if (error instanceof AdoError) throw error;
        const code = networkErrorCode(error);
        if (isTransientNetworkError(code) && retries < this.retry.maxRetries) {
          const delay = retryDelay(retries, undefined, this.retry);
          this.progress(`The connection to Azure DevOps failed (${code}); retrying in ${formatSeconds(delay)} (retry ${retries + 1} of ${this.retry.maxRetries})`);
          this.postpone(delay);
          retries++;
          this.counters.retries++;
          continue;
        }
        throw errorFromNetwork(error, method, request.url, this.timeoutMs);
      }

      const { status } = response;
      if (status === 429) this.counters.throttled++;

      if (status === 401 && !refreshed && this.auth.refreshable !== false) {
        // The extension's token can expire mid-run: ask the provider for a fresh one once, as the
        // azure-devops-extension-api Fetch layer does.
        refreshed = true;
        forceRefresh = true;
        continue;
      }

      if (isRetryableStatus(status)) {
        if (retries >= this.retry.maxRetries) throw this.failure(method, request.url, response, retries);
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"), this.now());
        const delay = retryDelay(retries, retryAfter, this.retry);
        const why = status === 429 ? "is throttling requests" : "is temporarily unavailable";
        const source = retryAfter !== undefined ? " (Retry-After)" : "";
        this.progress(
          `Azure DevOps ${why} (HTTP ${status}); waiting ${formatSeconds(delay)}${source} before retry ${retries + 1} of ${this.retry.maxRetries}`,
        );
        this.postpone(delay);
        retries++;
        this.counters.retries++;
        continue;
      }

      if (status < 200 || status >= 300 || status === 203) throw this.failure(method, request.url, response, retries);

      const slowdown = slowdownDelay(response.headers, this.now(), this.retry);
      if (slowdown !== undefined) {
        if (!this.slowedDown) this.progress(`Azure DevOps reports the rate limit is nearly used up; slowing down by ${formatSeconds(slowdown)}`);
        this.slowedDown = true;
        this.postpone(slowdown);
      } else {
        this.slowedDown = false;
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
    const headers = new Headers(request.headers ?? {});
    headers.set("Accept", acceptHeader(request.accept ?? "application/json", request.apiVersion));
    if (request.contentType) headers.set("Content-Type", request.contentType);
    headers.set("Authorization", await this.auth.getAuthorizationHeader(forceRefresh));
    // Ask for JSON 401s instead of sign-in redirects [I reference §0.4].
    headers.set("X-TFS-FedAuthRedirect", "Suppress");
    headers.set("X-VSS-ReauthenticationAction", "Suppress");

    this.counters.requests++;
    const raw = await this.fetchImpl(request.url, {
      method,
      headers,
      body: request.body ?? undefined,
      // A rejected token can be redirected to the sign-in page; see that redirect instead of following it.
      redirect: "manual",
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    return toHttpResponse(raw, bytes, method, request.url);
  }

  private failure(method: string, url: string, response: HttpResponse, retries: number): AdoError {
    return errorFromResponse(
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
  }

  private postpone(delayMs: number): void {
    this.notBefore = Math.max(this.notBefore, this.now() + delayMs);
  }

  private async waitForTurn(): Promise<void> {
    const wait = this.notBefore - this.now();
    if (wait > 0) await this.sleep(wait);
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
        const what = looksLikeHtml(raw.headers.get("content-type"), body) ? "an HTML page (a proxy or sign-in page?)" : "text that is not JSON";
        throw new AdoError("server", `Azure DevOps answered ${method} ${new URL(url).pathname} with ${what} instead of JSON (HTTP ${status}).`, {
          status,
          url,
        });
      }
    },
  };
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds < 10 ? Number(seconds.toFixed(1)) : Math.round(seconds)} s`;
}
