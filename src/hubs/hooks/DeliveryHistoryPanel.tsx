/**
 * One dbt Cloud subscription in a panel: what the analysis says about it and what to do (with the pages where
 * it is done), its facts, and the deliveries that were read, newest first, with the error Azure DevOps recorded.
 */
import * as React from "react";
import { Link } from "azure-devops-ui/Link";
import { Panel } from "azure-devops-ui/Panel";
import { useEscapeKey } from "../components/useEscapeKey";
import { Status, StatusSize } from "azure-devops-ui/Status";
import { OWNER_LABELS } from "../../core/setup/checklist";
import { failureMessage, instant, notificationResult, type DbtHookView, type HookNotification } from "../../core/hooks/index";
import { localDateTime } from "../components/dates";
import { pluralize } from "../components/labels";
import { HUB_DOES, STATE_LABELS, STATUS_LABELS, eventLabel, filtersLabel, legacyHostLabel, whereLabel } from "./hooksModel";
import { RESULT_STATUS, SEVERITY_STATUS } from "./hookStatus";

export interface DeliveryHistoryPanelProps {
  view: DbtHookView;
  /** The deliveries read for it; undefined when its history was not read. */
  notifications: readonly HookNotification[] | undefined;
  onDismiss: () => void;
}

const RESULT_LABELS: Record<ReturnType<typeof notificationResult>, string> = {
  succeeded: "Succeeded",
  failed: "Failed",
  pending: "Pending",
  filtered: "Filtered out",
  unknown: "Unknown result",
};

function deliveryDate(notification: HookNotification): string | undefined {
  return notification.createdDate ?? notification.details?.completedDate ?? notification.modifiedDate;
}

function newestFirst(notifications: readonly HookNotification[]): HookNotification[] {
  return [...notifications].sort((a, b) => (instant(deliveryDate(b)) ?? -Infinity) - (instant(deliveryDate(a)) ?? -Infinity) || b.id - a.id);
}

/** The status line of the consumer's answer (`HTTP/1.1 502 Bad Gateway`), when recorded. */
function responseLine(notification: HookNotification): string | undefined {
  const first = notification.details?.response?.split(/\r?\n/, 1)[0]?.trim();
  return first ? first : undefined;
}

export function DeliveryHistoryPanel(props: DeliveryHistoryPanelProps): JSX.Element {
  const { view, notifications, onDismiss } = props;
  const creator =
    [view.creator.displayName, view.creator.uniqueName && `<${view.creator.uniqueName}>`].filter(Boolean).join(" ") || view.creator.id || "unknown";
  useEscapeKey(onDismiss);
  return (
    <Panel
      onDismiss={onDismiss}
      titleProps={{ text: eventLabel(view.eventType), id: "dbt-hook-panel-title" }}
      description={whereLabel(view)}
      ariaLabelledBy="dbt-hook-panel-title"
    >
      <div className="flex-column rhythm-vertical-16" data-testid="hook-panel" data-hook-id={view.id}>
        <div className="flex-row flex-center rhythm-horizontal-8">
          <Status {...SEVERITY_STATUS[view.severity]} size={StatusSize.l} />
          <span className="title-s" data-state={view.state}>
            {STATE_LABELS[view.state]}
          </span>
        </div>
        {view.legacyHost && <p className="dbt-hooks-legacy">{legacyHostLabel(view)}</p>}
        <p data-testid="hook-advice">{view.advice}</p>
        {HUB_DOES[view.action] && <p data-testid="hook-how">{HUB_DOES[view.action]}</p>}
        {view.links.length > 0 && (
          <ul className="flex-column rhythm-vertical-4 dbt-hooks-projects" aria-label="Where to act">
            {view.links.map((link) => (
              <li key={link.url + link.label}>
                <Link href={link.url} target="_blank" rel="noopener noreferrer">
                  {link.label}
                </Link>{" "}
                <span className="secondary-text body-s">({OWNER_LABELS[link.owner]})</span>
              </li>
            ))}
          </ul>
        )}
        <dl className="dbt-hooks-facts">
          <dt>Subscription</dt>
          <dd className="dbt-hooks-id">{view.id}</dd>
          <dt>Filters</dt>
          <dd>{filtersLabel(view)}</dd>
          <dt>Target</dt>
          <dd className="dbt-hooks-id">{view.target}</dd>
          <dt>Status</dt>
          <dd>{view.reportedStatus === null ? "Not reported (enabled)" : STATUS_LABELS[view.status]}</dd>
          <dt>Event</dt>
          <dd>
            {eventLabel(view.eventType)} <span className="secondary-text">({view.eventType})</span>
          </dd>
          {view.probationRetries > 0 && (
            <>
              <dt>Probation retries</dt>
              <dd>
                {view.probationRetries}
                {view.lastProbationRetryDate ? `, the last on ${localDateTime(view.lastProbationRetryDate)}` : ""}
              </dd>
            </>
          )}
          <dt>Created by</dt>
          <dd>
            {creator}
            {view.creator.isServiceUser === false ? " (not the dbt service user)" : ""}
            {view.createdDate ? `, ${localDateTime(view.createdDate)}` : ""}
          </dd>
          {view.duplicateOf && (
            <>
              <dt>Duplicate of</dt>
              <dd className="dbt-hooks-id">{view.duplicateOf} (kept)</dd>
            </>
          )}
          {view.duplicates.length > 0 && (
            <>
              <dt>Its duplicates</dt>
              <dd className="dbt-hooks-id">{view.duplicates.join(", ")}</dd>
            </>
          )}
        </dl>
        <section className="flex-column rhythm-vertical-8" aria-labelledby="dbt-hook-deliveries-title">
          <h2 className="title-s" id="dbt-hook-deliveries-title">
            {notifications === undefined ? "Deliveries" : `Recent deliveries (${notifications.length} read)`}
          </h2>
          {notifications === undefined ? (
            <p className="secondary-text">Its delivery history was not read.</p>
          ) : notifications.length === 0 ? (
            <p className="secondary-text">Azure DevOps has recorded no delivery for it yet.</p>
          ) : (
            <ul className="dbt-hooks-deliveries" data-testid="hook-deliveries">
              {newestFirst(notifications).map((notification) => {
                const result = notificationResult(notification);
                const response = responseLine(notification);
                return (
                  <li key={notification.id} className="flex-row dbt-hooks-delivery" data-result={result}>
                    <Status {...RESULT_STATUS[result]} size={StatusSize.m} />
                    <div className="flex-column rhythm-vertical-4 dbt-hooks-cell-text">
                      <span>
                        <strong>{RESULT_LABELS[result]}</strong>{" "}
                        <span className="secondary-text">{localDateTime(deliveryDate(notification)) || "no date"}</span>
                      </span>
                      {result === "failed" && <span data-testid="delivery-error">{failureMessage(notification)}</span>}
                      {(response || notification.details?.requestAttempts !== undefined) && (
                        <span className="secondary-text body-s">
                          {[
                            response,
                            notification.details?.requestAttempts !== undefined
                              ? pluralize(notification.details.requestAttempts, "attempt")
                              : undefined,
                          ]
                            .filter(Boolean)
                            .join(" · ")}
                        </span>
                      )}
                    </div>
                  </li>
                );
              })}
            </ul>
          )}
        </section>
      </div>
    </Panel>
  );
}
