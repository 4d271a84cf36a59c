/** How far the setup is: the number of steps in each state, what needs attention first. */
import * as React from "react";
import { Status, StatusSize } from "azure-devops-ui/Status";
import type { StepState } from "../../core/setup/checklist";
import { STATE_LABELS, STATE_ORDER, STATE_STATUS } from "./setupLabels";

export function SetupSummary(props: { counts: Record<StepState, number>; total: number; scopeNote: string }): JSX.Element {
  const { counts, total, scopeNote } = props;
  return (
    <div className="flex-column rhythm-vertical-8" data-testid="setup-summary">
      {total > 0 && counts.done === total ? (
        <span className="flex-row flex-center rhythm-horizontal-8 title-s" data-testid="setup-progress" data-complete="true">
          <Status {...STATE_STATUS.done} size={StatusSize.m} ariaLabel="" />
          <span>All {total} steps done: the setup is complete.</span>
        </span>
      ) : (
        <span className="title-s" data-testid="setup-progress">
          {counts.done} of {total} steps done
        </span>
      )}
      <ul className="flex-row flex-wrap dbt-setup-counts" aria-label="Steps by state">
        {STATE_ORDER.filter((state) => counts[state] > 0).map((state) => (
          <li key={state} className="flex-row flex-center rhythm-horizontal-4" data-count={state}>
            <Status {...STATE_STATUS[state]} size={StatusSize.s} ariaLabel="" />
            <span>
              {counts[state]} {STATE_LABELS[state].toLowerCase()}
            </span>
          </li>
        ))}
      </ul>
      <span className="secondary-text body-s">{scopeNote}</span>
    </div>
  );
}
