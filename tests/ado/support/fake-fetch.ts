/** A scripted `fetch` for transport unit tests: records each request and answers from a queue or a handler. */
import type { FetchFunction } from "../../../src/ado/http/transport";

export interface RecordedRequest {
  url: string;
  method: string;
  headers: Headers;
  body: string | undefined;
}

export type Reply = Response | Error | ((request: RecordedRequest) => Response | Promise<Response>);

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });
}

export function html(
  status: number,
  text = "<!DOCTYPE html><html><head><title>Sign in to your account</title></head><body></body></html>",
): Response {
  return new Response(text, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}

export function networkError(code: string): Error {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });
}

export function fakeFetch(replies: Reply[] | ((request: RecordedRequest) => Response | Promise<Response>)) {
  const requests: RecordedRequest[] = [];
  const queue = Array.isArray(replies) ? [...replies] : undefined;
  const fetch: FetchFunction = async (url, init) => {
    const request: RecordedRequest = {
      url,
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? init.body : undefined,
    };
    requests.push(request);
    const reply = queue ? queue.shift() : (replies as (request: RecordedRequest) => Response);
    if (reply === undefined) throw new Error(`Unexpected request ${request.method} ${url}`);
    if (reply instanceof Error) throw reply;
    return typeof reply === "function" ? reply(request) : reply;
  };
  return { fetch, requests };
}

/** A sleep that records the waits and returns at once. */
export function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}
