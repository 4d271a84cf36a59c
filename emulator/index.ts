/**
 * An Azure DevOps emulator: a real HTTP server speaking the REST wire format of every endpoint the
 * gateway uses, with seeded organizations, its own permission evaluator, and latency, throttling and
 * fault switches. It imports nothing from src/: it stands in for Azure DevOps.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { EmulatorServer, type Stats, type Switches } from "./http/server";
import type { OrgState } from "./model/state";
import { stateFromSeed } from "./seed/to-state";
import type { OrgSeed } from "./seed/types";

export type * from "./seed/types";
export type { OrgState } from "./model/state";
export type * from "./model/records";
export { loadSeed } from "./seed/load";
export { generateOrg } from "./seed/generate";

export interface EmulatorOptions {
  seeds: OrgSeed[];
  /** Default 0 (the OS picks). */
  port?: number;
  /** The loopback address to listen on: `127.0.0.1` (default) or `::1`, for IPv6 literal organization URLs. */
  host?: "127.0.0.1" | "::1";
  /** Added to every response. */
  latencyMs?: number;
  /** Every Nth request gets 429 + Retry-After (+ X-RateLimit-* headers, TF400733 body). */
  throttle?: { every: number; retryAfterSeconds: number };
  /** Every Nth request fails with a VSS error body. */
  faults?: { every: number; status: 500 | 503 };
}

export interface RunningEmulator {
  /** `http://127.0.0.1:PORT` (`http://[::1]:PORT` on the IPv6 loopback) */
  baseUrl: string;
  /** The core host of an organization: `${baseUrl}/${org}` (like https://dev.azure.com/{org}). */
  orgUrl(org: string): string;
  /** Live counters; `byRoute` keys look like "GET accesscontrollists". */
  stats: Stats;
  resetStats(): void;
  /** Changes switches at runtime; a changed throttle or fault switch restarts its request count. */
  configure(o: Partial<Pick<EmulatorOptions, "latencyMs" | "throttle" | "faults">>): void;
  /** Live state of an organization, for tests that inspect writes. */
  state(org: string): OrgState;
  stop(): Promise<void>;
}

function checkSwitches(o: Partial<Pick<EmulatorOptions, "latencyMs" | "throttle" | "faults">>): void {
  if (o.latencyMs !== undefined && (!Number.isFinite(o.latencyMs) || o.latencyMs < 0)) {
    throw new Error("latencyMs must be a number >= 0");
  }
  if (o.throttle && (!Number.isInteger(o.throttle.every) || o.throttle.every < 1 || !(o.throttle.retryAfterSeconds >= 0))) {
    throw new Error("throttle needs every (integer >= 1) and retryAfterSeconds (>= 0)");
  }
  if (o.faults && (!Number.isInteger(o.faults.every) || o.faults.every < 1 || (o.faults.status !== 500 && o.faults.status !== 503))) {
    throw new Error("faults needs every (integer >= 1) and status 500 or 503");
  }
}

export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  if (!opts || !Array.isArray(opts.seeds) || opts.seeds.length === 0) throw new Error("startEmulator needs at least one seed");
  checkSwitches(opts);
  const orgs = new Map<string, OrgState>();
  for (const seed of opts.seeds) {
    const state = stateFromSeed(seed);
    const key = state.name.toLowerCase();
    if (orgs.has(key)) throw new Error(`Two seeds describe the organization ${state.name}`);
    orgs.set(key, state);
  }
  const switches: Switches = { latencyMs: opts.latencyMs ?? 0, throttle: opts.throttle, faults: opts.faults };
  const emulator = new EmulatorServer(orgs, switches);
  const server = createServer(emulator.handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = opts.host === "::1" ? `http://[::1]:${port}` : `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    orgUrl: (org) => `${baseUrl}/${encodeURIComponent(org)}`,
    stats: emulator.stats,
    resetStats: () => emulator.resetStats(),
    configure: (o) => {
      checkSwitches(o);
      emulator.configure(o);
    },
    state: (org) => {
      const state = orgs.get(org.toLowerCase());
      if (!state) throw new Error(`The emulator has no organization named ${org}`);
      return state;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
