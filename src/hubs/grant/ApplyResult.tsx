/**
 * The outcome of applying a plan: how many changes were written, or where it stopped and what was and was
 * not applied; then what the re-read (the refreshed matrix) says is still missing.
 */
import * as React from "react";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import { Status, Statuses, StatusSize } from "azure-devops-ui/Status";
import { cellPlace } from "../../core/grant/cells";
import { permissionByKey } from "../../core/permissions/catalogue";
import type { GrantPlan } from "../../core/grant/model";
import { pluralize } from "../components/labels";
import type { ApplyOutcome } from "../data/grantSource";
import type { GrantVerification } from "../../core/grant/verification";
import { sentence } from "./grantLabels";

export type RefreshState =
  { status: "pending" } | { status: "done"; after: Pick<GrantVerification, "blockedLeft" | "stillMissing"> } | { status: "failed"; message: string };

export interface ApplyResultProps {
  plan: GrantPlan;
  /** Absent when applying threw before it could say what it did. */
  outcome?: ApplyOutcome;
  error?: string;
  refresh: RefreshState;
}

export function ApplyResult(props: ApplyResultProps): JSX.Element {
  const { plan, outcome, error, refresh } = props;
  const total = plan.changes.length;
  return (
    <div className="flex-column rhythm-vertical-8" data-testid="grant-result" data-outcome={outcomeKind(outcome, error)}>
      {error !== undefined || !outcome ? (
        <MessageCard severity={MessageCardSeverity.Error}>
          <span className="dbt-wrap">
            Applying stopped with an unexpected error: {sentence(error ?? "no result")} Some changes may have been written; retry plans again from the
            current state, so only what is still missing is written.
          </span>
        </MessageCard>
      ) : outcome.failed ? (
        <MessageCard severity={MessageCardSeverity.Error}>
          <div className="flex-column rhythm-vertical-4 dbt-wrap" data-testid="grant-failure">
            <strong>
              Applied {outcome.applied.length} of {pluralize(total, "change")}, then change {outcome.applied.length + 1} failed.
            </strong>
            <span data-testid="grant-failure-message">{sentence(outcome.failed.message)}</span>
            <span>
              Not applied: {pluralize(outcome.notAttempted.length + 1, "change")} (the failed one
              {outcome.notAttempted.length > 0 ? ` and the ${pluralize(outcome.notAttempted.length, "change")} after it` : ""}). Nothing else was
              written. Retry plans again from the current state, so only what is still missing is written.
            </span>
          </div>
        </MessageCard>
      ) : (
        <div className="flex-row flex-center rhythm-horizontal-8 dbt-wrap">
          <Status {...Statuses.Success} size={StatusSize.m} />
          <strong data-testid="grant-success">
            Applied {pluralize(total, "change")}: {countOutcome(outcome, "written")} written, {countOutcome(outcome, "alreadyInPlace")} already in
            place.
          </strong>
        </div>
      )}
      <RefreshNotice refresh={refresh} complete={!!outcome && !outcome.failed && error === undefined} />
    </div>
  );
}

function RefreshNotice(props: { refresh: RefreshState; complete: boolean }): JSX.Element {
  const { refresh, complete } = props;
  if (refresh.status === "pending") return <Spinner size={SpinnerSize.small} label="Re-reading the organization to refresh the matrix…" />;
  if (refresh.status === "failed") {
    return (
      <MessageCard severity={MessageCardSeverity.Warning}>
        <span className="dbt-wrap">The matrix could not be refreshed: {sentence(refresh.message)} Use Check again to see the current state.</span>
      </MessageCard>
    );
  }
  const { blockedLeft, stillMissing } = refresh.after;
  const blockedWords = blockedLeft > 0 ? ` except the ${pluralize(blockedLeft, "blocked permission")}` : "";
  if (stillMissing.length === 0) {
    return <span data-testid="grant-refreshed">The matrix was refreshed: every required permission is now allowed{blockedWords}.</span>;
  }
  const shown = stillMissing.slice(0, 5).map((cell) => `${cellPlace(cell)}: ${permissionByKey(cell.permission).displayName}`);
  const more = stillMissing.length - shown.length;
  const text =
    `The matrix was refreshed: ${pluralize(stillMissing.length, "permission")} the plan ${complete ? "should have fixed" : "covers"} ` +
    `${stillMissing.length === 1 ? "is" : "are"} still missing (${shown.join("; ")}${more > 0 ? `; and ${more} more` : ""}).`;
  return complete ? (
    <MessageCard severity={MessageCardSeverity.Warning}>
      <span className="dbt-wrap" data-testid="grant-refreshed">
        {text} Someone may have changed permissions meanwhile: retry to plan again from the current state.
      </span>
    </MessageCard>
  ) : (
    <span data-testid="grant-refreshed">{text}</span>
  );
}

function countOutcome(outcome: ApplyOutcome, kind: "written" | "alreadyInPlace"): number {
  return outcome.applied.filter((applied) => applied.outcome === kind).length;
}

function outcomeKind(outcome: ApplyOutcome | undefined, error: string | undefined): string {
  if (error !== undefined || !outcome) return "error";
  return outcome.failed ? "failed" : "applied";
}
