/**
 * Whether the signed-in user may make the plan's writes, asked of Azure DevOps before Apply is offered.
 * When they may not, it says what is refused where and points to the az script to hand to someone who can.
 */
import * as React from "react";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import type { CallerCheck } from "../data/grantSource";
import { sentence } from "./grantLabels";

export type CallerCheckState = { status: "pending" } | { status: "done"; check: CallerCheck } | { status: "failed"; message: string };

export function CallerCheckNotice(props: { state: CallerCheckState }): JSX.Element {
  const { state } = props;
  if (state.status === "pending") {
    return (
      <div data-testid="caller-check" data-status="pending">
        <Spinner size={SpinnerSize.small} label="Checking whether you may make these changes…" />
      </div>
    );
  }
  if (state.status === "failed") {
    return (
      <MessageCard severity={MessageCardSeverity.Warning}>
        <span data-testid="caller-check" data-status="failed">
          Could not check whether you may make these changes: {sentence(state.message)} Applying stops at the first write Azure DevOps refuses.
        </span>
      </MessageCard>
    );
  }
  const { check } = state;
  if (!check.canApply) {
    return (
      <MessageCard severity={MessageCardSeverity.Warning}>
        <div className="flex-column rhythm-vertical-4 dbt-wrap" data-testid="caller-check" data-status="refused">
          <strong>{check.caller} cannot apply this plan:</strong>
          <ul className="dbt-grant-refused">
            {check.refused.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <span>
            Copy the az script and hand it to a Project Collection Administrator (or, for one project, its Project Administrators) to review and run.
          </span>
        </div>
      </MessageCard>
    );
  }
  return (
    <div className="flex-column rhythm-vertical-4" data-testid="caller-check" data-status="allowed">
      <span>{check.caller} may make these changes.</span>
      {check.unchecked.map((item) => (
        <span key={item} className="secondary-text body-s">
          Could not check {item}; the write itself will tell.
        </span>
      ))}
    </div>
  );
}
