/**
 * A minimal Azure DevOps host living in the same jsdom window as the real SDK (in top-level jsdom,
 * window.parent === window). jsdom's postMessage delivers events without `source`/`origin`, which the
 * SDK drops, so replies are dispatched as MessageEvents carrying both (azure-devops-extension-sdk esm/XDM.js).
 */
type Handler = (...args: unknown[]) => unknown;

export interface FakeHost {
  calls: { instanceId: string; methodName: string; params: unknown[] }[];
  uninstall(): void;
}

export function installFakeHost(objects: Record<string, Record<string, Handler>>): FakeHost {
  const proxies = new Map<string, Handler>();
  let nextProxy = 1;
  const calls: FakeHost["calls"] = [];

  const serialize = (value: unknown): unknown => {
    if (typeof value === "function") {
      const id = nextProxy++;
      proxies.set(`proxy${id}`, value as Handler);
      return { __proxyFunctionId: id, _channelId: 1 };
    }
    if (Array.isArray(value)) return value.map(serialize);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, serialize(v)]));
    }
    return value;
  };
  const reply = (message: Record<string, unknown>) =>
    window.dispatchEvent(new MessageEvent("message", { data: JSON.stringify(message), source: window, origin: "http://localhost" }));

  const listener = async (event: MessageEvent) => {
    if (typeof event.data !== "string") return;
    const message = JSON.parse(event.data) as { id: number; instanceId?: string; methodName?: string; params?: unknown[]; handshakeToken?: string };
    if (!message.instanceId) return;
    const params = message.params ?? [];
    calls.push({ instanceId: message.instanceId, methodName: message.methodName ?? "", params });
    const token = message.handshakeToken ? { handshakeToken: message.handshakeToken } : {};
    try {
      const handler =
        message.instanceId === "__proxyFunctions" ? proxies.get(message.methodName ?? "") : objects[message.instanceId]?.[message.methodName ?? ""];
      if (!handler) throw new Error(`No handler for ${message.instanceId}.${message.methodName}`);
      reply({ id: message.id, result: serialize(await handler(...params)), ...token });
    } catch (error) {
      reply({ id: message.id, error: { message: (error as Error).message }, ...token });
    }
  };
  window.addEventListener("message", listener);
  return { calls, uninstall: () => window.removeEventListener("message", listener) };
}

export function handshakeResult(options: { project?: { id: string; name: string } } = {}) {
  return {
    contributionId: "dbt-ado-doctor.dbt-ado-doctor.org-settings-hub",
    context: {
      extension: { id: "dbt-ado-doctor.dbt-ado-doctor", publisherId: "dbt-ado-doctor", extensionId: "dbt-ado-doctor", version: "0.1.0" },
      user: { id: "u-1", name: "admin@contoso.com", displayName: "Contoso Admin", descriptor: "aad.YWRtaW4", imageUrl: "" },
      host: { id: "org-1", name: "contoso", serviceVersion: "test", type: 4, isHosted: true },
      pageContext: { webContext: options.project ? { project: options.project } : {} },
    },
    initialConfig: {},
  };
}
