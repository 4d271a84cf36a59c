/**
 * Every change of a plan: what it grants, where, why, and (while and after applying) whether it was written.
 * Names come first (permissions, projects, repositories, groups); the security token, bit mask and descriptors
 * of a change are in its "Details" row, opened on demand.
 * The azure-devops-ui Table renders only the rows in view, so a plan with thousands of changes stays smooth.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Status, Statuses, StatusSize, type IStatusProps } from "azure-devops-ui/Status";
import { SimpleTableCell, Table, type ITableColumn } from "azure-devops-ui/Table";
import { ArrayItemProvider } from "azure-devops-ui/Utilities/Provider";
import type { PlanChange } from "../../core/grant/model";
import { STATUS_LABELS, type ChangeStatus } from "./changeStatus";
import { changeDetails, changePlace, changeTarget, changeTitle, planNames, readableReason } from "./grantLabels";

interface ChangeRow {
  index: number;
  change: PlanChange;
  status: ChangeStatus;
  reason: string;
  expanded: boolean;
  toggle: () => void;
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
  const [expanded, setExpanded] = React.useState<ReadonlySet<number>>(() => new Set());
  const names = React.useMemo(() => planNames({ changes, blocked: [] }), [changes]);
  const itemProvider = React.useMemo(
    () =>
      new ArrayItemProvider<ChangeRow>(
        changes.map((change, index) => ({
          index,
          change,
          status: statuses[index] ?? "planned",
          reason: readableReason(change.reason, names),
          expanded: expanded.has(index),
          toggle: () =>
            setExpanded((current) => {
              const next = new Set(current);
              if (!next.delete(index)) next.add(index);
              return next;
            }),
        })),
      ),
    [changes, statuses, names, expanded],
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
          <span className="secondary-text body-s" data-testid="grant-change-reason">
            {row.reason}
          </span>
          <Button
            className="dbt-grant-details-toggle"
            subtle={true}
            text="Details"
            iconProps={{ iconName: row.expanded ? "ChevronDown" : "ChevronRight" }}
            ariaExpanded={row.expanded}
            ariaControls={`dbt-grant-details-${row.index}`}
            ariaLabel={`Details of change ${row.index + 1}`}
            onClick={row.toggle}
          />
          {row.expanded && (
            <dl className="dbt-grant-details body-s" id={`dbt-grant-details-${row.index}`} data-testid="grant-change-details">
              {changeDetails(row.change).map((detail) => (
                <React.Fragment key={detail.label}>
                  <dt className="secondary-text">{detail.label}</dt>
                  <dd className="dbt-token">{detail.value}</dd>
                </React.Fragment>
              ))}
            </dl>
          )}
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
          <span className="secondary-text body-s">{changeTarget(row.change)}</span>
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
