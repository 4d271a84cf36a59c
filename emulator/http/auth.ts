/**
 * Credentials as Azure DevOps accepts them (https://learn.microsoft.com/azure/devops/integrate/get-started/authentication/authentication-guidance): a PAT as the password of Basic auth
 * (the user part is ignored), or `Bearer <token>`. The outcomes mirror the service (https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits):
 * no Authorization header → 401 TF400813 JSON; an unknown, expired or mis-sent token → 203 with an HTML
 * sign-in page (which is why clients must check Content-Type before parsing).
 */
import type { IncomingMessage } from "node:http";
import type { TokenRecord } from "../model/records";
import type { OrgState } from "../model/state";

export type AuthResult = { outcome: "ok"; credential: TokenRecord } | { outcome: "missing" } | { outcome: "rejected" };

export function authenticate(req: IncomingMessage, org: OrgState): AuthResult {
  const header = req.headers.authorization;
  if (!header || header.trim() === "") return { outcome: "missing" };
  const space = header.indexOf(" ");
  const scheme = (space > 0 ? header.slice(0, space) : header).toLowerCase();
  const value = space > 0 ? header.slice(space + 1).trim() : "";
  let secret: string | undefined;
  let kind: "pat" | "bearer" | undefined;
  if (scheme === "basic") {
    const decoded = Buffer.from(value, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    secret = colon >= 0 ? decoded.slice(colon + 1) : decoded;
    kind = "pat";
  } else if (scheme === "bearer") {
    secret = value;
    kind = "bearer";
  }
  const credential = secret ? org.tokens.get(secret) : undefined;
  if (!credential || credential.kind !== kind || credential.expired) return { outcome: "rejected" };
  return { outcome: "ok", credential };
}

/** The page the service serves instead of JSON when a token is not accepted. */
export function signInPage(orgName: string): string {
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8"><title>Azure DevOps Services | Sign In</title></head>',
    "<body>",
    `<h1>Sign in to Azure DevOps</h1>`,
    `<p>Your credentials for the organization ${escapeHtml(orgName)} were not accepted. Sign in to continue.</p>`,
    '<form method="post" action="https://login.microsoftonline.com/"><button type="submit">Sign in</button></form>',
    "</body></html>",
  ].join("\n");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
