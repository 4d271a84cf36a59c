/**
 * The preview of a change before anything is written: every step of the core's plan (deletes of duplicates,
 * or the re-enable of one subscription), with what it is about and why. Only what the core planned is listed,
 * so a subscription that is not dbt Cloud's can never appear here.
 */
import * as React from "react";
import { Dialog } from "azure-devops-ui/Dialog";
import type { HooksPlan, HooksPlanStep } from "../../core/hooks/index";
import { localDateTime } from "../components/dates";
import { useEscapeKey } from "../components/useEscapeKey";
import { STATUS_LABELS, eventLabel, type StatusKey, filtersLabel, stepVerb, subscriptionsCount, whereLabel } from "./hooksModel";

export interface CleanupPreviewProps {
  plan: HooksPlan;
  /** True while the plan is being applied: the dialog stays, busy, until the results are in. */
  applying: boolean;
  onConfirm: () => void;
  onDismiss: () => void;
}

function titleOf(plan: HooksPlan): string {
  const deletes = plan.steps.filter((step) => step.kind === "delete").length;
  const enables = plan.steps.length - deletes;
  if (enables === 0) return `Delete ${deletes === 1 ? "1 duplicate subscription" : `${deletes} duplicate subscriptions`}?`;
  if (deletes === 0) return enables === 1 ? "Re-enable this subscription?" : `Re-enable ${enables} subscriptions?`;
  return `Change ${subscriptionsCount(plan.steps.length)}?`;
}

function confirmTextOf(plan: HooksPlan): string {
  const deletes = plan.steps.filter((step) => step.kind === "delete").length;
  if (deletes === plan.steps.length) return `Delete ${subscriptionsCount(deletes)}`;
  if (deletes === 0) return "Re-enable";
  return "Apply";
}

function StepItem(props: { step: HooksPlanStep }): JSX.Element {
  const { step } = props;
  const { subscription } = step;
  return (
    <li data-step-kind={step.kind} data-subscription-id={subscription.id}>
      <div>
        <strong>{stepVerb(step)}</strong> {eventLabel(subscription.eventType)} in {whereLabel(subscription)}
      </div>
      <div className="secondary-text body-s">
        <span className="dbt-hooks-id">{subscription.id}</span> · {filtersLabel(subscription)} · {subscription.target} ·{" "}
        {STATUS_LABELS[subscription.status as StatusKey] ?? subscription.status}
        {subscription.createdBy ? ` · created by ${subscription.createdBy}` : ""}
        {subscription.createdDate ? ` on ${localDateTime(subscription.createdDate)}` : ""}
      </div>
      <div className="body-s">
        {step.kind === "delete" ? (
          <>
            Same events, filters and target as <span className="dbt-hooks-id">{step.keepId}</span>, which is kept.
          </>
        ) : (
          <>Why: {step.reason}.</>
        )}
      </div>
    </li>
  );
}

export function CleanupPreview(props: CleanupPreviewProps): JSX.Element {
  const { plan, applying, onConfirm, onDismiss } = props;
  const deletes = plan.steps.some((step) => step.kind === "delete");
  useEscapeKey(() => !applying && onDismiss());
  return (
    <Dialog
      titleProps={{ text: titleOf(plan), id: "dbt-cleanup-title" }}
      ariaLabelledBy="dbt-cleanup-title"
      onDismiss={() => !applying && onDismiss()}
      overlay={applying ? { spinnerLabel: "Applying the changes…" } : undefined}
      footerButtonProps={[
        { text: "Cancel", onClick: onDismiss, disabled: applying },
        { text: confirmTextOf(plan), primary: true, danger: deletes, onClick: onConfirm, disabled: applying || plan.steps.length === 0 },
      ]}
    >
      <div className="flex-column rhythm-vertical-8" data-testid="cleanup-preview">
        <p>
          {deletes
            ? "Each subscription below is deleted only if, right before, it is still a dbt Cloud subscription with the same events, filters and target as the copy that is kept, and that copy still exists."
            : "The subscription is re-enabled only if, right before, it is still a dbt Cloud subscription that a user disabled."}{" "}
          Afterwards the subscriptions are read again.
        </p>
        <ol className="dbt-hooks-steps">
          {plan.steps.map((step) => (
            <StepItem key={`${step.kind}-${step.subscription.id}`} step={step} />
          ))}
        </ol>
      </div>
    </Dialog>
  );
}
