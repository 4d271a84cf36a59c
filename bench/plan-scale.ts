/**
 * `npm run bench:plan -- 1000 5000 10000`: grant planning time as the organization grows. For each size, in a
 * process of its own, builds a generated organization (10 repositories per project) in the emulator, reads it
 * once through the gateway, then plans the org and repo scopes, measuring the CPU time of planning alone
 * (`process.cpuUsage`, so other work on the machine inflates it less than wall time) and the plan's size.
 * `npm run bench` prints the same rows.
 */
import { spawn } from "node:child_process";
import { generateOrg, startEmulator } from "../emulator";
import { AdoGateway, parseOrganization, patAuth } from "../src/ado";
import { planGrants, type GrantScope } from "../src/core/grant/planner";
import type { OrgSnapshot } from "../src/core/snapshot";

const NOW = new Date("2026-12-01T00:00:00Z");

export interface PlanScaleRow {
  projects: number;
  scope: GrantScope;
  cpuSeconds: number;
  changes: number;
  blocked: number;
}

/** Targets from the scale issue: near-linear planning. */
export const PLAN_TARGETS: ReadonlyArray<{ projects: number; maxCpuSeconds: number }> = [
  { projects: 5000, maxCpuSeconds: 10 },
  { projects: 10000, maxCpuSeconds: 30 },
];

export const PLAN_SIZES = [1000, 5000, 10000];

/** The snapshot as the CLI reads it; the emulated organization is let go before planning, as it is not the CLI's. */
async function readGenerated(projects: number): Promise<OrgSnapshot> {
  const seed = generateOrg({ name: "fabrikam", projects, reposPerProject: 10 });
  const identity = seed.expectedGapsFor ?? seed.users.find((user) => user.principalName.startsWith("svc-dbt"))!.principalName;
  const emulator = await startEmulator({ seeds: [seed] });
  try {
    const gateway = new AdoGateway({ org: parseOrganization(emulator.orgUrl("fabrikam")), auth: patAuth(seed.tokens[0].token) });
    return await gateway.readSnapshot({ identity });
  } finally {
    await emulator.stop();
  }
}

async function measure(projects: number): Promise<PlanScaleRow[]> {
  const snapshot = await readGenerated(projects);
  const rows: PlanScaleRow[] = [];
  for (const scope of ["org", "repo"] as GrantScope[]) {
    const before = process.cpuUsage();
    const plan = planGrants(snapshot, { scope, now: NOW });
    const used = process.cpuUsage(before);
    rows.push({ projects, scope, cpuSeconds: (used.user + used.system) / 1e6, changes: plan.changes.length, blocked: plan.blocked.length });
  }
  return rows;
}

/**
 * One size in a process of its own, as `dbt-ado grant` plans: no heap left over from other sizes or from the
 * benchmarks before it (garbage collection is a third of planning, and it grows with what else is on the heap).
 */
function measureInChild(projects: number): Promise<PlanScaleRow[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--max-old-space-size=8192", __filename, ROWS_FLAG, String(projects)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(JSON.parse(out) as PlanScaleRow[]) : reject(new Error(`plan-scale ${projects} exited ${code}`)),
    );
  });
}

/** Run as `plan-scale.js --rows <projects>`: measure in this process, print the rows as JSON. */
const ROWS_FLAG = "--rows";

export async function planScaleFigures(sizes: readonly number[] = PLAN_SIZES, onRow: (row: PlanScaleRow) => void = () => undefined) {
  const rows: PlanScaleRow[] = [];
  for (const size of sizes) {
    for (const row of await measureInChild(size)) {
      rows.push(row);
      onRow(row);
    }
  }
  return rows;
}

export function formatPlanRow(row: PlanScaleRow): string {
  return (
    `${row.projects.toLocaleString("en-US").padStart(7)} projects  ${row.scope.padEnd(4)}  ${row.cpuSeconds.toFixed(1).padStart(6)} s CPU  ` +
    `${row.changes} changes, ${row.blocked} blocked`
  );
}

export function planScaleChecks(rows: readonly PlanScaleRow[]): [string, boolean][] {
  const checks: [string, boolean][] = [];
  for (const target of PLAN_TARGETS) {
    const measured = rows.filter((row) => row.projects === target.projects);
    if (measured.length === 0) continue;
    const slowest = Math.max(...measured.map((row) => row.cpuSeconds));
    const size = target.projects.toLocaleString("en-US");
    checks.push([
      `grant planning at ${size} × 10: ${slowest.toFixed(1)} s ≤ ${target.maxCpuSeconds} s (slowest scope)`,
      slowest <= target.maxCpuSeconds,
    ]);
  }
  return checks;
}

if (require.main === module && process.argv[2] === ROWS_FLAG) {
  void measure(Number(process.argv[3])).then((rows) => process.stdout.write(JSON.stringify(rows)));
} else if (require.main === module) {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
  void planScaleFigures(sizes.length > 0 ? sizes : [100, 1000, 3000], (row) => console.log(formatPlanRow(row))).then((rows) => {
    for (const [label, pass] of planScaleChecks(rows)) console.log(`${pass ? "PASS" : "FAIL"}  ${label}`);
  });
}
