/**
 * Subscriptions that are not dbt Cloud's (Slack, Teams, a look-alike host…): listed so nothing is hidden, with
 * only the target's host (their URLs often carry tokens), never offered for any change. One whose host imitates
 * dbt Cloud's (the analysis' `lookAlike`) is flagged as suspicious.
 */
import * as React from "react";
import { SimpleTableCell, Table, type ITableColumn } from "azure-devops-ui/Table";
import { ArrayItemProvider } from "azure-devops-ui/Utilities/Provider";
import type { OtherHookView } from "../../core/hooks/index";
import { Status, StatusSize, Statuses } from "azure-devops-ui/Status";
import { STATUS_LABELS, consumerLabel, eventLabel, projectLabel, repositoryLabel } from "./hooksModel";

function textCell(
  id: string,
  columnIndex: number,
  tableColumn: ITableColumn<OtherHookView>,
  view: OtherHookView,
  text: string,
  secondary?: string,
): JSX.Element {
  return (
    <SimpleTableCell key={`${id}-${view.id}`} columnIndex={columnIndex} tableColumn={tableColumn}>
      <div className="flex-column dbt-hooks-cell-text">
        <span className="text-ellipsis">{text}</span>
        {secondary && <span className="secondary-text body-s text-ellipsis">{secondary}</span>}
      </div>
    </SimpleTableCell>
  );
}

const COLUMNS: ITableColumn<OtherHookView>[] = [
  {
    id: "target",
    name: "Target host",
    width: -30,
    renderCell: (_, columnIndex, tableColumn, view) => (
      <SimpleTableCell key={`target-${view.id}`} columnIndex={columnIndex} tableColumn={tableColumn}>
        <div className="flex-column dbt-hooks-cell-text" data-other-hook-id={view.id} data-target-host={view.targetHost ?? ""}>
          <span className="text-ellipsis">{view.targetHost ?? "(no URL)"}</span>
          <span className="secondary-text body-s text-ellipsis">{consumerLabel(view.consumerId)}</span>
        </div>
      </SimpleTableCell>
    ),
  },
  {
    id: "where",
    name: "Project / repository",
    width: -25,
    renderCell: (_, columnIndex, tableColumn, view) =>
      textCell("where", columnIndex, tableColumn, view, `${projectLabel(view.project)} / ${repositoryLabel(view.repository)}`),
  },
  {
    id: "event",
    name: "Event",
    width: -20,
    renderCell: (_, columnIndex, tableColumn, view) => textCell("event", columnIndex, tableColumn, view, eventLabel(view.eventType)),
  },
  {
    id: "status",
    name: "Status",
    width: -25,
    renderCell: (_, columnIndex, tableColumn, view) =>
      view.lookAlike ? (
        // A host dressed up as dbt Cloud's is not "another service": say so before its status.
        <SimpleTableCell key={`status-${view.id}`} columnIndex={columnIndex} tableColumn={tableColumn}>
          <div className="flex-row flex-center rhythm-horizontal-8 dbt-hooks-cell-text" data-suspicious={view.lookAlike}>
            <Status {...Statuses.Warning} size={StatusSize.m} />
            <div className="flex-column">
              <span className="text-ellipsis">Suspicious</span>
              <span className="secondary-text body-s dbt-hooks-suspicious-note">
                Looks like {view.lookAlike}, is not dbt Cloud; {STATUS_LABELS[view.status].toLowerCase()}
              </span>
            </div>
          </div>
        </SimpleTableCell>
      ) : (
        textCell("status", columnIndex, tableColumn, view, STATUS_LABELS[view.status])
      ),
  },
];

export function OtherHooksTable(props: { views: readonly OtherHookView[] }): JSX.Element {
  const itemProvider = React.useMemo(() => new ArrayItemProvider<OtherHookView>([...props.views]), [props.views]);
  return (
    <Table<OtherHookView>
      ariaLabel="Service hook subscriptions that are not dbt Cloud's"
      className="dbt-other-hooks-table"
      columns={COLUMNS}
      itemProvider={itemProvider}
      role="table"
      showLines={true}
      containerClassName="h-scroll-auto"
    />
  );
}
