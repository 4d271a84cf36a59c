/**
 * Applying grant plans for the benchmark: for each scope, a fresh copy of the organization in the emulator,
 * then exactly what `dbt-ado grant --yes` does (read, plan, check the caller, apply, re-read and verify),
 * counting every request the emulator answered and the writes among them.
 */
import { generateOrg, startEmulator, type OrgSeed } from "../emulator";
import { AdoGateway, parseOrganization, patAuth } from "../src/ado";
import { GRANT_SCOPES, type GrantScope } from "../src/core/grant/planner";
import { applyGrant, checkCaller, planGrant, readGrantState } from "../src/flows";

const WRITE_ROUTES = ["POST accesscontrolentries", "PUT memberships"];

export interface ScopeApply {
  scope: GrantScope;
  /** Changes in the plan (one write each when nothing is in place yet). */
  planned: number;
  /** Writes the emulator received. */
  writes: number;
  /** Every request of the run: read, caller check, apply, re-read. */
  requests: number;
  /** Requests of the apply step alone (reads before and after the writes included). */
  applyRequests: number;
  applyMs: number;
  /** The re-read found the organization in the plan's desired state (blocked items aside). */
  stillMissing: number;
}

export interface GrantApplyOptions {
  projects: number;
  reposPerProject: number;
  latencyMs: number;
  scopes?: readonly GrantScope[];
}

export async function grantApplyCounts(options: GrantApplyOptions): Promise<ScopeApply[]> {
  const seed: OrgSeed = generateOrg({ name: "bench", projects: options.projects, reposPerProject: options.reposPerProject });
  const identity = seed.expectedGapsFor ?? seed.users.find((u) => u.principalName.startsWith("svc-dbt"))!.principalName;
  const rows: ScopeApply[] = [];
  for (const scope of options.scopes ?? GRANT_SCOPES) {
    const emulator = await startEmulator({ seeds: [seed], latencyMs: options.latencyMs });
    try {
      const gateway = AdoGateway.forOrganization({ org: parseOrganization(emulator.orgUrl("bench")), auth: patAuth(seed.tokens[0].token) });
      const request = { identity, scope };
      const state = await readGrantState(gateway, request);
      const plan = planGrant(state, scope);
      await checkCaller(gateway, plan, state);
      const beforeApply = emulator.stats.requests;
      const start = performance.now();
      const result = await applyGrant(gateway, request, plan, { verify: "always" });
      const applyMs = performance.now() - start;
      const verification = result.verification?.ok ? result.verification.value : undefined;
      rows.push({
        scope,
        planned: plan.changes.length,
        writes: WRITE_ROUTES.reduce((sum, route) => sum + (emulator.stats.byRoute[route] ?? 0), 0),
        requests: emulator.stats.requests,
        applyRequests: emulator.stats.requests - beforeApply,
        applyMs: Math.round(applyMs),
        stillMissing: verification?.stillMissing.length ?? -1,
      });
    } finally {
      await emulator.stop();
    }
  }
  return rows;
}

/** Every scope within 10 % (+ 50) of its write count; organization scope at 1,000 × 10 within 1,450 requests. */
export function grantApplyChecks(rows: readonly ScopeApply[], projects: number, reposPerProject: number): [string, boolean][] {
  const checks: [string, boolean][] = rows.map((row) => [
    `grant ${row.scope}: ${row.requests} requests ≤ ${row.writes} writes + 10 % + 50`,
    row.requests <= Math.floor(row.writes * 1.1) + 50,
  ]);
  const org = rows.find((row) => row.scope === "org");
  if (org && projects === 1000 && reposPerProject === 10) checks.push([`grant org: ${org.requests} requests ≤ 1,450`, org.requests <= 1450]);
  return checks;
}

/** `npm run build && node build/bench/grant-apply.js [projects] [repositories per project] [latency ms]` */
async function main(): Promise<void> {
  const [projects, reposPerProject, latencyMs] = [process.argv[2] ?? "1000", process.argv[3] ?? "10", process.argv[4] ?? "10"].map(Number);
  console.log(`grant --yes on ${projects} projects × ${reposPerProject} repositories, ${latencyMs} ms latency per request`);
  const rows = await grantApplyCounts({ projects, reposPerProject, latencyMs });
  console.log("scope     planned   writes   requests (all)   requests (apply)   apply time");
  for (const row of rows) {
    console.log(
      `${row.scope.padEnd(9)} ${String(row.planned).padStart(7)} ${String(row.writes).padStart(8)} ${String(row.requests).padStart(16)} ` +
        `${String(row.applyRequests).padStart(18)} ${(row.applyMs / 1000).toFixed(2).padStart(10)} s`,
    );
  }
  const checks = grantApplyChecks(rows, projects, reposPerProject);
  for (const [label, pass] of checks) console.log(`${pass ? "PASS" : "FAIL"}  ${label}`);
  if (checks.some(([, pass]) => !pass)) process.exitCode = 1;
}

if (require.main === module) void main();
