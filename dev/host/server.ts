/**
 * The local Azure DevOps host: two HTTP servers on two origins, as in Azure DevOps, where the hub comes
 * from the extension's CDN and the page framing it from dev.azure.com.
 *  - the extension origin (`http://localhost:{hubPort}`) serves the built hubs (`dist/`) at the paths the
 *    manifest names (`dist/org-settings.html`, …);
 *  - the host origin (`http://127.0.0.1:{hostPort}`) serves a page that frames a hub in a cross-origin
 *    iframe and answers the SDK's handshake and service calls (hostFrame.ts) against a real organization
 *    URL, normally the emulator's.
 */
import { promises as fs } from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { openExtensionDataStore, type ExtensionDataStore } from "./extensionDataStore";
import { hostFrameMain, type HostFrameConfig, type HostHub, type HostUser } from "./hostFrame";
import { HOST_CHROME, THEMES, type ThemeName } from "./themes";

export interface DevHostOptions {
  /** Core URL of the organization, e.g. the emulator's `http://127.0.0.1:PORT/contoso/`. */
  orgUrl: string;
  /** A token the organization accepts as `Authorization: Bearer` (what getAccessToken hands the hubs). */
  accessToken: string;
  /** Repository root holding `vss-extension.json` and `dist/`; defaults to the current directory. */
  rootDir?: string;
  /** 0 (the default) lets the OS choose. */
  hostPort?: number;
  hubPort?: number;
  initialTheme?: ThemeName;
  /** Contribution id (`org-settings-hub`) shown first. */
  initialHub?: string;
  /**
   * Where the hubs' extension data (settings, documents) is kept across restarts of the host. Without it the
   * data lives as long as the host: it still survives reloads of the page, as on Azure DevOps.
   */
  extensionDataFile?: string;
}

/** Where the host page sends a changed extension data collection (`?collection=<key>`, a JSON array body). */
export const EXTENSION_DATA_PATH = "/_devhost/extension-data";
const MAX_COLLECTION_BYTES = 1_000_000;

export interface DevHost {
  /** The page to open: the host origin, framing the first hub. */
  hostUrl: string;
  /** The extension origin's base URI (what the SDK reports as `extension.baseUri`). */
  extensionBaseUri: string;
  hubs: HostHub[];
  stop(): Promise<void>;
}

interface ManifestContribution {
  id: string;
  type: string;
  targets?: string[];
  properties?: { name?: string; uri?: string };
}

interface Manifest {
  id: string;
  publisher: string;
  version: string;
  contributions?: ManifestContribution[];
}

const HUB_GROUPS: Record<string, { level: HostHub["level"]; label: string }> = {
  "ms.vss-web.collection-admin-hub-group": { level: "organization", label: "Organization settings" },
  "ms.vss-web.project-admin-hub-group": { level: "project", label: "Project settings" },
};

