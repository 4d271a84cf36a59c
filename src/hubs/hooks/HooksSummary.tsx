/**
 * The health of dbt Cloud's subscriptions in numbers (the core's hookHealthSummary), and the gaps the analysis
 * found where it cannot judge one subscription: projects the caller cannot see, projects without a dbt Cloud
 * subscription, no dbt Cloud subscription at all. Each gap in the analysis' words, with the project's page.
 */
import * as React from "react";
import { Link } from "azure-devops-ui/Link";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Status, StatusSize, Statuses, type IStatusProps } from "azure-devops-ui/Status";
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
    { key: "failing", label: "failing", count: health.failing, status: Statuses.Warning },
    { key: "disabled", label: "disabled", count: health.disabled, status: Statuses.Failed },
    { key: "duplicates", label: health.duplicates === 1 ? "duplicate" : "duplicates", count: health.duplicates, status: Statuses.Failed },
  ];
  if (health.legacyHost) counts.push({ key: "legacyHost", label: "still on getdbt.com", count: health.legacyHost, status: Statuses.Warning });
  const verdict = summaryVerdict(report);
  return (
    <div className="flex-column rhythm-vertical-8" data-testid="hooks-summary">
      <div className="flex-row flex-center rhythm-horizontal-8">
        <Status {...verdict.status} size={StatusSize.l} />
        <div className="flex-column">
          <span className="title-s">
            {pluralize(health.total, "dbt Cloud subscription")} in {scopeLabel}
          </span>
          <span className="secondary-text">
            {verdict.text}
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

/**
 * One line over everything below it, as severe as the worst finding: "Nothing needs to be fixed" only when
 * there is no finding at all, never above a warning.
 */
export function summaryVerdict(report: Pick<HooksReport, "findings">): { status: IStatusProps; text: string } {
  const errors = report.findings.filter((finding) => finding.severity === "error").length;
  const warnings = report.findings.filter((finding) => finding.severity === "warning").length;
  if (errors > 0)
    return { status: Statuses.Failed, text: `${pluralize(errors, "problem")} to fix${warnings > 0 ? `, ${pluralize(warnings, "warning")}` : ""}.` };
  if (warnings > 0) return { status: Statuses.Warning, text: `Nothing is broken; ${pluralize(warnings, "warning")} to look at.` };
  return { status: Statuses.Success, text: "Nothing needs to be fixed." };
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
