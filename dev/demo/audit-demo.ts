/**
 * The product's main job on an embedded default: start the emulator with the demo organization and audit its
 * dbt service user through the real CLI code path (over real HTTP), printing the table.
 *
 *   npm run demo:audit            (or: node build/dev/demo/audit-demo.js [--format json|markdown|junit])
 */
import * as path from "node:path";
import { loadSeed, startEmulator } from "../../emulator";
import { run } from "../../src/cli/run";

export const DEMO_ADMIN_PAT = "demo-admin-pat";
export const DEMO_SERVICE_USER = "svc-dbt@contoso.com";
export const DEMO_ORG = "contoso";

export function demoSeedPath(): string {
  // Works from the TypeScript sources (ts-jest) and from build/ alike: both sit two levels below the repo root.
  const repoRoot = path.resolve(__dirname, "..", "..", __dirname.includes(`${path.sep}build${path.sep}`) ? ".." : "");
  return path.join(repoRoot, "emulator", "seeds", "demo.json");
}

async function main(argv: string[]): Promise<number> {
  const emulator = await startEmulator({ seeds: [loadSeed(demoSeedPath())] });
  try {
    process.stderr.write(`Azure DevOps emulator with the demo organization at ${emulator.orgUrl(DEMO_ORG)}\n`);
    return await run(
      ["audit", "--org", emulator.orgUrl(DEMO_ORG), "--identity", DEMO_SERVICE_USER, ...argv],
      { ...process.env, AZURE_DEVOPS_EXT_PAT: DEMO_ADMIN_PAT, SYSTEM_ACCESSTOKEN: undefined },
      { stdout: process.stdout, stderr: process.stderr },
    );
  } finally {
    await emulator.stop();
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    // The demo organization is built with gaps, so exit code 1 ("findings remain") is the expected outcome.
    process.exitCode = code === 2 ? 2 : 0;
  });
}
