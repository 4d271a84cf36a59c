/**
 * Every change of a plan: what it grants, where, why, and (while and after applying) whether it was written.
 * The azure-devops-ui Table renders only the rows in view, so a plan with thousands of changes stays smooth.
 */
import * as React from "react";
import { Status, Statuses, StatusSize, type IStatusProps } from "azure-devops-ui/Status";
import { SimpleTableCell, Table, type ITableColumn } from "azure-devops-ui/Table";
import { ArrayItemProvider } from "azure-devops-ui/Utilities/Provider";
import type { PlanChange } from "../../core/grant/model";
import { STATUS_LABELS, type ChangeStatus } from "./changeStatus";
import { changePlace, changeTarget, changeTitle } from "./grantLabels";

interface ChangeRow {
  index: number;
  change: PlanChange;
  status: ChangeStatus;
}

const STATUS_STYLE: Record<ChangeStatus, IStatusProps> = {
  planned: Statuses.Queued,
  applying: Statuses.Running,
  written: Statuses.Success,
  alreadyInPlace: Statuses.Success,
  failed: Statuses.Failed,
  notAttempted: Statuses.Skipped,
  unknown: Statuses.Warning,
};

export interface ChangeTableProps {
  changes: readonly PlanChange[];
  statuses: readonly ChangeStatus[];
}

export function ChangeTable(props: ChangeTableProps): JSX.Element {
  const { changes, statuses } = props;
  const itemProvider = React.useMemo(
    () => new ArrayItemProvider<ChangeRow>(changes.map((change, index) => ({ index, change, status: statuses[index] ?? "planned" }))),
    [changes, statuses],
  );
  return (
    <Table<ChangeRow>
      ariaLabel="Changes the plan makes"
      className="dbt-grant-changes"
      columns={COLUMNS}
      itemProvider={itemProvider}
      role="grid"
      showLines={true}
      selectableText={true}
      containerClassName="h-scroll-auto"
    />
  );
}

const COLUMNS: ITableColumn<ChangeRow>[] = [
  {
    id: "change",
    name: "Change",
    width: -60,
    minWidth: 240,
    renderCell: (rowIndex, columnIndex, tableColumn, row) => (
      <SimpleTableCell key={`change-${row.index}`} columnIndex={columnIndex} tableColumn={tableColumn}>
        <div
          className="flex-column rhythm-vertical-4 dbt-wrap"
          data-testid="grant-change"
          data-kind={row.change.kind}
          data-token={row.change.kind === "ace" ? row.change.token : undefined}
          data-group={row.change.kind === "membership" ? row.change.groupName : undefined}
          data-allow={row.change.kind === "ace" ? row.change.allow : undefined}
          data-status={row.status}
        >
          <span className="font-weight-semibold">
            {row.index + 1}. {changeTitle(row.change)}
          </span>
          <span className="secondary-text body-s">{row.change.reason}</span>
        </div>
      </SimpleTableCell>
    ),
  },
  {
    id: "where",
    name: "Where",
    width: -40,
    minWidth: 200,
    renderCell: (rowIndex, columnIndex, tableColumn, row) => (
      <SimpleTableCell key={`where-${row.index}`} columnIndex={columnIndex} tableColumn={tableColumn}>
        <div className="flex-column rhythm-vertical-4 dbt-wrap">
          <span>{changePlace(row.change)}</span>
          <span className="secondary-text body-s dbt-token">{changeTarget(row.change)}</span>
        </div>
      </SimpleTableCell>
    ),
  },
  {
    id: "status",
    name: "Status",
    width: 150,
    renderCell: (rowIndex, columnIndex, tableColumn, row) => (
      <SimpleTableCell key={`status-${row.index}`} columnIndex={columnIndex} tableColumn={tableColumn}>
        <span className="flex-row flex-center rhythm-horizontal-8" data-testid="grant-change-status">
          <Status {...STATUS_STYLE[row.status]} size={StatusSize.s} animated={row.status === "applying"} />
          <span>{STATUS_LABELS[row.status]}</span>
        </span>
      </SimpleTableCell>
    ),
  },
];
