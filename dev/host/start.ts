#!/usr/bin/env node
/**
 * One command for the local Azure DevOps experience: starts the emulator with the demo organization,
 * serves the built hubs (dist/) from one origin and a host page framing them from another, and prints
 * the URL to open. It never opens a browser itself.
 *
 *   npm run build && npm run build:web && node build/dev/host/start.js
 *
 * Environment (all optional):
 *   DBT_ADO_DEVHOST_PORT       host page port                (default 8601)
 *   DBT_ADO_DEVHOST_HUB_PORT   extension (hub) origin port   (default 8602)
 *   DBT_ADO_EMULATOR_PORT      emulator port                 (default 8603)
 *   DBT_ADO_DEVHOST_SEED       seed file                     (default emulator/seeds/demo.json)
 *   DBT_ADO_DEVHOST_THEME      light | dark                  (default light)
 *   DBT_ADO_DEVHOST_DATA       file keeping the hubs' saved settings across restarts
 *                                                            (default .devhost/extension-data.json)
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { loadSeed, startEmulator } from "../../emulator";
import { manifestScopes, withExtensionToken } from "./hostToken";
import { startDevHost } from "./server";

export const DEFAULT_PORTS = { host: 8601, hub: 8602, emulator: 8603 } as const;
/** Relative to the repository root; git-ignored. */
export const DEFAULT_EXTENSION_DATA_FILE = ".devhost/extension-data.json";

/** The repository root, whether running from build/dev/host or from the source tree. */
function repositoryRoot(): string {
  const candidates = [path.resolve(__dirname, "../../.."), path.resolve(__dirname, "../..")];
  const found = candidates.find((dir) => existsSync(path.join(dir, "vss-extension.json")));
  if (!found) throw new Error(`Cannot find vss-extension.json above ${__dirname}`);
  return found;
}

export function portFromEnv(name: string, fallback: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number (0-65535), got "${raw}"`);
  return port;
}

async function main(): Promise<void> {
  const root = repositoryRoot();
  const seedFile = path.resolve(root, process.env.DBT_ADO_DEVHOST_SEED ?? "emulator/seeds/demo.json");
  // The hubs' token carries the manifest's scopes, as the one Azure DevOps issues the extension does.
  const { seed, token, identity } = withExtensionToken(loadSeed(seedFile), manifestScopes(root));
  const theme = process.env.DBT_ADO_DEVHOST_THEME === "dark" ? "dark" : "light";

  const emulator = await startEmulator({ seeds: [seed], port: portFromEnv("DBT_ADO_EMULATOR_PORT", DEFAULT_PORTS.emulator) });
  let host;
  try {
    host = await startDevHost({
      rootDir: root,
      orgUrl: emulator.orgUrl(seed.organization.name),
      accessToken: token,
      hostPort: portFromEnv("DBT_ADO_DEVHOST_PORT", DEFAULT_PORTS.host),
      hubPort: portFromEnv("DBT_ADO_DEVHOST_HUB_PORT", DEFAULT_PORTS.hub),
      initialTheme: theme,
      extensionDataFile: path.resolve(root, process.env.DBT_ADO_DEVHOST_DATA ?? DEFAULT_EXTENSION_DATA_FILE),
    });
  } catch (error) {
    await emulator.stop();
    throw error;
  }

  console.log(`Azure DevOps emulator: ${emulator.orgUrl(seed.organization.name)} (signed in as ${identity})`);
  console.log(`Extension origin:      ${host.extensionBaseUri}`);
  console.log(`Saved hub settings:    ${path.resolve(root, process.env.DBT_ADO_DEVHOST_DATA ?? DEFAULT_EXTENSION_DATA_FILE)}`);
  console.log(`\nOpen ${host.hostUrl} to use the hubs (Ctrl+C to stop).`);
  const stop = () => {
    Promise.all([host.stop(), emulator.stop()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`devhost: ${(error as Error).message}`);
    process.exit(2);
  });
}
