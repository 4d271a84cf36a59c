/**
 * Reading a request the way the service does: api-version from the query string or the Accept header,
 * Accept options (`noArrayWrap`, `enumsAsNumbers`, `msDateFormat`), and a JSON body.
 */
import type { IncomingMessage } from "node:http";
import type { RouteSpec, WireOptions } from "./context";
import { errors, VssError } from "./errors";

/** The newest api-version the emulator claims to serve. */
export const LATEST_VERSION = "7.2";

const VERSION_PATTERN = /^(\d+)\.(\d+)(-preview(\.\d+)?)?$/i;

/** Accept: `application/json;api-version=7.2-preview.4;excludeUrls=true;…;noArrayWrap=true` (azure-devops-extension-api's Common/Client.js and Common/Fetch.js). */
export function parseAccept(header: string | undefined): { apiVersion?: string; wire: WireOptions } {
  const options = new Map<string, string>();
  for (const part of (header ?? "").split(/[;,]/)) {
    const eq = part.indexOf("=");
    if (eq > 0) options.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  const flag = (name: string) => (options.get(name.toLowerCase()) ?? "").toLowerCase() === "true";
  return {
    apiVersion: options.get("api-version") || undefined,
    wire: { noArrayWrap: flag("noArrayWrap"), enumsAsNumbers: flag("enumsAsNumbers"), msDateFormat: flag("msDateFormat") },
  };
}

/**
 * Checks the requested version against the route: required on anything but GET/HEAD (inferred: https://learn.microsoft.com/azure/devops/integrate/concepts/rest-api-versioning),
 * well-formed, not newer than the server, and `-preview` on preview-only resources (https://learn.microsoft.com/azure/devops/integrate/concepts/rest-api-versioning).
 */
export function checkVersion(method: string, version: string | undefined, route: RouteSpec): void {
  if (version === undefined) {
    if (method !== "GET" && method !== "HEAD") throw errors.versionNotSpecified(method);
    return;
  }
  const match = VERSION_PATTERN.exec(version);
  if (!match) throw errors.invalidVersion(version);
  const [latestMajor, latestMinor] = LATEST_VERSION.split(".").map(Number);
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major > latestMajor || (major === latestMajor && minor > latestMinor)) throw errors.versionOutOfRange(version, LATEST_VERSION);
  if (route.previewOnly && !match[3]) throw errors.previewRequired(version);
}

const MAX_BODY = 16 * 1024 * 1024;

/** The parsed JSON body, or undefined when there is none. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw errors.badRequest("The request body is too large.", "VssRequestContentException");
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new VssError(
      400,
      "The request body could not be read as JSON.",
      "VssRequestContentException",
      "Microsoft.VisualStudio.Services.WebApi.VssRequestContentException, Microsoft.VisualStudio.Services.WebApi",
    );
  }
}
