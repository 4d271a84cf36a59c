/**
 * `dbt-ado audit --format json` as users run it: the built CLI in its own process, against a generated
 * organization in the emulator (10 ms latency per request), writing the report to a file. For each size it
 * measures the requests the emulator answered, the wall time, the CLI's peak RSS (bench/rss-on-exit.ts) and the
 * report's size; the sizes form a growth curve (100 → 1,000 → 10,000 projects × 10 repositories) plus
 * 1,000 × 100 (100,000 repositories).
 *
 *   npm run build && node build/bench/audit-cli.js [projects×repos ...]   e.g. 1000x10 10000x10
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { generateOrg, startEmulator } from "../emulator";

export interface AuditCliRow {
  projects: number;
  reposPerProject: number;
  requests: number;
  wallMs: number;
  peakRssMB: number;
  reportMB: number;
  exitCode: number | null;
}

export const AUDIT_CLI_SIZES: ReadonlyArray<readonly [number, number]> = [
  [100, 10],
  [1000, 10],
  [10000, 10],
  [1000, 100],
];

export const AUDIT_CLI_TARGETS = { maxRssMB: 500, maxReportMB: 5, maxRequests1k: 40, maxRequests10k: 120 };

const CLI = path.join(__dirname, "..", "src", "cli", "main.js");
const PRELOAD = path.join(__dirname, "rss-on-exit.js");

export async function auditCli(projects: number, reposPerProject: number, latencyMs = 10): Promise<AuditCliRow> {
  const seed = generateOrg({ name: "bench", projects, reposPerProject });
  const identity = seed.expectedGapsFor ?? seed.users.find((u) => u.principalName.startsWith("svc-dbt"))!.principalName;
  const emulator = await startEmulator({ seeds: [seed], latencyMs });
  const folder = mkdtempSync(path.join(tmpdir(), "dbt-ado-bench-"));
  const reportFile = path.join(folder, "report.json");
  const rssFile = path.join(folder, "rss");
  try {
    emulator.resetStats();
    const started = performance.now();
    // Asynchronous on purpose: the emulator answers from this process's event loop.
    const exitCode = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ["--require", PRELOAD, CLI, "audit", "--org", emulator.orgUrl("bench"), "--identity", identity, "--format", "json", "--output", reportFile],
        { env: { ...process.env, AZURE_DEVOPS_EXT_PAT: seed.tokens[0].token, BENCH_RSS_FILE: rssFile }, stdio: ["ignore", "ignore", "pipe"] },
      );
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 || code === 1 ? resolve(code) : reject(new Error(`audit exited ${code}: ${stderr}`))));
    });
    return {
      projects,
      reposPerProject,
      requests: emulator.stats.requests,
      wallMs: Math.round(performance.now() - started),
      peakRssMB: Math.round(Number(readFileSync(rssFile, "utf8")) / 1024),
      reportMB: statSync(reportFile).size / 1e6,
      exitCode,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
    await emulator.stop();
  }
}

export async function auditCliFigures(sizes: ReadonlyArray<readonly [number, number]> = AUDIT_CLI_SIZES): Promise<AuditCliRow[]> {
  const rows: AuditCliRow[] = [];
  for (const [projects, repos] of sizes) rows.push(await auditCli(projects, repos));
  return rows;
}

export function printAuditCli(rows: readonly AuditCliRow[]): void {
  console.log("dbt-ado audit --format json   requests   wall time   peak RSS   report");
  for (const r of rows) {
    const size = `${r.projects.toLocaleString("en-US")} × ${r.reposPerProject}`;
    console.log(
      `${size.padEnd(28)} ${String(r.requests).padStart(10)} ${(r.wallMs / 1000).toFixed(1).padStart(9)} s ${String(r.peakRssMB).padStart(7)} MB ` +
        `${r.reportMB.toFixed(2).padStart(6)} MB`,
    );
  }
}

export function auditCliChecks(rows: readonly AuditCliRow[]): [string, boolean][] {
  const at = (projects: number, repos: number) => rows.find((r) => r.projects === projects && r.reposPerProject === repos);
  const checks: [string, boolean][] = [];
  const t = AUDIT_CLI_TARGETS;
  const k1 = at(1000, 10);
  const k10 = at(10000, 10);
  const big = at(1000, 100);
  if (k1) checks.push([`audit requests at 1,000 × 10: ${k1.requests} ≤ ${t.maxRequests1k}`, k1.requests <= t.maxRequests1k]);
  if (k1) checks.push([`JSON report at 1,000 × 10: ${k1.reportMB.toFixed(2)} MB ≤ ${t.maxReportMB} MB`, k1.reportMB <= t.maxReportMB]);
  if (k10) checks.push([`audit requests at 10,000 × 10: ${k10.requests} ≤ ${t.maxRequests10k}`, k10.requests <= t.maxRequests10k]);
  for (const row of [k10, big]) {
    if (!row) continue;
    const size = `${row.projects.toLocaleString("en-US")} × ${row.reposPerProject}`;
    checks.push([`CLI peak RSS at ${size}: ${row.peakRssMB} MB < ${t.maxRssMB} MB`, row.peakRssMB < t.maxRssMB]);
  }
  return checks;
}

if (require.main === module) {
  const sizes = process.argv
    .slice(2)
    .map((arg) => arg.split("x").map(Number) as [number, number])
    .filter(([p, r]) => p > 0 && r > 0);
  void auditCliFigures(sizes.length > 0 ? sizes : AUDIT_CLI_SIZES).then((rows) => {
    printAuditCli(rows);
    for (const [label, pass] of auditCliChecks(rows)) console.log(`${pass ? "PASS" : "FAIL"}  ${label}`);
  });
}
