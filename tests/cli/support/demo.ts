/** The demo organization for CLI tests, and how to compare an audit's JSON with the seed's expectedGaps. */
import { join } from "node:path";
import { loadSeed, type ExpectedGap, type OrgSeed } from "../../../emulator";
import type { AuditReport } from "../../../src/core/audit/report";
import { ROOT } from "./cli";

export const ADMIN_PAT = "demo-admin-pat";
export const SERVICE_USER = "svc-dbt@contoso.com";

/**
 * The demo seed with every sign-in dated yesterday: the spawned CLI judges inactivity against the real clock,
 * so this keeps its findings (and exit code) independent of the day the tests run. Permissions are untouched.
 */
export function demoSeed(): OrgSeed {
  const seed = loadSeed(join(ROOT, "emulator", "seeds", "demo.json"));
  const yesterday = new Date(Date.now() - 24 * 60 * 60 * 1000).toISOString();
  for (const user of seed.users) if (user.lastAccessedDate) user.lastAccessedDate = yesterday;
  for (const sp of seed.servicePrincipals ?? []) if (sp.lastAccessedDate) sp.lastAccessedDate = yesterday;
  return seed;
}

export interface Gap {
  project: string;
  repository?: string;
  permission: string;
  effective: string;
}

const key = (g: Gap) => `${g.project}/${g.repository ?? ""}/${g.permission}`;
const sortGaps = (gaps: Gap[]) => [...gaps].sort((a, b) => key(a).localeCompare(key(b)));

/** Every cell of the report that is not `allow`, disabled repositories included, in a stable order. */
export function gapsOf(report: AuditReport): Gap[] {
  const gaps: Gap[] = [];
  for (const project of report.projects) {
    for (const [permission, result] of Object.entries(project.permissions)) {
      if (result.effective !== "allow") gaps.push({ project: project.name, permission, effective: result.effective });
    }
    for (const repository of project.repositories) {
      for (const [permission, result] of Object.entries(repository.permissions)) {
        if (result.effective !== "allow") gaps.push({ project: project.name, repository: repository.name, permission, effective: result.effective });
      }
    }
  }
  return sortGaps(gaps);
}

export function expectedGaps(seed: OrgSeed): Gap[] {
  return sortGaps(
    (seed.expectedGaps ?? []).map(({ project, repository, permission, effective }: ExpectedGap) =>
      repository === undefined ? { project, permission, effective } : { project, repository, permission, effective },
    ),
  );
}
