/**
 * One measured read + audit, in its own process so that its peak memory is the auditor's alone (the emulator
 * runs in the parent). Prints one JSON line: { mode, wallMs, maxRssMB, projects, repositories, ok }.
 *
 *   node build/bench/audit-worker.js <orgUrl> <identity> <efficient|naive>
 */
import { AdoGateway, parseOrganization, patAuth } from "../src/ado";
import { audit } from "../src/core";

async function main(): Promise<void> {
  const [orgUrl, identity, mode] = process.argv.slice(2);
  const pat = process.env.AZURE_DEVOPS_EXT_PAT ?? "";
  const auth = patAuth(pat);
  const gateway = AdoGateway.forOrganization({ org: parseOrganization(orgUrl), auth });
  const started = performance.now();
  const snapshot = mode === "naive" ? await gateway.readSnapshotNaive({ identity }) : await gateway.readSnapshot({ identity, projectGroups: false });
  const report = audit(snapshot, { now: new Date() });
  const wallMs = performance.now() - started;
  const result = {
    mode,
    wallMs: Math.round(wallMs),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    gatewayRequests: gateway.requestCount(),
    projects: report.projects.length,
    repositories: report.projects.reduce((n, p) => n + p.repositories.length, 0),
    ok: report.ok,
  };
  process.stdout.write(JSON.stringify(result) + "\n");
}

main().catch((error) => {
  process.stderr.write(`audit-worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
