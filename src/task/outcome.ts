/**
 * The task's result from the audit's findings and the failOn input. A step's result is one of Succeeded,
 * SucceededWithIssues or Failed (https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands#complete):
 *
 *   failOn=errors    (default) Failed when a required permission is missing or a finding is an error; issues for warnings
 *   failOn=warnings  Failed on warnings too
 *   failOn=never     never Failed by the findings, SucceededWithIssues instead (an audit that could not run still fails)
 */
import type { AuditReport } from "../core/audit/report";
import type { FailOn } from "./options";

export type TaskResultName = "Succeeded" | "SucceededWithIssues" | "Failed";

export interface TaskOutcome {
  result: TaskResultName;
  message: string;
}

export function taskOutcome(report: AuditReport, failOn: FailOn): TaskOutcome {
  const warnings = report.findings.filter((finding) => finding.severity === "warning").length;
  const missing = missingPermissions(report);
  const errors = report.findings.filter((finding) => finding.severity === "error").length;
  const problems = [
    missing > 0 ? `${missing} required permission${missing === 1 ? "" : "s"} missing` : "",
    errors > 0 ? `${errors} error finding${errors === 1 ? "" : "s"}` : "",
    warnings > 0 ? `${warnings} warning${warnings === 1 ? "" : "s"}` : "",
  ].filter((text) => text !== "");
  const who = report.identity.principalName || report.identity.displayName;
  if (problems.length === 0) return { result: "Succeeded", message: `${who} has every permission dbt Cloud needs` };

  const message = `${who}: ${problems.join(", ")} (see the Tests tab and the run's summary)`;
  const fails = failOn === "errors" ? !report.ok : failOn === "warnings" ? !report.ok || warnings > 0 : false;
  return { result: fails ? "Failed" : "SucceededWithIssues", message };
}

/** Required permissions not effectively allowed, on projects and enabled repositories (what `ok` is made of). */
function missingPermissions(report: AuditReport): number {
  let count = 0;
  for (const project of report.projects) {
    count += Object.values(project.permissions).filter((p) => p.effective !== "allow").length;
    for (const repository of project.repositories) {
      if (!repository.isDisabled) count += Object.values(repository.permissions).filter((p) => p.effective !== "allow").length;
    }
  }
  return count;
}
