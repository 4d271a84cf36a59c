/**
 * What Azure DevOps' own evaluation (the audit's second opinion) costs: the audit flow's requests on the bench's
 * organization with `verify` none, missing (the default) and all. The second opinion is one ACL query per namespace
 * asked, whatever the number of cells, so the three differ by at most 3 requests.
 *
 *   npm run build && node build/bench/verify-cost.js [projects] [repositories per project]
 */
import { AdoGateway, parseOrganization, patAuth } from "../src/ado";
import type { VerifyMode } from "../src/core/audit/report";
import { runAudit } from "../src/flows";
import { generateOrg, startEmulator } from "../emulator";

export interface VerifyCost {
  mode: VerifyMode;
  requests: number;
  /** Requests the second opinion itself made (the report's own count). */
  verificationRequests: number;
  checked: number;
  mismatched: number;
}

export async function verifyCosts(options: { projects: number; reposPerProject: number }): Promise<VerifyCost[]> {
  const seed = generateOrg({ name: "bench", projects: options.projects, reposPerProject: options.reposPerProject });
  const identity = seed.expectedGapsFor ?? seed.users.find((u) => u.principalName.startsWith("svc-dbt"))!.principalName;
  const emulator = await startEmulator({ seeds: [seed] });
  try {
    const rows: VerifyCost[] = [];
    for (const mode of ["none", "missing", "all"] as const) {
      const gateway = AdoGateway.forOrganization({ org: parseOrganization(emulator.orgUrl("bench")), auth: patAuth(seed.tokens[0].token, "") });
      emulator.resetStats();
      const { report } = await runAudit(gateway, { identity, verify: mode });
      rows.push({
        mode,
        requests: emulator.stats.requests,
        verificationRequests: report.verification?.requests ?? 0,
        checked: report.verification?.checked ?? 0,
        mismatched: report.verification?.mismatched ?? 0,
      });
    }
    return rows;
  } finally {
    await emulator.stop();
  }
}

export function printVerifyCosts(rows: readonly VerifyCost[]): void {
  console.log("audit --verify   requests   of which verification   cells checked   differ");
  for (const row of rows) {
    console.log(
      `${row.mode.padEnd(14)} ${String(row.requests).padStart(10)} ${String(row.verificationRequests).padStart(23)} ` +
        `${String(row.checked).padStart(15)} ${String(row.mismatched).padStart(8)}`,
    );
  }
}

if (require.main === module) {
  const [projects, reposPerProject] = [process.argv[2] ?? "1000", process.argv[3] ?? "10"].map(Number);
  console.log(`Audit flow on ${projects} projects × ${reposPerProject} repositories`);
  void verifyCosts({ projects, reposPerProject }).then(printVerifyCosts);
}
