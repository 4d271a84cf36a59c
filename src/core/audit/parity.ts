/**
 * Parity between two audits of the same organization: for each project and repository, every required
 * permission for the identity dbt Cloud uses today and for the one it moves to, side by side.
 */
import type { AuditReport, Effective } from "./report";

export interface ParityRow {
  project: string;
  /** Absent for a project-level permission. */
  repository?: string;
  permission: string;
  from: Effective;
  to: Effective;
}

/** Every row, in the order of the `to` audit; a project or repository missing from `from` shows `notSet` there. */
export function parityRows(from: AuditReport, to: AuditReport): ParityRow[] {
  const rows: ParityRow[] = [];
  for (const project of to.projects) {
    const before = from.projects.find((p) => p.id === project.id);
    for (const [permission, result] of Object.entries(project.permissions)) {
      const was = before?.permissions[permission as keyof typeof project.permissions]?.effective ?? "notSet";
      rows.push({ project: project.name, permission, from: was, to: result.effective });
    }
    for (const repository of project.repositories) {
      if (repository.isDisabled) continue;
      const beforeRepo = before?.repositories.find((r) => r.id === repository.id);
      for (const [permission, result] of Object.entries(repository.permissions)) {
        const was = beforeRepo?.permissions[permission as keyof typeof repository.permissions]?.effective ?? "notSet";
        rows.push({ project: project.name, repository: repository.name, permission, from: was, to: result.effective });
      }
    }
  }
  return rows;
}

/** True when the new identity has every required permission (whatever the old one has). */
export function toIsComplete(rows: readonly ParityRow[]): boolean {
  return rows.every((row) => row.to === "allow");
}
