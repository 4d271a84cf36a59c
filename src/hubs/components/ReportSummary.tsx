/** Who was checked and how much of the organization is ready for dbt Cloud. */
import * as React from "react";
import { Status, StatusSize, Statuses } from "azure-devops-ui/Status";
import type { AuditReport } from "../../core/audit/report";
import { EFFECTIVE_STATUS, pluralize } from "./labels";
import type { MatrixSummary } from "./matrixModel";

export interface ReportSummaryProps {
  report: AuditReport;
  summary: MatrixSummary;
}

const ACCESS_LEVELS: Record<string, string> = {
  express: "Basic",
  advanced: "Basic + Test Plans",
  professional: "Visual Studio Professional",
  earlyAdopter: "Early adopter",
  stakeholder: "Stakeholder",
  none: "No access",
};

export function ReportSummary(props: ReportSummaryProps): JSX.Element {
  const { report, summary } = props;
  const { identity } = report;
  const kind = identity.kind === "servicePrincipal" ? "Service principal" : "User";
  const accessLevel = identity.accessLevel === null ? "unknown" : (ACCESS_LEVELS[identity.accessLevel] ?? identity.accessLevel);
  const { projects, repositories } = summary;
  // Never a green "everything it needs" above a warning.
  const warnings = report.findings.filter((finding) => finding.severity === "warning").length;
  return (
    <div className="flex-column rhythm-vertical-8 dbt-summary" data-testid="summary">
      <div className="flex-row flex-center rhythm-horizontal-8">
        <Status {...(!report.ok ? EFFECTIVE_STATUS.deny : warnings > 0 ? Statuses.Warning : EFFECTIVE_STATUS.allow)} size={StatusSize.l} />
        <div className="flex-column">
          <span className="title-s">
            {identity.displayName} <span className="secondary-text body-m">({identity.principalName})</span>
          </span>
          <span className="secondary-text">
            {kind} · access level {accessLevel} · organization {report.organization}
          </span>
        </div>
      </div>
      <div className="flex-row flex-wrap rhythm-horizontal-16 body-m" data-testid="completeness">
        <span data-testid="projects-complete">
          <strong>
            {projects.complete} of {projects.total}
          </strong>{" "}
          {projects.total === 1 ? "project" : "projects"} complete
        </span>
        <span data-testid="repositories-complete">
          <strong>
            {repositories.complete} of {repositories.total}
          </strong>{" "}
          {repositories.total === 1 ? "repository" : "repositories"} complete
          {repositories.disabled > 0 && (
            <span className="secondary-text"> ({pluralize(repositories.disabled, "disabled repository", "disabled repositories")} not counted)</span>
          )}
        </span>
        <span>
          {!report.ok
            ? "dbt Cloud is missing permissions or access."
            : warnings > 0
              ? `dbt Cloud has every permission it needs; ${pluralize(warnings, "warning")} below.`
              : "dbt Cloud has everything it needs."}
        </span>
      </div>
    </div>
  );
}
