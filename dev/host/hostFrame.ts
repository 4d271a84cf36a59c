/* istanbul ignore file -- runs in the browser: server.ts sends this function's source to the host page */
/**
 * The host side of the Azure DevOps extension handshake, as the host page runs it: it frames a hub from
 * another origin and answers the SDK's XDM calls the way Azure DevOps does (azure-devops-extension-sdk esm/XDM.js): the
 * `initialHandshake` (echoing the SDK's handshake token, with user, host, extension, page context and
 * a full theme), `getAccessToken`, `getService` for the location, extension data and navigation
 * services (their methods sent as proxy functions), and `themeChanged` events when the theme switches.
 *
 * `hostFrameMain` must stay self-contained: server.ts embeds `hostFrameMain.toString()` in the page,
 * so it may use nothing from outside its own body (no imports at runtime, no module-level helpers).
 */
import type { ThemeData, ThemeName } from "./themes";

export interface HostHub {
  /** The contribution's own id, e.g. `org-settings-hub`. */
  id: string;
  /** `publisher.extension.org-settings-hub`, what the SDK reports as the contribution id. */
  contributionId: string;
  label: string;
  /** The contribution's `uri`, relative to the extension's base URI. */
  uri: string;
  level: "organization" | "project";
}

export interface HostUser {
  id: string;
  name: string;
  displayName: string;
  descriptor: string;
  imageUrl: string;
}

export interface HostFrameConfig {
  organization: { id: string; name: string };
  /** Core host root of the organization, ending in "/". */
  orgUrl: string;
  /** Lower-case resource area id -> root URL ending in "/" (read from the organization's ResourceAreas). */
  resourceAreas: Record<string, string>;
  /** What getAccessToken returns: a token the organization accepts as Bearer. */
  accessToken: string;
  user: HostUser;
  extension: { id: string; publisherId: string; extensionId: string; version: string; baseUri: string };
  hubs: HostHub[];
  projects: { id: string; name: string }[];
  themes: Record<ThemeName, ThemeData>;
  chrome: Record<ThemeName, { background: string; bar: string; text: string; border: string }>;
  initial: { hub: string; theme: ThemeName; project?: string };
  /** The extension data the server keeps (extensionDataStore.ts): collection key -> documents. */
  extensionData: Record<string, Record<string, unknown>[]>;
}

