/**
 * Opaque continuation tokens for Graph (header `X-MS-ContinuationToken`) and user entitlements (body
 * `continuationToken`) (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships, https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get). Clients must pass them back untouched; a token that was
 * not issued here is a 400.
 */
import { errors } from "./errors";

const PREFIX = "emu1:";

export function encodeContinuation(offset: number): string {
  return Buffer.from(`${PREFIX}${offset}`, "utf8").toString("base64url");
}

export function decodeContinuation(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  const text = Buffer.from(token, "base64url").toString("utf8");
  const match = text.startsWith(PREFIX) ? /^\d+$/.exec(text.slice(PREFIX.length)) : null;
  if (!match) throw errors.badRequest(`The continuation token '${token}' is not valid.`, "InvalidContinuationTokenException");
  return Number(match[0]);
}

/** One page of items from `offset`, and the token for the next page when there is one. */
export function pageOf<T>(items: T[], offset: number, size: number): { page: T[]; next: string | undefined } {
  const page = items.slice(offset, offset + size);
  return { page, next: offset + size < items.length ? encodeContinuation(offset + size) : undefined };
}
