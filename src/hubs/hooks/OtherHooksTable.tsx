/**
 * Subscriptions that are not dbt Cloud's (Slack, Teams, a look-alike host…): listed so nothing is hidden, with
 * only the target's host (their URLs often carry tokens), never judged and never offered for any change.
 */
import * as React from "react";
import { SimpleTableCell, Table, type ITableColumn } from "azure-devops-ui/Table";
import { ArrayItemProvider } from "azure-devops-ui/Utilities/Provider";
import type { OtherHookView } from "../../core/hooks/index";
import { STATUS_LABELS, projectLabel, repositoryLabel } from "./hooksModel";

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
          <span className="secondary-text body-s text-ellipsis">
            {view.consumerId} / {view.consumerActionId}
          </span>
        </div>
      </SimpleTableCell>
    ),
  },
  {
    id: "where",
    name: "Project / repository",
    width: -30,
    renderCell: (_, columnIndex, tableColumn, view) =>
      textCell("where", columnIndex, tableColumn, view, `${projectLabel(view.project)} / ${repositoryLabel(view.repository)}`),
  },
  {
    id: "event",
    name: "Event",
    width: -25,
    renderCell: (_, columnIndex, tableColumn, view) => textCell("event", columnIndex, tableColumn, view, view.eventType, view.publisherId),
  },
  {
    id: "status",
    name: "Status",
    width: -15,
    renderCell: (_, columnIndex, tableColumn, view) => textCell("status", columnIndex, tableColumn, view, STATUS_LABELS[view.status]),
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
