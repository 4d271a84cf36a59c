/**
 * `npm run bench:plan -- 1000 3000`: grant planning time as the organization grows. For each size, builds a
 * generated organization (10 repositories per project) in the emulator, reads it once through the gateway, then
 * plans the org and repo scopes, printing the CPU time of planning alone (`process.cpuUsage`, so other work on
 * the machine inflates it less than wall time) and the plan's size.
 */
import { generateOrg, startEmulator } from "../emulator";
import { AdoGateway, parseOrganization, patAuth } from "../src/ado";
import { planGrants, type GrantScope } from "../src/core/grant/planner";

const NOW = new Date("2026-12-01T00:00:00Z");

async function measure(projects: number): Promise<void> {
  const seed = generateOrg({ name: "fabrikam", projects, reposPerProject: 10 });
  const identity = seed.expectedGapsFor ?? seed.users.find((user) => user.principalName.startsWith("svc-dbt"))!.principalName;
  const emulator = await startEmulator({ seeds: [seed] });
  let snapshot;
  try {
    const gateway = new AdoGateway({ org: parseOrganization(emulator.orgUrl("fabrikam")), auth: patAuth(seed.tokens[0].token) });
    snapshot = await gateway.readSnapshot({ identity });
  } finally {
    await emulator.stop();
  }
  for (const scope of ["org", "repo"] as GrantScope[]) {
    const before = process.cpuUsage();
    const plan = planGrants(snapshot, { scope, now: NOW });
    const used = process.cpuUsage(before);
    const cpuSeconds = (used.user + used.system) / 1e6;
    console.log(
      `${String(projects).padStart(6)} projects  ${scope.padEnd(4)}  ${cpuSeconds.toFixed(1).padStart(6)} s CPU  ` +
        `${plan.changes.length} changes, ${plan.blocked.length} blocked`,
    );
  }
}

async function main(sizes: number[]): Promise<void> {
  for (const size of sizes) await measure(size);
}

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0);
void main(sizes.length > 0 ? sizes : [100, 1000, 3000]);
