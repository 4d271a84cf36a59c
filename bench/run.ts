/**
 * `npm run bench`: every scale figure in one run, each with its target, and a summary of the checks at the end.
 *
 * 1. `dbt-ado audit --format json` as users run it, over a growth curve of organization sizes (bench/audit-cli.ts):
 *    requests, wall time, the CLI's peak RSS and the report's size.
 * 2. At 1,000 projects × 10 repositories with injected latency, the gateway's snapshot reader (ACLs read
 *    recursively once per namespace) against a naive reader (one ACL query per project per namespace and per
 *    repository), each in a child process so that its memory is measured alone.
 * 3. The writes a grant plan makes at each scope, the requests the audit's second opinion costs
 *    (bench/verify-cost.ts) and the requests applying each plan takes (bench/grant-apply.ts).
 * 4. Grant planning time as the organization grows (bench/plan-scale.ts).
 * 5. The hubs' bundle sizes and the time to their first matrix rows in Chromium (bench/hubs.ts).
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import { generateOrg, startEmulator } from "../emulator";
import { auditCliChecks, auditCliFigures, printAuditCli } from "./audit-cli";
import { grantApplyChecks, grantApplyCounts } from "./grant-apply";
import { formatPlanRow, PLAN_SIZES, planScaleChecks, planScaleFigures } from "./plan-scale";
import { grantWriteCounts } from "./grant-counts";
import { runHubBenchmarks } from "./hubs";
import { printVerifyCosts, verifyCosts } from "./verify-cost";

const run = promisify(execFile);

const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 1000);
const REPOS_PER_PROJECT = Number(process.env.BENCH_REPOS ?? 10);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 10);
const TARGETS = { maxRequests: 40, minRatio: 50, maxRssMB: 300 };
/** Every check of the run, printed again at the end. */
const summary: [string, boolean][] = [];

function printChecks(checks: readonly (readonly [string, boolean])[]): void {
  for (const [label, pass] of checks) {
    console.log(`${pass ? "PASS" : "FAIL"}  ${label}`);
    summary.push([label, pass]);
  }
}

interface WorkerResult {
  mode: string;
  wallMs: number;
  maxRssMB: number;
  projects: number;
  repositories: number;
}

