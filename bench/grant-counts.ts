/**
 * Write counts of a grant plan at each scope, for the benchmark: how many ACE writes and Graph membership
 * writes `dbt-ado grant --yes` would make for an organization at `org`, `project` and `repo` scope.
 *
 * The organization is read once (the same snapshot the CLI reads) and planned three times; nothing is written,
 * because the plan already is the exact list of writes (one request per change).
 */
import { AdoGateway, parseOrganization, patAuth } from "../src/ado";
import { GRANT_SCOPES, planGrants, type GrantScope } from "../src/core/grant/planner";

export interface ScopeCounts {
  scope: GrantScope;
  /** `POST _apis/accesscontrolentries/{ns}` requests the plan makes. */
  aceWrites: number;
  /** `PUT _apis/graph/memberships/{subject}/{container}` requests the plan makes. */
  membershipWrites: number;
  totalWrites: number;
  /** Cells the plan cannot fix (a deny decides them). */
  blocked: number;
  /** Cells not allowed before the plan. */
  missing: number;
  /** Time to plan, in ms (the organization is already read). */
  planMs: number;
}

export interface GrantCounts {
  /** Requests it took to read the organization once. */
  readRequests: number;
  readMs: number;
  projects: number;
  repositories: number;
  byScope: Record<GrantScope, ScopeCounts>;
}

export interface GrantCountsOptions {
  /** Project names or ids; every project when absent. */
  projects?: string[];
  /** Clock for the audit findings the planner carries as notes; default now. */
  now?: Date;
}

/**
 * @param orgUrl   the organization's base URL, e.g. the emulator's `http://127.0.0.1:PORT/bench`
 * @param pat      a PAT the organization accepts (sent as Basic auth, like az devops)
 * @param identity the dbt service user (UPN/e-mail, display name or descriptor)
 */
export async function grantWriteCounts(orgUrl: string, pat: string, identity: string, options: GrantCountsOptions = {}): Promise<GrantCounts> {
  const gateway = new AdoGateway({ org: parseOrganization(orgUrl), auth: patAuth(pat) });
  const readStart = performance.now();
  const snapshot = await gateway.readSnapshot({ identity, projects: options.projects ?? [] });
  const readMs = performance.now() - readStart;
  const now = options.now ?? new Date();

  const byScope = {} as Record<GrantScope, ScopeCounts>;
  for (const scope of GRANT_SCOPES) {
    const start = performance.now();
    const plan = planGrants(snapshot, { scope, now });
    const planMs = performance.now() - start;
    byScope[scope] = {
      scope,
      aceWrites: plan.summary.aceWrites,
      membershipWrites: plan.summary.membershipWrites,
      totalWrites: plan.summary.aceWrites + plan.summary.membershipWrites,
      blocked: plan.summary.blocked,
      missing: plan.summary.missing,
      planMs: Math.round(planMs),
    };
  }
  return {
    readRequests: gateway.requestCount(),
    readMs: Math.round(readMs),
    projects: snapshot.projects.length,
    repositories: snapshot.repositories.length,
    byScope,
  };
}
