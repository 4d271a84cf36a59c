/**
 * dbt Cloud's subscriptions, one row each, as the analysis judged them: health, where, what, how deliveries
 * went, who created it, and what can be done from here (deliveries and advice in a panel, re-enable when the
 * core's plan would, the project's service hooks page). The azure-devops-ui Table renders only the rows in view.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Link } from "azure-devops-ui/Link";
import { Status, StatusSize } from "azure-devops-ui/Status";
import { SimpleTableCell, Table, type ITableColumn } from "azure-devops-ui/Table";
import { ArrayItemProvider } from "azure-devops-ui/Utilities/Provider";
import type { DbtHookView } from "../../core/hooks/index";
import { pluralize } from "../components/labels";
import { STATE_LABELS, deliveryCounts, deliveryLabel, eventLabel, filtersLabel, legacyHostLabel, whereLabel } from "./hooksModel";
import { SEVERITY_STATUS } from "./hookStatus";

export interface DbtHooksTableProps {
  views: readonly DbtHookView[];
  /** Lower-case ids the core's plan re-enables. */
  reEnableable: ReadonlySet<string>;
  /** Project id (lower-case) -> its Project settings > Service hooks page. */
  serviceHooksUrls: ReadonlyMap<string, string>;
  onShowDetails: (view: DbtHookView) => void;
  onReEnable: (view: DbtHookView) => void;
  /** While a change is applied, no other can start. */
  busy: boolean;
}

function creatorLabel(view: DbtHookView): string {
  return view.creator.displayName ?? view.creator.uniqueName ?? view.creator.id ?? "unknown";
}

export function DbtHooksTable(props: DbtHooksTableProps): JSX.Element {
  const { views, reEnableable, serviceHooksUrls, onShowDetails, onReEnable, busy } = props;
  const itemProvider = React.useMemo(() => new ArrayItemProvider<DbtHookView>([...views]), [views]);
  const columns = React.useMemo<ITableColumn<DbtHookView>[]>(
    () => [
      {
        id: "health",
        name: "Health",
        width: 236,
        renderCell: (_, columnIndex, tableColumn, view) => (
          <SimpleTableCell key={`health-${view.id}`} columnIndex={columnIndex} tableColumn={tableColumn}>
            <div
              className="flex-row flex-center dbt-hooks-cell"
              data-hook-id={view.id}
              data-state={view.state}
              data-status={view.status}
              data-severity={view.severity}
              data-legacy-host={view.legacyHost?.host}
            >
              <Status {...SEVERITY_STATUS[view.severity]} size={StatusSize.m} />
              <div className="flex-column dbt-hooks-cell-text">
                <span className="text-ellipsis">{STATE_LABELS[view.state]}</span>
                {view.legacyHost && <span className="body-s dbt-hooks-legacy">{legacyHostLabel(view)}</span>}
              </div>
            </div>
          </SimpleTableCell>
        ),
      },
      {
        id: "where",
        name: "Project / repository",
        width: -28,
        renderCell: (_, columnIndex, tableColumn, view) => (
          <SimpleTableCell key={`where-${view.id}`} columnIndex={columnIndex} tableColumn={tableColumn}>
            <div className="flex-column dbt-hooks-cell-text">
              <span className="text-ellipsis">{whereLabel(view)}</span>
              <span className="secondary-text body-s text-ellipsis">{filtersLabel(view)}</span>
            </div>
          </SimpleTableCell>
        ),
      },
      {
        id: "event",
        name: "Event / target",
        width: -26,
        renderCell: (_, columnIndex, tableColumn, view) => (
          <SimpleTableCell key={`event-${view.id}`} columnIndex={columnIndex} tableColumn={tableColumn}>
            <div className="flex-column dbt-hooks-cell-text">
              <span className="text-ellipsis">{eventLabel(view.eventType)}</span>
              <span className="secondary-text body-s text-ellipsis">{view.targetHost ?? view.target}</span>
            </div>
          </SimpleTableCell>
        ),
      },
      {
        id: "deliveries",
        name: "Recent deliveries",
        width: -20,
        renderCell: (_, columnIndex, tableColumn, view) => (
          <SimpleTableCell key={`deliveries-${view.id}`} columnIndex={columnIndex} tableColumn={tableColumn}>
            <div className="flex-column dbt-hooks-cell-text">
              <span className="text-ellipsis">{deliveryLabel(view)}</span>
              <span className="secondary-text body-s text-ellipsis">
                {[deliveryCounts(view), view.probationRetries > 0 ? pluralize(view.probationRetries, "probation retry", "probation retries") : ""]
                  .filter(Boolean)
                  .join(", ")}
              </span>
            </div>
          </SimpleTableCell>
        ),
      },
      {
        id: "creator",
        name: "Created by",
        width: -20,
        renderCell: (_, columnIndex, tableColumn, view) => (
          <SimpleTableCell key={`creator-${view.id}`} columnIndex={columnIndex} tableColumn={tableColumn}>
            <div className="flex-column dbt-hooks-cell-text">
              <span className="text-ellipsis">{creatorLabel(view)}</span>
              {view.creator.isServiceUser === false && <span className="secondary-text body-s">not the dbt service user</span>}
            </div>
          </SimpleTableCell>
        ),
      },
      {
        id: "actions",
        name: "Actions",
        width: 320,
        renderCell: (_, columnIndex, tableColumn, view) => {
          const where = `${eventLabel(view.eventType)} in ${whereLabel(view)}`;
          const url = view.project.id === null ? undefined : serviceHooksUrls.get(view.project.id.toLowerCase());
          return (
            <SimpleTableCell key={`actions-${view.id}`} columnIndex={columnIndex} tableColumn={tableColumn}>
              <div className="flex-row flex-center flex-wrap dbt-hooks-actions">
                <Button text="Deliveries" subtle={true} ariaLabel={`Deliveries and advice: ${where}`} onClick={() => onShowDetails(view)} />
                {reEnableable.has(view.id.toLowerCase()) && (
                  <Button
                    text="Re-enable"
                    iconProps={{ iconName: "Play" }}
                    ariaLabel={`Re-enable ${where}`}
                    disabled={busy}
                    onClick={() => onReEnable(view)}
                  />
                )}
                {url && (
                  <Link
                    href={url}
                    target="_blank"
                    rel="noopener noreferrer"
                    ariaLabel={`Service hooks of ${view.project.name ?? view.project.id} (opens in a new tab)`}
                  >
                    Service hooks
                  </Link>
                )}
              </div>
            </SimpleTableCell>
          );
        },
      },
    ],
    [reEnableable, serviceHooksUrls, onShowDetails, onReEnable, busy],
  );
  return (
    <Table<DbtHookView>
      ariaLabel="dbt Cloud service hook subscriptions"
      className="dbt-hooks-table"
      columns={columns}
      itemProvider={itemProvider}
      role="table"
      showLines={true}
      containerClassName="h-scroll-auto"
    />
  );
}
