/**
 * HTTP outcomes -> AdoError with a one-line message an Azure DevOps admin can act on.
 *
 * Facts used [https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits]: a bad or expired PAT gets **203** with an HTML sign-in page (not 401)
 * (https://github.com/MicrosoftDocs/vsts-rest-api-specs/issues/97); a rejected Bearer token may get a 302 to sign-in (https://github.com/mondoohq/mql); 401 carries `TF400813` (documented);
 * 404 carries `TF200016`/`TF401019` for unknown **or invisible** projects/repositories (documented); error bodies are
 * VSS WrappedExceptions `{"message", "typeKey", …}` (https://github.com/microsoft/playwright).
 */
import { AdoError } from "./errors";

export interface FailedResponse {
  method: string;
  url: string;
  status: number;
  statusText: string;
  contentType: string | null;
  bodyText: string;
}

const MAX_SERVER_MESSAGE = 300;

/** `GET /contoso/_apis/projects` (no query: it can be long and holds descriptors). */
export function describeRequest(method: string, url: string): string {
  try {
    const parsed = new URL(url);
    return `${method.toUpperCase()} ${parsed.host}${parsed.pathname}`;
  } catch {
    return `${method.toUpperCase()} ${url}`;
  }
}

/** The `message` of a VSS error body, on one line; empty when the body is not one. */
export function serverMessage(bodyText: string): string {
  if (!bodyText) return "";
  try {
    const body = JSON.parse(bodyText) as { message?: unknown; Message?: unknown };
    const message = typeof body?.message === "string" ? body.message : typeof body?.Message === "string" ? body.Message : "";
    return oneLine(message);
  } catch {
    return "";
  }
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_SERVER_MESSAGE ? `${flat.slice(0, MAX_SERVER_MESSAGE - 1)}…` : flat;
}

/** An HTML page where JSON was expected: Azure DevOps' sign-in page, or a proxy's. */
export function looksLikeHtml(contentType: string | null, bodyText: string): boolean {
  if (contentType && /text\/html/i.test(contentType)) return true;
  return /^\s*(<!doctype html|<html)/i.test(bodyText);
}

