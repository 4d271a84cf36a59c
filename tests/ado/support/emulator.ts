/** Shared set-up for gateway tests over real HTTP against the emulator. */
import { loadSeed, startEmulator, type EmulatorOptions, type OrgSeed, type RunningEmulator } from "../../../emulator";
import { AdoGateway, patAuth, parseOrganization, type AuthProvider, type GatewayOptions } from "../../../src/ado";
import type { GatewayClients } from "../../../src/ado/rest/gateway-clients";

export const ADMIN_PAT = "demo-admin-pat";
export const SERVICE_USER = "svc-dbt@contoso.com";

export function demoSeed(): OrgSeed {
  return loadSeed("emulator/seeds/demo.json");
}

export async function withEmulator(options: Partial<EmulatorOptions> = {}): Promise<RunningEmulator> {
  return startEmulator({ seeds: [demoSeed()], ...options });
}

export interface GatewayUnderTest {
  gateway: AdoGateway;
  /** Every URL the gateway fetched, in order. */
  urls: string[];
  progress: string[];
  /** Waits the transport asked for (ms); each is actually slept for at most 20 ms to keep tests fast. */
  waits: number[];
  /** The most fetches that were ever unanswered at once, measured around fetch itself. */
  peakFetches(): number;
}

/** A gateway for `org` on the emulator, with its real fetch wrapped only to record URLs. */
export function gatewayFor(
  emulator: RunningEmulator,
  options: { org?: string; auth?: AuthProvider } & Partial<Omit<GatewayOptions, "org" | "auth" | "fetch" | "sleep">> = {},
): GatewayUnderTest {
  const urls: string[] = [];
  const progress: string[] = [];
  const waits: number[] = [];
  let inFlight = 0;
  let peak = 0;
  const { org, auth, ...rest } = options;
  const gateway = AdoGateway.forOrganization({
    org: parseOrganization(emulator.orgUrl(org ?? "contoso")),
    auth: auth ?? patAuth(ADMIN_PAT),
    onProgress: (message) => progress.push(message),
    fetch: async (url, init) => {
      urls.push(url);
      peak = Math.max(peak, ++inFlight);
      try {
        // Read the body inside the window: the transport does too, before it frees its slot.
        const response = await fetch(url, init);
        const body = await response.arrayBuffer();
        return new Response(response.status === 204 ? null : body, {
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
        });
      } finally {
        inFlight--;
      }
    },
    sleep: (ms) => {
      waits.push(ms);
      return new Promise((resolve) => setTimeout(resolve, Math.min(ms, 20)));
    },
    ...rest,
  });
  return { gateway, urls, progress, waits, peakFetches: () => peak };
}

/**
 * The gateway's REST clients, for tests of the ado layer that send a raw request through the same transport.
 * Private to the gateway on purpose: nothing outside src/ado may reach them.
 */
export function clientsOf(gateway: AdoGateway): GatewayClients {
  return (gateway as unknown as { clients: GatewayClients }).clients;
}
