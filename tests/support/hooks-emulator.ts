/** Starting the emulator with the hooks seed, and gateways that talk to it over real HTTP. */
import { startEmulator, type RunningEmulator } from "../../emulator";
import { AdoGateway } from "../../src/ado/gateway";
import { patAuth } from "../../src/ado/http/auth";
import { parseOrganization } from "../../src/ado/organization";
import { hooksSeed, ORG } from "./hooks-seed";

export async function startHooksEmulator(): Promise<RunningEmulator> {
  return startEmulator({ seeds: [hooksSeed()] });
}

/** A gateway for `token`, with retry delays short enough for tests. */
export function gatewayFor(emulator: RunningEmulator, token: string, progress?: string[]): AdoGateway {
  return AdoGateway.forOrganization({
    org: parseOrganization(emulator.orgUrl(ORG.name)),
    auth: patAuth(token),
    retry: { baseDelayMs: 5, maxDelayMs: 20, maxRetries: 5 },
    onProgress: progress ? (message) => progress.push(message) : undefined,
  });
}

/** Write requests the emulator saw to service hook subscriptions, by method. */
export function hookWrites(emulator: RunningEmulator): { DELETE: number; PUT: number; POST: number } {
  const count = (method: string) =>
    Object.entries(emulator.stats.byRoute)
      .filter(([route]) => route.toUpperCase().startsWith(`${method} `) && /subscription/i.test(route))
      .reduce((sum, [, n]) => sum + n, 0);
  return { DELETE: count("DELETE"), PUT: count("PUT"), POST: count("POST") };
}