/** 203 Non-Authoritative Information is how Azure DevOps answers a bad token with its sign-in page. */
export function isSignInPage(status: number, contentType: string | null, bodyText: string): boolean {
  return status === 203 && (looksLikeHtml(contentType, bodyText) || !isJson(bodyText));
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function withDetail(message: string, detail: string): string {
  return detail ? `${message}: ${detail}` : message;
}

export function errorFromResponse(response: FailedResponse, renewalHint: string, retries = 0): AdoError {
  const { status, method, url } = response;
  const where = describeRequest(method, url);
  const detail = serverMessage(response.bodyText);
  const details = { status, url };
  const hint = renewalHint ? ` ${renewalHint}` : "";

  if (isSignInPage(status, response.contentType, response.bodyText)) {
    return new AdoError("auth", `The token was rejected (HTTP 203 sign-in page): it is wrong or expired.${hint}`, details);
  }
  if (status >= 300 && status < 400) {
    return new AdoError("auth", `The token was rejected (HTTP ${status} redirect to sign-in): it is wrong or expired.${hint}`, details);
  }
  switch (status) {
    case 401:
      return new AdoError(
        "auth",
        `${withDetail("Azure DevOps refused the credentials (HTTP 401", detail)}): the token is wrong, expired, or lacks a scope this request needs (${where}).${hint}`,
        details,
      );
    case 403:
      return new AdoError(
        "forbidden",
        `${withDetail(`Access denied (HTTP 403) for ${where}`, detail)}. The account behind the token lacks a permission this ${method.toUpperCase() === "GET" || method.toUpperCase() === "HEAD" ? "read" : "write"} needs; run it as an organization administrator or grant the permission.`,
        details,
      );
    case 404:
      return new AdoError("notFound", `${withDetail(`Not found (HTTP 404) at ${where}`, detail)}.`, details);
    case 429:
      return new AdoError(
        "throttled",
        `${withDetail(`Azure DevOps kept throttling requests (HTTP 429) after ${retries} ${retries === 1 ? "retry" : "retries"}`, detail)}. Wait a few minutes and run again, or audit fewer projects at once.`,
        details,
      );
  }
  if (status === 413 || status === 414 || status === 431) {
    // Payload / URI / header fields too large (https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14,
    // https://www.rfc-editor.org/rfc/rfc6585#section-5): the request carried too much input; retrying cannot help.
    const statusText = response.statusText ? ` ${response.statusText}` : "";
    return new AdoError(
      "server",
      `${withDetail(`Azure DevOps refused the request as too large (HTTP ${status}${statusText}) for ${where}`, detail)}. An input is too long (a name, a query or a list of values); shorten it and run again.`,
      details,
    );
  }
  if (status === 400) {
    return new AdoError("server", `${withDetail(`Azure DevOps rejected the request (HTTP 400) for ${where}`, detail)}.`, details);
  }
  const retried = retries > 0 ? ` after ${retries} ${retries === 1 ? "retry" : "retries"}` : "";
  const statusText = response.statusText ? ` ${response.statusText}` : "";
  return new AdoError(
    "server",
    `${withDetail(`Azure DevOps answered HTTP ${status}${statusText} for ${where}${retried}`, detail)}. It may be a temporary outage; try again later.`,
    details,
  );
}

/** The error code of a failed `fetch` (undici puts it on `cause`), e.g. ECONNREFUSED, ENOTFOUND. */
export function networkErrorCode(error: unknown): string | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const { code, name } = current as { code?: unknown; name?: unknown };
    if (typeof code === "string" && code !== "") return code;
    if (name === "TimeoutError" || name === "AbortError") return "ETIMEDOUT";
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Failures worth retrying: the connection dropped or timed out, not "no such host" or "refused". */
export function isTransientNetworkError(code: string | undefined): boolean {
  return code !== undefined && ["ECONNRESET", "ETIMEDOUT", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "EAI_AGAIN"].includes(code);
}

/**
 * The connection broke on an established socket (reset, closed by the other side, broken pipe): the request
 * may have been sent. Also what a pooled keep-alive connection that the server or a proxy closed while idle
 * looks like on its next request (https://github.com/nodejs/undici/issues/3492).
 */
export function isConnectionDrop(code: string | undefined): boolean {
  return code === "ECONNRESET" || code === "EPIPE" || code === "UND_ERR_SOCKET";
}

export function errorFromNetwork(error: unknown, method: string, url: string, timeoutMs: number): AdoError {
  const code = networkErrorCode(error);
  let host = url;
  try {
    host = new URL(url).host;
  } catch {
    // keep the raw URL
  }
  const details = { url };
  switch (code) {
    case "ENOTFOUND":
    case "EAI_NONAME":
      return new AdoError("network", `The host ${host} could not be found (DNS lookup failed): check the organization name or URL.`, details);
    case "ECONNREFUSED":
      return new AdoError(
        "network",
        `Could not connect to ${host}: the connection was refused (is the URL right, and the server running?).`,
        details,
      );
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return new AdoError(
        "network",
        `${host} did not answer within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`} (${describeRequest(method, url)}).`,
        // A timeout waiting for the answer (not for the connection) may come after the service applied the request.
        { ...details, sent: code === "ETIMEDOUT", timedOut: true },
      );
  }
  const reason = code ?? (error instanceof Error ? error.message : String(error));
  if (isConnectionDrop(code)) {
    return new AdoError(
      "network",
      `The connection to ${host} broke before the answer arrived (${reason}) for ${describeRequest(method, url)}: check the network and proxy.`,
      { ...details, sent: true },
    );
  }
  return new AdoError(
    "network",
    `Could not reach ${host} (${reason}) for ${describeRequest(method, url)}: check the network, proxy and URL.`,
    details,
  );
}