export async function startDevHost(options: DevHostOptions): Promise<DevHost> {
  const rootDir = path.resolve(options.rootDir ?? process.cwd());
  const orgUrl = options.orgUrl.endsWith("/") ? options.orgUrl : `${options.orgUrl}/`;
  const manifest = JSON.parse(await fs.readFile(path.join(rootDir, "vss-extension.json"), "utf8")) as Manifest;
  const hubs = hubsOf(manifest);
  for (const hub of hubs) {
    const file = path.join(rootDir, hub.uri);
    if (!(await exists(file))) {
      throw new Error(`${hub.uri} does not exist: build the hubs first with "npm run build:web".`);
    }
  }

  const organization = await readOrganization(orgUrl, options.accessToken);
  const extensionData = await openExtensionDataStore(options.extensionDataFile);

  const hubServer = http.createServer((req, res) => void serveStatic(rootDir, req, res));
  const hubPort = await listen(hubServer, options.hubPort ?? 0);
  // "localhost" and "127.0.0.1" are different origins, so the hub is cross-origin to its host as in Azure DevOps.
  const extensionBaseUri = `http://localhost:${hubPort}/`;

  const config: HostFrameConfig = {
    organization: organization.info,
    orgUrl,
    resourceAreas: organization.resourceAreas,
    accessToken: options.accessToken,
    user: organization.user,
    extension: {
      id: `${manifest.publisher}.${manifest.id}`,
      publisherId: manifest.publisher,
      extensionId: manifest.id,
      version: manifest.version,
      baseUri: extensionBaseUri,
    },
    hubs,
    projects: organization.projects,
    themes: { light: { ...THEMES.light }, dark: { ...THEMES.dark } },
    chrome: { light: { ...HOST_CHROME.light }, dark: { ...HOST_CHROME.dark } },
    initial: { hub: options.initialHub ?? hubs[0].id, theme: options.initialTheme ?? "light" },
    extensionData: {},
  };
  let hostOrigin = "";
  const hostServer = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://host");
    if (req.method === "GET" && url.pathname === "/") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
      // Built per request: the page starts from the extension data as it is now.
      res.end(hostPage({ ...config, extensionData: extensionData.collections() }));
    } else if (req.method === "PUT" && url.pathname === EXTENSION_DATA_PATH) {
      void storeCollection(req, res, extensionData, url.searchParams.get("collection") ?? "", hostOrigin);
    } else {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Not found");
    }
  });
  let hostPort: number;
  try {
    hostPort = await listen(hostServer, options.hostPort ?? 0);
  } catch (error) {
    await close(hubServer);
    throw error;
  }
  hostOrigin = `http://127.0.0.1:${hostPort}`;

  return {
    hostUrl: `http://127.0.0.1:${hostPort}/`,
    extensionBaseUri,
    hubs,
    stop: async () => {
      await Promise.all([close(hostServer), close(hubServer)]);
    },
  };
}

export function hubsOf(manifest: Manifest): HostHub[] {
  const hubs: HostHub[] = [];
  for (const contribution of manifest.contributions ?? []) {
    if (contribution.type !== "ms.vss-web.hub") continue;
    const group = (contribution.targets ?? []).map((target) => HUB_GROUPS[target]).find(Boolean);
    const uri = contribution.properties?.uri;
    if (!group || !uri) continue;
    hubs.push({
      id: contribution.id,
      contributionId: `${manifest.publisher}.${manifest.id}.${contribution.id}`,
      label: group.label,
      uri,
      level: group.level,
    });
  }
  if (hubs.length === 0) throw new Error("vss-extension.json contributes no settings hub");
  return hubs;
}

/** The host page: its whole behaviour is hostFrameMain, called with this organization's config. */
export function hostPage(config: HostFrameConfig): string {
  // "<" escaped so no value can close the script element.
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8"><title>Azure DevOps (local host)</title>',
    '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"></head>',
    "<body>",
    `<script>(${hostFrameMain.toString()})(${json});</script>`,
    "</body></html>",
  ].join("\n");
}

/**
 * Stores one collection sent by the host page. Only the host page's own origin may write (the hub, on the
 * extension origin, goes through the SDK's extension data service like on Azure DevOps).
 */
