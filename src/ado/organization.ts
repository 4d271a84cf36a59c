/**
 * `--org` input -> the organization's name and base URL (the core host, always ending in `/`).
 *
 * Accepted forms (design.md "CLI"): a bare name (`contoso`), `https://dev.azure.com/contoso`, the legacy
 * `https://contoso.visualstudio.com` (https://learn.microsoft.com/azure/devops/extend/develop/work-with-urls), or any other base URL whose last path segment is the
 * organization (the emulator's `http://127.0.0.1:PORT/contoso`).
 */
import { AdoError } from "./http/errors";

export interface Organization {
  name: string;
  /** Base URL of the organization's core host, with a trailing slash, e.g. `https://dev.azure.com/contoso/`. */
  url: string;
}

/**
 * Organization names: letters, digits and hyphens, 1-50 characters, not starting or ending with a hyphen
 * (the rule the "Create organization" page enforces).
 */
const ORG_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,48}[A-Za-z0-9])?$/;

export function isValidOrganizationName(name: string): boolean {
  return ORG_NAME.test(name);
}

function invalidName(name: string, input: string): AdoError {
  return new AdoError(
    "usage",
    `"${name}" (from --org ${JSON.stringify(input)}) is not a valid Azure DevOps organization name: use 1-50 letters, digits or hyphens, not starting or ending with a hyphen`,
  );
}

export function parseOrganization(input: string): Organization {
  const trimmed = typeof input === "string" ? input.trim() : "";
  if (trimmed === "") {
    throw new AdoError("usage", "No organization given: pass --org with a name (contoso) or a URL (https://dev.azure.com/contoso)");
  }

  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    if (!isValidOrganizationName(trimmed)) throw invalidName(trimmed, input);
    return { name: trimmed, url: `https://dev.azure.com/${trimmed}/` };
  }

  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new AdoError("usage", `--org ${JSON.stringify(withoutUserinfo(input))} is not a valid URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new AdoError("usage", `--org ${JSON.stringify(withoutUserinfo(input))} must be an http(s) URL`);
  }
  if (url.username || url.password) {
    // Never echo the credentials: error lines end up in CI logs and terminals' scrollback.
    throw new AdoError("usage", `--org ${JSON.stringify(withoutUserinfo(input))} must not contain credentials; put the PAT in AZURE_DEVOPS_EXT_PAT`);
  }

  const segments = url.pathname.split("/").filter((segment) => segment !== "");
  const host = url.hostname.toLowerCase();
  const legacy = /^([a-z0-9-]+)\.visualstudio\.com$/.exec(host);

  // https://contoso.visualstudio.com[/DefaultCollection] names the organization in the host; any path below
  // it is ignored because the legacy host serves exactly one organization.
  if (legacy && legacy[1] !== "app") {
    const name = legacy[1];
    if (!isValidOrganizationName(name)) throw invalidName(name, input);
    return { name, url: `${url.protocol}//${url.host}/` };
  }
  if (segments.length === 0) {
    throw new AdoError("usage", `--org ${JSON.stringify(input)} has no organization in its path: use https://dev.azure.com/<organization>`);
  }

  // dev.azure.com/contoso/SomeProject/_git/... pasted from the browser: the organization is the first segment.
  const name = host === "dev.azure.com" ? decodeURIComponent(segments[0]) : decodeURIComponent(segments[segments.length - 1]);
  if (!isValidOrganizationName(name)) throw invalidName(name, input);
  const base = host === "dev.azure.com" ? `/${segments[0]}/` : `/${segments.join("/")}/`;
  return { name, url: `${url.protocol}//${url.host}${base}` };
}

/** The URL with any `user:password@` part replaced by `***@`, for messages. */
function withoutUserinfo(input: string): string {
  return input.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1***@");
}
