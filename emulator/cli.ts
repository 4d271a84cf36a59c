#!/usr/bin/env node
/**
 * Runs the emulator until interrupted and prints where it listens and which tokens it accepts.
 * `node build/emulator/cli.js [--seed file] [--port N] [--latency ms] [--throttle N:secs]`
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { parseCliArgs, USAGE } from "./cli-args";
import { generateOrg, loadSeed, startEmulator, type OrgSeed } from "./index";

/** The demo seed, whether running from build/emulator or from the source tree. */
function defaultSeed(): string {
  const candidates = [resolve(__dirname, "seeds/demo.json"), resolve(__dirname, "../../emulator/seeds/demo.json")];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new Error(`Cannot find the demo seed (looked in ${candidates.join(", ")})`);
  return found;
}

async function main(): Promise<void> {
  const options = parseCliArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const files = options.seeds.length > 0 || options.generate.length > 0 ? options.seeds : [defaultSeed()];
  const seeds: OrgSeed[] = [...files.map((f) => loadSeed(resolve(f))), ...options.generate.map((g) => generateOrg(g))];
  const emulator = await startEmulator({
    seeds,
    port: options.port,
    latencyMs: options.latencyMs,
    throttle: options.throttle,
    faults: options.faults,
  });
  console.log(`Azure DevOps emulator listening on ${emulator.baseUrl}`);
  for (const seed of seeds) {
    console.log(`\nOrganization ${seed.organization.name}: ${emulator.orgUrl(seed.organization.name)}`);
    for (const t of seed.tokens) {
      const how = t.kind === "pat" ? "PAT (Basic auth)" : "Bearer";
      const notes = [t.expired ? "expired" : "", t.denyAreas?.length ? `refused: ${t.denyAreas.join(", ")}` : ""].filter(Boolean).join("; ");
      console.log(`  ${t.token.padEnd(24)} ${how.padEnd(17)} ${t.identity}${notes ? `  (${notes})` : ""}`);
    }
  }
  console.log(`\nexport AZURE_DEVOPS_EXT_PAT=${seeds[0].tokens.find((t) => t.kind === "pat" && !t.expired)?.token ?? ""}`);
  const stop = () => {
    emulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`emulator: ${(error as Error).message}`);
  if ((error as Error).message.startsWith("Unknown option") || (error as Error).message.includes("needs")) console.error(USAGE);
  process.exit(2);
});
