/**
 * When to retry and how long to wait. Policy from https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits (inferred, not documented, mirrors https://github.com/mondoohq/mql client.go): retry 429, 502,
 * 503 and 504; wait `Retry-After` seconds when the service sends it, else back off exponentially (5 s doubling
 * to 60 s); give up after 5 retries.
 */

export interface RetryOptions {
  /** Retries after the first attempt (default 5). 0 disables retrying. */
  maxRetries?: number;
  /** First backoff when there is no Retry-After (default 5000 ms); doubles on each retry. */
  baseDelayMs?: number;
  /** The longest single wait (default 60000 ms). A longer Retry-After is shortened to this. */
  maxDelayMs?: number;
  /** Pause before the next request when `X-RateLimit-Remaining` reaches 0 without a delay hint (default 1000 ms). */
  slowdownMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetryOptions = { maxRetries: 5, baseDelayMs: 5000, maxDelayMs: 60000, slowdownMs: 1000 };

export function resolveRetryOptions(options: RetryOptions = {}): ResolvedRetryOptions {
  const resolved = { ...DEFAULT_RETRY, ...stripUndefined(options) };
  for (const [key, value] of Object.entries(resolved)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`retry.${key} must be a number >= 0, got ${value}`);
  }
  if (!Number.isInteger(resolved.maxRetries)) throw new RangeError(`retry.maxRetries must be a whole number, got ${resolved.maxRetries}`);
  return resolved;
}

function stripUndefined(options: RetryOptions): RetryOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as RetryOptions;
}

/** Statuses that mean "try again later": throttled, or a gateway/service that is briefly unavailable. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/**
 * `Retry-After` in milliseconds: delta-seconds (what Azure DevOps sends (https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits)) or an HTTP date
 * (RFC 9110). Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff for retry number `retry` (0-based), capped. */
export function backoffDelay(retry: number, options: ResolvedRetryOptions): number {
  return Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
}

/** How long to wait before retry number `retry`: the server's Retry-After if any, else backoff; capped. */
export function retryDelay(retry: number, retryAfterMs: number | undefined, options: ResolvedRetryOptions): number {
  const wanted = retryAfterMs ?? backoffDelay(retry, options);
  return Math.min(options.maxDelayMs, wanted);
}

/**
 * The pause `X-RateLimit-*` headers ask for on a successful response: Retry-After when present (it can come
 * on a 200 (https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits)), else `X-RateLimit-Delay` (seconds) or `slowdownMs` once `X-RateLimit-Remaining`
 * is 0; undefined when no slowing is needed.
 */
export function slowdownDelay(headers: { get(name: string): string | null }, now: number, options: ResolvedRetryOptions): number | undefined {
  const retryAfter = parseRetryAfter(headers.get("retry-after"), now);
  if (retryAfter !== undefined) return Math.min(options.maxDelayMs, retryAfter);
  const remaining = headers.get("x-ratelimit-remaining");
  if (remaining === null || remaining.trim() === "" || Number(remaining) > 0) return undefined;
  const delaySeconds = Number(headers.get("x-ratelimit-delay"));
  const wanted = Number.isFinite(delaySeconds) && delaySeconds > 0 ? Math.round(delaySeconds * 1000) : options.slowdownMs;
  return Math.min(options.maxDelayMs, wanted);
}
