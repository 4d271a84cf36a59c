/**
 * The health of dbt Cloud's subscriptions in numbers (the core's hookHealthSummary), and the gaps the analysis
 * found where it cannot judge one subscription: projects the caller cannot see, projects without a dbt Cloud
 * subscription, no dbt Cloud subscription at all. Each gap in the analysis' words, with the project's page.
 */
import * as React from "react";
import { Link } from "azure-devops-ui/Link";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Status, StatusSize, Statuses } from "azure-devops-ui/Status";
import { hookHealthSummary } from "../../core/hooks/summary";
import type { HookFinding, HooksReport } from "../../core/hooks/index";
import { pluralize } from "../components/labels";
import { STATE_STATUS } from "./hookStatus";

const SEVERITY: Record<HookFinding["severity"], MessageCardSeverity> = {
  error: MessageCardSeverity.Error,
  warning: MessageCardSeverity.Warning,
  info: MessageCardSeverity.Info,
};

const SEVERITY_ORDER: Record<HookFinding["severity"], number> = { error: 0, warning: 1, info: 2 };

/** Findings about a whole project or the organization; those about one subscription are in its row. */
export function gapFindings(report: HooksReport): HookFinding[] {
  return report.findings
    .filter((finding) => finding.subscriptionId === undefined)
    .sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}

export function HooksSummary(props: { report: HooksReport; scopeLabel: string }): JSX.Element {
  const { report, scopeLabel } = props;
  const health = hookHealthSummary(report);
  const counts: { key: string; label: string; count: number; status: typeof Statuses.Success }[] = [
    { key: "healthy", label: "healthy", count: health.healthy, status: STATE_STATUS.healthy },
    { key: "failing", label: "failing", count: health.failing, status: STATE_STATUS.failing },
    { key: "disabled", label: "disabled", count: health.disabled, status: STATE_STATUS.disabledBySystem },
    { key: "duplicates", label: health.duplicates === 1 ? "duplicate" : "duplicates", count: health.duplicates, status: STATE_STATUS.duplicate },
  ];
  return (
    <div className="flex-column rhythm-vertical-8" data-testid="hooks-summary">
      <div className="flex-row flex-center rhythm-horizontal-8">
        <Status {...(report.ok ? Statuses.Success : Statuses.Failed)} size={StatusSize.l} />
        <div className="flex-column">
          <span className="title-s">
            {pluralize(health.total, "dbt Cloud subscription")} in {scopeLabel}
          </span>
          <span className="secondary-text">
            {report.ok ? "Nothing needs to be fixed." : "Some subscriptions or projects need attention."}
            {report.accessUrl ? ` dbt Cloud access URL: ${report.accessUrl}.` : ""}
          </span>
        </div>
      </div>
      <div className="flex-row flex-wrap body-m dbt-hooks-counts" data-testid="hooks-counts">
        {counts.map((count) => (
          <span key={count.key} className="dbt-hooks-count" data-count={count.key}>
            <Status {...count.status} size={StatusSize.s} />
            <strong>{count.count}</strong> {count.label}
          </span>
        ))}
        <span className="dbt-hooks-count" data-count="other">
          <strong>{report.summary.other}</strong> not dbt Cloud&apos;s
        </span>
        {report.summary.projectsCannotSee > 0 && (
          <span className="dbt-hooks-count" data-count="cannotSee">
            <strong>{report.summary.projectsCannotSee}</strong> {report.summary.projectsCannotSee === 1 ? "project" : "projects"} you cannot see
          </span>
        )}
      </div>
    </div>
  );
}

export function HooksGaps(props: { report: HooksReport }): JSX.Element | null {
  const { report } = props;
  const findings = gapFindings(report);
  if (findings.length === 0) return null;
  const projects = new Map(report.projects.map((project) => [project.id.toLowerCase(), project]));
  return (
    <div className="flex-column rhythm-vertical-8" data-testid="hooks-gaps">
      {findings.map((finding, index) => {
        const project = finding.projectId === undefined ? undefined : projects.get(finding.projectId.toLowerCase());
        return (
          <MessageCard key={`${finding.id}-${finding.projectId ?? index}`} severity={SEVERITY[finding.severity]}>
            <span data-finding={finding.id} data-project={project?.name}>
              {finding.message}
              {project && (
                <>
                  {" "}
                  <Link href={project.serviceHooksUrl} target="_blank" rel="noopener noreferrer">
                    Open the service hooks of {project.name}
                  </Link>
                </>
              )}
            </span>
          </MessageCard>
        );
      })}
    </div>
  );
}