async function measure(orgUrl: string, identity: string, pat: string, mode: "efficient" | "naive") {
  const worker = path.join(__dirname, "audit-worker.js");
  const { stdout } = await run(process.execPath, [worker, orgUrl, identity, mode], {
    env: { ...process.env, AZURE_DEVOPS_EXT_PAT: pat },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!) as WorkerResult;
}

async function main(): Promise<void> {
  // 1. The CLI's audit over the growth curve.
  console.log("Audit, the built CLI in its own process (10 ms latency per request):");
  const cliRows = await auditCliFigures();
  printAuditCli(cliRows);
  printChecks(auditCliChecks(cliRows));
  console.log("");

  const buildStart = performance.now();
  const seed = generateOrg({ name: "bench", projects: PROJECTS, reposPerProject: REPOS_PER_PROJECT });
  const identity = seed.expectedGapsFor ?? seed.users.find((u) => u.principalName.startsWith("svc-dbt"))!.principalName;
  const pat = seed.tokens[0].token;
  const emulator = await startEmulator({ seeds: [seed], latencyMs: LATENCY_MS });
  const orgUrl = emulator.orgUrl(seed.organization.name);
  console.log(
    `Organization: ${PROJECTS} projects × ${REPOS_PER_PROJECT} repositories, ${LATENCY_MS} ms latency per request ` +
      `(built and served in ${Math.round(performance.now() - buildStart)} ms)`,
  );
  try {
    const rows: Array<WorkerResult & { requests: number }> = [];
    for (const mode of ["efficient", "naive"] as const) {
      emulator.resetStats();
      const result = await measure(orgUrl, identity, pat, mode);
      rows.push({ ...result, requests: emulator.stats.requests });
    }
    const [efficient, naive] = rows;
    console.log("");
    console.log("reader     requests   wall time   peak RSS   projects   repositories");
    for (const r of rows) {
      console.log(
        `${r.mode.padEnd(10)} ${String(r.requests).padStart(8)} ${(r.wallMs / 1000).toFixed(2).padStart(10)} s ` +
          `${String(r.maxRssMB).padStart(7)} MB ${String(r.projects).padStart(10)} ${String(r.repositories).padStart(14)}`,
      );
    }
    const ratio = naive.requests / efficient.requests;
    console.log("");
    console.log(`naive / efficient requests: ${ratio.toFixed(1)}×; wall time: ${(naive.wallMs / efficient.wallMs).toFixed(1)}×`);
    const checks = [
      [`audit requests ≤ ${TARGETS.maxRequests}`, efficient.requests <= TARGETS.maxRequests],
      [`≥ ${TARGETS.minRatio}× fewer requests than naive`, ratio >= TARGETS.minRatio],
      [`audit peak memory < ${TARGETS.maxRssMB} MB`, efficient.maxRssMB < TARGETS.maxRssMB],
    ] as const;
    printChecks(checks);

    // Grant: one write request per changed token or membership, at each scope the admin can choose.
    const grant = await grantWriteCounts(orgUrl, pat, identity);
    console.log("");
    console.log("grant scope   ACE writes   membership writes   total writes   blocked cells   planning");
    for (const c of Object.values(grant.byScope)) {
      console.log(
        `${c.scope.padEnd(11)} ${String(c.aceWrites).padStart(12)} ${String(c.membershipWrites).padStart(19)} ` +
          `${String(c.totalWrites).padStart(14)} ${String(c.blocked).padStart(15)} ${(c.planMs / 1000).toFixed(2).padStart(8)} s`,
      );
    }
  } finally {
    await emulator.stop();
  }

  // The audit's second opinion (Azure DevOps' own evaluation): its requests with --verify none, missing and all.
  console.log("");
  printVerifyCosts(await verifyCosts({ projects: PROJECTS, reposPerProject: REPOS_PER_PROJECT }));

  // Grant apply: each scope's plan applied to a fresh copy of the organization, as `dbt-ado grant --yes` does.
  const applied = await grantApplyCounts({ projects: PROJECTS, reposPerProject: REPOS_PER_PROJECT, latencyMs: LATENCY_MS });
  console.log("");
  console.log("grant --yes   planned   writes   requests (all)   requests (apply)   apply time   still missing");
  for (const row of applied) {
    console.log(
      `${row.scope.padEnd(11)} ${String(row.planned).padStart(9)} ${String(row.writes).padStart(8)} ${String(row.requests).padStart(16)} ` +
        `${String(row.applyRequests).padStart(18)} ${(row.applyMs / 1000).toFixed(2).padStart(10)} s ${String(row.stillMissing).padStart(15)}`,
    );
  }
  printChecks(grantApplyChecks(applied, PROJECTS, REPOS_PER_PROJECT));

  // Grant planning as the organization grows (CPU time of planGrants alone).
  console.log("");
  console.log("Grant planning, 10 repositories per project:");
  const planRows = await planScaleFigures(PLAN_SIZES, (row) => console.log(formatPlanRow(row)));
  printChecks(planScaleChecks(planRows));

  // The hubs: bundle sizes, and the first matrix rows in Chromium (bench/hubs.ts).
  console.log("");
  const hubsPassed = await runHubBenchmarks();
  summary.push(["hub bundle sizes and first matrix rows (see above)", hubsPassed]);

  console.log("");
  console.log(`Summary: ${summary.filter(([, pass]) => pass).length} of ${summary.length} checks passed`);
  for (const [label, pass] of summary) if (!pass) console.log(`FAIL  ${label}`);
  if (summary.some(([, pass]) => !pass)) process.exitCode = 1;
}

void main();