export function hostFrameMain(config: HostFrameConfig): void {
  type Json = unknown;
  interface XdmMessage {
    id: number;
    methodName?: string;
    instanceId?: string;
    params?: Json[];
    handshakeToken?: string;
    result?: Json;
    error?: Json;
  }
  type Fn = (...args: never[]) => unknown;

  const log: { direction: "in" | "out"; instanceId?: string; methodName?: string; id: number }[] = [];
  (window as unknown as { __devhostLog: typeof log }).__devhostLog = log;

  const params = new URLSearchParams(window.location.search);
  let theme: ThemeName = params.get("theme") === "dark" ? "dark" : params.get("theme") === "light" ? "light" : config.initial.theme;
  let hub = config.hubs.find((h) => h.id === params.get("hub")) ?? config.hubs.find((h) => h.id === config.initial.hub) ?? config.hubs[0];
  const wantedProject = params.get("project") ?? config.initial.project;
  let project = config.projects.find((p) => p.name === wantedProject || p.id === wantedProject) ?? config.projects[0];
  let hash = "";
  const hashListeners: ((hash: string) => void)[] = [];
  let nextHostCallId = 1;
  let nextProxyId = 1;
  const proxyFunctions = new Map<string, Fn>();
  const extensionData = new Map<string, Map<string, Record<string, unknown>>>(
    Object.entries(config.extensionData ?? {}).map(([key, docs]) => [key, new Map(docs.map((doc) => [String(doc.id), doc]))]),
  );
  const hubOrigin = new URL(config.extension.baseUri).origin;

  // ---- Page chrome -------------------------------------------------------------------------------------
  document.title = "Azure DevOps (local host)";
  const style = document.createElement("style");
  document.head.appendChild(style);
  const bar = document.createElement("header");
  bar.setAttribute("role", "banner");
  const heading = document.createElement("h1");
  heading.textContent = `Azure DevOps · ${config.organization.name}`;
  const nav = document.createElement("nav");
  nav.setAttribute("aria-label", "Settings hubs");
  const hubButtons = config.hubs.map((h) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = h.label;
    button.dataset.hub = h.id;
    button.addEventListener("click", () => {
      hub = h;
      load();
    });
    nav.appendChild(button);
    return button;
  });
  const projectLabel = document.createElement("label");
  projectLabel.textContent = "Project ";
  const projectSelect = document.createElement("select");
  projectSelect.id = "devhost-project";
  for (const p of config.projects) {
    const option = document.createElement("option");
    option.value = p.id;
    option.textContent = p.name;
    projectSelect.appendChild(option);
  }
  projectSelect.addEventListener("change", () => {
    project = config.projects.find((p) => p.id === projectSelect.value) ?? project;
    if (hub.level === "project") load();
  });
  projectLabel.appendChild(projectSelect);
  nav.appendChild(projectLabel);

  const themeGroup = document.createElement("div");
  themeGroup.setAttribute("role", "group");
  themeGroup.setAttribute("aria-label", "Theme");
  const themeButtons = (["light", "dark"] as ThemeName[]).map((name) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = name === "light" ? "Light" : "Dark";
    button.dataset.theme = name;
    button.addEventListener("click", () => setTheme(name));
    themeGroup.appendChild(button);
    return button;
  });
  const status = document.createElement("output");
  status.id = "devhost-status";
  status.setAttribute("aria-live", "polite");
  bar.append(heading, nav, themeGroup, status);

  const main = document.createElement("main");
  const frame = document.createElement("iframe");
  frame.id = "hub-frame";
  frame.title = "Extension hub";
  main.appendChild(frame);
  document.body.append(bar, main);

  function paintChrome(): void {
    const c = config.chrome[theme];
    style.textContent =
      `html,body{height:100%;margin:0}body{display:flex;flex-direction:column;background:${c.background};color:${c.text};` +
      `font-family:"Segoe UI","Liberation Sans",Arial,sans-serif;font-size:14px}` +
      `header{display:flex;align-items:center;gap:16px;padding:8px 16px;background:${c.bar};border-bottom:1px solid ${c.border}}` +
      `h1{font-size:16px;margin:0 16px 0 0;font-weight:600}nav,[role=group]{display:flex;align-items:center;gap:8px}` +
      `button,select{font:inherit;color:${c.text};background:transparent;border:1px solid ${c.border};border-radius:2px;padding:4px 10px;cursor:pointer}` +
      `button[aria-pressed=true]{border-color:#0078d4;box-shadow:inset 0 -2px 0 #0078d4}select option{color:#000}` +
      `output{margin-left:auto;opacity:.8}main{flex:1;display:flex}iframe{flex:1;border:0;background:${c.background}}`;
    for (const b of themeButtons) b.setAttribute("aria-pressed", String(b.dataset.theme === theme));
  }

  function syncControls(): void {
    for (const b of hubButtons) b.setAttribute("aria-pressed", String(b.dataset.hub === hub.id));
    projectSelect.value = project?.id ?? "";
    projectSelect.disabled = hub.level !== "project";
    const query = new URLSearchParams({ hub: hub.id, theme });
    if (hub.level === "project" && project) query.set("project", project.name);
    window.history.replaceState(null, "", `?${query.toString()}`);
  }

  function load(): void {
    syncControls();
    status.textContent = `Loading ${hub.label}…`;
    status.dataset.state = "loading";
    frame.src = new URL(hub.uri, config.extension.baseUri).toString();
  }

  function setTheme(name: ThemeName): void {
    theme = name;
    paintChrome();
    syncControls();
    // What Azure DevOps sends when the user switches theme: an event dispatched in the extension frame.
    post({
      id: nextHostCallId++,
      instanceId: "DevOps.SdkClient",
      methodName: "dispatchEvent",
      params: ["themeChanged", { detail: { data: config.themes[theme] } }],
    });
  }

  // ---- XDM transport --------------------------------------------------------------------------------------
  function post(message: XdmMessage): void {
    if (!frame.contentWindow) return;
    log.push({ direction: "out", instanceId: message.instanceId, methodName: message.methodName, id: message.id });
    frame.contentWindow.postMessage(JSON.stringify(message), hubOrigin);
  }

  /** Functions become proxy ids the extension calls back through `__proxyFunctions`; dates are tagged. */
  function serialize(value: unknown, depth = 0): Json {
    if (depth > 100) return undefined;
    if (typeof value === "function") {
      const id = nextProxyId++;
      proxyFunctions.set(`proxy${id}`, value as Fn);
      return { __proxyFunctionId: id, _channelId: 1 };
    }
    if (value instanceof Date) return { __proxyDate: value.getTime() };
    if (Array.isArray(value)) return value.map((item) => serialize(item, depth + 1));
    if (value && typeof value === "object") {
      const out: Record<string, Json> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = serialize(item, depth + 1);
      return out;
    }
    return value;
  }

  function deserialize(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(deserialize);
    if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (typeof record.__proxyDate === "number") return new Date(record.__proxyDate);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(record)) out[key] = deserialize(item);
      return out;
    }
    return value;
  }

  window.addEventListener("message", (event: MessageEvent) => {
    if (event.source !== frame.contentWindow || event.origin !== hubOrigin || typeof event.data !== "string") return;
    let message: XdmMessage;
    try {
      message = JSON.parse(event.data) as XdmMessage;
    } catch {
      return;
    }
    // Messages without instanceId are the extension's replies to our own calls (themeChanged).
    if (!message || typeof message.id !== "number" || !message.instanceId) return;
    log.push({ direction: "in", instanceId: message.instanceId, methodName: message.methodName, id: message.id });
    void answer(message);
  });

  async function answer(message: XdmMessage): Promise<void> {
    // The first reply must echo the handshake token or the SDK drops it (azure-devops-extension-sdk esm/XDM.js).
    const token = message.handshakeToken ? { handshakeToken: message.handshakeToken } : {};
    try {
      const args = (deserialize(message.params ?? []) as unknown[]) ?? [];
      const result = await dispatch(message.instanceId ?? "", message.methodName ?? "", args);
      post({ id: message.id, result: serialize(result), ...token });
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      post({ id: message.id, error: { name: failure.name, message: failure.message }, ...token });
    }
  }

  function dispatch(instanceId: string, methodName: string, args: unknown[]): unknown {
    if (instanceId === "__proxyFunctions") {
      const fn = proxyFunctions.get(methodName);
      if (!fn) throw new Error(`Unknown proxy function ${methodName}`);
      return (fn as (...a: unknown[]) => unknown)(...args);
    }
    const target = registry[instanceId];
    if (!target) throw new Error(`The registered object ${instanceId} could not be found.`);
    const method = target[methodName];
    if (typeof method !== "function") throw new Error(`RPC method not found: ${methodName}`);
    return method(...args);
  }

  // ---- What the host answers ---------------------------------------------------------------------------
  function handshake(): Record<string, unknown> {
    const webContext: Record<string, unknown> = {
      account: { id: config.organization.id, name: config.organization.name, uri: config.orgUrl },
      collection: { id: config.organization.id, name: config.organization.name, uri: config.orgUrl },
      user: { id: config.user.id, name: config.user.displayName, email: config.user.name, uniqueName: config.user.name },
    };
    if (hub.level === "project" && project) webContext.project = { id: project.id, name: project.name };
    return {
      contributionId: hub.contributionId,
      context: {
        extension: config.extension,
        user: config.user,
        host: { id: config.organization.id, name: config.organization.name, serviceVersion: "local", type: 4, isHosted: true },
        pageContext: {
          webContext,
          globalization: {
            culture: "en-US",
            explicitTheme: theme === "dark" ? "ms.vss-web.vsts-theme-dark" : "ms.vss-web.vsts-theme",
            theme: theme === "dark" ? "ms.vss-web.vsts-theme-dark" : "ms.vss-web.vsts-theme",
            timeZoneId: "UTC",
            timezoneOffset: 0,
            typeAheadDisabled: false,
          },
          timeZonesConfiguration: { daylightSavingsAdjustments: [] },
        },
      },
      initialConfig: {},
      themeData: config.themes[theme],
    };
  }

  const locationService = {
    getResourceAreaLocation(areaId: string): string {
      const root = config.resourceAreas[String(areaId).toLowerCase()];
      if (!root) throw new Error(`Resource area ${areaId} is not available in ${config.organization.name}.`);
      return root;
    },
    getServiceLocation(): string {
      return config.orgUrl;
    },
    routeUrl(routeId: string, routeValues?: Record<string, string>): string {
      const query = new URLSearchParams(routeValues ?? {}).toString();
      return `${config.orgUrl}_route/${encodeURIComponent(routeId)}${query ? `?${query}` : ""}`;
    },
  };

  /** The page's copy of the extension data (the server keeps it), keyed like the service: extension, scope, collection, document id. */
  function collectionKey(extensionId: string, options: { scopeType?: string } | undefined, name: string): string {
    const scope = String(options?.scopeType ?? "Default").toLowerCase() === "user" ? `User:${config.user.id}` : "Default";
    return `${extensionId}|${scope}|${name}`;
  }

  function collection(extensionId: string, options: { scopeType?: string } | undefined, name: string) {
    const key = collectionKey(extensionId, options, name);
    let docs = extensionData.get(key);
    if (!docs) extensionData.set(key, (docs = new Map()));
    return docs;
  }

  /**
   * Sends a changed collection to the host's server, which keeps it across reloads (extensionDataStore.ts); the
   * write resolves only once it is kept, as the service's does, so a hub that saw "Saved" finds it after a reload.
   */
  async function persist(extensionId: string, options: { scopeType?: string } | undefined, name: string): Promise<void> {
    const key = collectionKey(extensionId, options, name);
    // server.ts's EXTENSION_DATA_PATH (this function may use nothing from outside its body).
    const response = await fetch(`/_devhost/extension-data?collection=${encodeURIComponent(key)}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify([...collection(extensionId, options, name).values()]),
    });
    if (!response.ok) throw new Error(`The local host did not keep the extension data (HTTP ${response.status}: ${await response.text()}).`);
  }

  const extensionDataService = {
    getExtensionDataManager(extensionId: string, accessToken: string) {
      if (accessToken !== config.accessToken) throw new Error("The access token is not valid for extension data.");
      const SETTINGS = "$settings";
      return {
        getValue(key: string, options?: { scopeType?: string; defaultValue?: unknown }) {
          const doc = collection(extensionId, options, SETTINGS).get(key);
          return doc ? doc.value : options?.defaultValue;
        },
        async setValue(key: string, value: unknown, options?: { scopeType?: string }) {
          const docs = collection(extensionId, options, SETTINGS);
          const previous = docs.get(key);
          docs.set(key, { id: key, value, __etag: Number(previous?.__etag ?? 0) + 1 });
          await persist(extensionId, options, SETTINGS);
          return value;
        },
        getDocument(name: string, id: string, options?: { scopeType?: string }) {
          const doc = collection(extensionId, options, name).get(id);
          if (!doc) throw new Error(`Document ${id} does not exist in collection ${name}.`);
          return doc;
        },
        getDocuments(name: string, options?: { scopeType?: string }) {
          return [...collection(extensionId, options, name).values()];
        },
        async createDocument(name: string, doc: Record<string, unknown>, options?: { scopeType?: string }) {
          const docs = collection(extensionId, options, name);
          const id = String(doc.id ?? `${Date.now()}-${docs.size + 1}`);
          if (docs.has(id)) throw new Error(`Document ${id} already exists in collection ${name}.`);
          const stored = { ...doc, id, __etag: 1 };
          docs.set(id, stored);
          await persist(extensionId, options, name);
          return stored;
        },
        async setDocument(name: string, doc: Record<string, unknown>, options?: { scopeType?: string }) {
          const docs = collection(extensionId, options, name);
          const id = String(doc.id ?? `${Date.now()}-${docs.size + 1}`);
          const stored = { ...doc, id, __etag: Number(docs.get(id)?.__etag ?? 0) + 1 };
          docs.set(id, stored);
          await persist(extensionId, options, name);
          return stored;
        },
        async updateDocument(name: string, doc: Record<string, unknown>, options?: { scopeType?: string }) {
          const docs = collection(extensionId, options, name);
          const id = String(doc.id);
          if (!docs.has(id)) throw new Error(`Document ${id} does not exist in collection ${name}.`);
          const stored = { ...doc, id, __etag: Number(docs.get(id)?.__etag ?? 0) + 1 };
          docs.set(id, stored);
          await persist(extensionId, options, name);
          return stored;
        },
        async deleteDocument(name: string, id: string, options?: { scopeType?: string }) {
          collection(extensionId, options, name).delete(id);
          await persist(extensionId, options, name);
        },
        queryCollectionsByName(names: string[]) {
          return names.map((name) => ({
            collectionName: name,
            scopeType: "Default",
            scopeValue: "Current",
            documents: [...collection(extensionId, undefined, name).values()],
          }));
        },
        queryCollections(collections: { collectionName: string; scopeType?: string; scopeValue?: string }[]) {
          return collections.map((c) => ({ ...c, documents: [...collection(extensionId, c, c.collectionName).values()] }));
        },
      };
    },
  };

  const navigationService = {
    getHash: () => hash,
    setHash(value: string) {
      hash = value;
      for (const listener of hashListeners) listener(hash);
    },
    replaceHash(value: string) {
      hash = value;
    },
    onHashChanged(callback: (hash: string) => void) {
      hashListeners.push(callback);
    },
    getQueryParams: () => Object.fromEntries(new URLSearchParams(window.location.search)),
    setQueryParams: () => undefined,
    getPageRoute: () => ({
      id: hub.level === "project" ? "ms.vss-admin-web.project-admin-hub-route" : "ms.vss-admin-web.collection-admin-hub-route",
      routeValues: { adminPivot: hub.contributionId },
    }),
    getPageNavigationElements: () => [{ id: hub.contributionId, name: hub.label, type: "ms.vss-web.hub" }],
    setDocumentTitle(title: string) {
      document.title = `${title} · Azure DevOps (local host)`;
    },
    navigate(url: string) {
      status.textContent = `Navigation requested: ${url}`;
    },
    openNewWindow(url: string) {
      status.textContent = `New window requested: ${url}`;
    },
    reload: () => load(),
  };

  const services: Record<string, unknown> = {
    "ms.vss-features.location-service": locationService,
    "ms.vss-features.extension-data-service": extensionDataService,
    "ms.vss-features.host-navigation-service": navigationService,
  };

  const registry: Record<string, Record<string, (...args: unknown[]) => unknown>> = {
    "DevOps.HostControl": {
      initialHandshake: () => handshake(),
      getAccessToken: () => ({ token: config.accessToken }),
      getAppToken: () => ({ token: config.accessToken }),
      notifyLoadSucceeded: () => {
        status.textContent = `${hub.label} loaded`;
        status.dataset.state = "loaded";
      },
      notifyLoadFailed: (error: unknown) => {
        const message = (error as { message?: string } | null)?.message ?? String(error);
        status.textContent = `${hub.label} failed to load: ${message}`;
        status.dataset.state = "failed";
      },
      resize: () => undefined,
    },
    "DevOps.ServiceManager": {
      getService: (id: unknown) => {
        const service = services[String(id)];
        if (!service) throw new Error(`Service ${String(id)} is not available in the local host.`);
        return service;
      },
    },
  };

  paintChrome();
  load();
}
