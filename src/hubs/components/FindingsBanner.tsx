/** Entitlement findings (access level, activity) as message cards, most severe first. */
import * as React from "react";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import type { Finding } from "../../core/audit/report";
import { FINDING_SEVERITY_ORDER } from "./labels";

const SEVERITY: Record<Finding["severity"], MessageCardSeverity> = {
  error: MessageCardSeverity.Error,
  warning: MessageCardSeverity.Warning,
  info: MessageCardSeverity.Info,
};

export function FindingsBanner(props: { findings: readonly Finding[] }): JSX.Element | null {
  if (props.findings.length === 0) return null;
  const sorted = [...props.findings].sort((a, b) => FINDING_SEVERITY_ORDER[a.severity] - FINDING_SEVERITY_ORDER[b.severity]);
  return (
    <div className="flex-column rhythm-vertical-8 dbt-findings">
      {sorted.map((finding) => (
        <MessageCard key={finding.id} severity={SEVERITY[finding.severity]} className="dbt-finding">
          <span data-finding={finding.id}>{finding.message}</span>
        </MessageCard>
      ))}
    </div>
  );
}
