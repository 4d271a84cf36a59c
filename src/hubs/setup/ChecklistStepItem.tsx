/**
 * One step of the procedure: its state as the core decided it and why, what to do, deep links to the exact
 * pages, values to copy, and, for what Azure DevOps cannot see, the tick an admin gives after checking.
 */
import * as React from "react";
import { Checkbox } from "azure-devops-ui/Checkbox";
import { Link } from "azure-devops-ui/Link";
import { Status, StatusSize } from "azure-devops-ui/Status";
import type { ChecklistStep } from "../../core/setup/checklist";
import { CopyValue } from "./CopyValue";
import { STATE_LABELS, STATE_STATUS } from "./setupLabels";

export interface StepConfirmation {
  label: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
  /** How this tick's own save is going (ticks save themselves). */
  saving?: { phase: "saving" | "saved" | "failed"; message?: string };
}

const TICK_SAVE_WORDS = { saving: "Saving…", saved: "Saved", failed: "Not saved" } as const;

export interface ChecklistStepItemProps {
  step: ChecklistStep;
  confirmation?: StepConfirmation;
  /** Where on this page the fact the step waits for can be read. */
  hint?: string;
  onCopied: (label: string) => void;
}

export function ChecklistStepItem(props: ChecklistStepItemProps): JSX.Element {
  const { step, confirmation, hint, onCopied } = props;
  return (
    <li className="flex-row rhythm-horizontal-16 dbt-setup-step" data-step={step.id} data-state={step.state}>
      <Status {...STATE_STATUS[step.state]} size={StatusSize.m} className="dbt-setup-step-icon" ariaLabel="" />
      <div className="flex-column flex-grow rhythm-vertical-8 dbt-setup-step-body">
        <div className="flex-row flex-center flex-wrap rhythm-horizontal-8">
          <h3 className="title-xs dbt-setup-step-title">{step.title}</h3>
          <span className={`dbt-setup-state dbt-setup-state-${step.state}`} data-testid="step-state">
            {STATE_LABELS[step.state]}
          </span>
        </div>
        {step.why && (
          <p className="dbt-setup-why" data-testid="step-why">
            {step.why}
          </p>
        )}
        {hint && (
          <p className="dbt-setup-why" data-testid="step-hint">
            {hint}
          </p>
        )}
        <p className="secondary-text body-s dbt-setup-detail">{step.detail}</p>
        {step.values && step.values.length > 0 && (
          <div className="flex-column rhythm-vertical-4">
            {step.values.map((value) => (
              <CopyValue key={value.id} value={value} onCopied={onCopied} />
            ))}
          </div>
        )}
        {step.links.length > 0 && (
          <ul className="dbt-setup-links">
            {step.links.map((link) => (
              <li key={`${link.id}|${link.url}`} data-link={link.id}>
                <Link href={link.url} target="_blank" rel="noopener noreferrer">
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
        )}
        {confirmation && (
          <div className="flex-row flex-center flex-wrap rhythm-horizontal-8">
            <Checkbox
              className="dbt-setup-confirm"
              label={confirmation.label}
              checked={confirmation.checked}
              disabled={confirmation.disabled}
              onChange={(_, checked) => confirmation.onChange(checked)}
            />
            <span className="secondary-text body-s" role="status" data-testid="tick-save" data-phase={confirmation.saving?.phase}>
              {confirmation.saving &&
                `${TICK_SAVE_WORDS[confirmation.saving.phase]}${confirmation.saving.message ? `: ${confirmation.saving.message}` : ""}`}
            </span>
          </div>
        )}
      </div>
    </li>
  );
}