async function storeCollection(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  store: ExtensionDataStore,
  key: string,
  origin: string,
): Promise<void> {
  const reply = (status: number, message?: string) => {
    res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
    res.end(message);
  };
  if (req.headers.origin !== origin) return reply(403, "Only the host page may write extension data.");
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_COLLECTION_BYTES) return reply(413, `A collection may hold at most ${MAX_COLLECTION_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  let documents: unknown;
  try {
    documents = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    return reply(400, "The body must be JSON.");
  }
  try {
    await store.put(key, documents);
  } catch (error) {
    return reply(400, (error as Error).message);
  }
  reply(204);
}

// ---- What the host knows about the organization (read once, as Azure DevOps' page data would carry) ----

interface OrganizationFacts {
  info: { id: string; name: string };
  user: HostUser;
  resourceAreas: Record<string, string>;
  projects: { id: string; name: string }[];
}

async function readOrganization(orgUrl: string, accessToken: string): Promise<OrganizationFacts> {
  const get = async <T>(relative: string): Promise<{ body: T; headers: Headers }> => {
    const url = `${orgUrl}${relative}`;
    const response = await fetch(url, {
      headers: { Authorization: `Bearer ${accessToken}`, Accept: "application/json", "X-TFS-FedAuthRedirect": "Suppress" },
    });
    const type = response.headers.get("content-type") ?? "";
    if (!response.ok || !type.includes("json")) {
      throw new Error(
        `The organization at ${orgUrl} did not accept the host's token for ${relative} (HTTP ${response.status}, ${type || "no content type"}).`,
      );
    }
    return { body: (await response.json()) as T, headers: response.headers };
  };

  // connectionData and ResourceAreas are preview-only; connectionData is usually called without a version (https://learn.microsoft.com/azure/devops/integrate/concepts/rest-api-versioning, https://learn.microsoft.com/rest/api/azure/devops/locations/resource-areas/list).
  const connection = await get<ConnectionData>("_apis/connectionData");
  const areas = await get<{ value?: { id: string; locationUrl: string }[] }>("_apis/ResourceAreas?api-version=7.1-preview.1");
  const resourceAreas: Record<string, string> = {};
  for (const area of areas.body.value ?? []) {
    if (area.id && area.locationUrl)
      resourceAreas[area.id.toLowerCase()] = area.locationUrl.endsWith("/") ? area.locationUrl : `${area.locationUrl}/`;
  }

  const projects: { id: string; name: string }[] = [];
  let continuation: string | null = null;
  do {
    const query: string = continuation ? `&continuationToken=${encodeURIComponent(continuation)}` : "";
    const page: { body: { value?: { id: string; name: string }[] }; headers: Headers } = await get(`_apis/projects?api-version=7.1${query}`);
    for (const project of page.body.value ?? []) projects.push({ id: project.id, name: project.name });
    continuation = page.headers.get("x-ms-continuationtoken");
  } while (continuation);
  projects.sort((a, b) => a.name.localeCompare(b.name));

  const name = decodeURIComponent(new URL(orgUrl).pathname.split("/").filter(Boolean).pop() ?? "organization");
  const who = connection.body.authenticatedUser ?? {};
  const account = who.properties?.Account?.$value ?? "";
  return {
    info: { id: connection.body.instanceId ?? "00000000-0000-0000-0000-000000000000", name },
    user: {
      id: who.id ?? "",
      name: account,
      displayName: who.providerDisplayName ?? account,
      descriptor: who.subjectDescriptor ?? who.descriptor ?? "",
      imageUrl: "",
    },
    resourceAreas,
    projects,
  };
}

interface ConnectionData {
  instanceId?: string;
  authenticatedUser?: {
    id?: string;
    descriptor?: string;
    subjectDescriptor?: string;
    providerDisplayName?: string;
    properties?: { Account?: { $value?: string } };
  };
}

// ---- Static files of the extension origin ----------------------------------------------------------------

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** Serves `dist/**` and `images/**` only, the folders the manifest ships. */
async function serveStatic(rootDir: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://hub").pathname);
  const file = path.resolve(rootDir, `.${pathname}`);
  const allowed = ["dist", "images"].some((dir) => file.startsWith(path.join(rootDir, dir) + path.sep));
  if ((req.method !== "GET" && req.method !== "HEAD") || !allowed) {
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("Not found");
    return;
  }
  try {
    const body = await fs.readFile(file);
    res.writeHead(200, {
      "Content-Type": CONTENT_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream",
      "Cache-Control": "no-store",
    });
    res.end(req.method === "HEAD" ? undefined : body);
  } catch {
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" });
    res.end("Not found");
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await fs.access(file);
    return true;
  } catch {
    return false;
  }
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function close(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}
