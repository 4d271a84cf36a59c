/** Every required permission, per project and repository, for the service user and the service principal side by side. */
import * as React from "react";
import type { ParityRow } from "../../core/audit/parity";
import { EFFECTIVE_LABELS, parityPlace, permissionName } from "./migrateLabels";

export interface ParityTableProps {
  rows: readonly ParityRow[];
  fromName: string;
  toName: string;
}

export function ParityTable({ rows, fromName, toName }: ParityTableProps): JSX.Element {
  return (
    // Scrolls on its own: focusable, so the keyboard can scroll it too.
    <div className="dbt-parity-scroll dbt-migrate-focus" tabIndex={0} role="region" aria-label="Required permissions of both identities">
      <table className="dbt-parity" data-testid="parity-table">
        <caption className="visually-hidden">Required permissions of both identities</caption>
        <thead>
          <tr>
            <th scope="col">Where</th>
            <th scope="col">Permission</th>
            <th scope="col">{fromName} (service user)</th>
            <th scope="col">{toName} (service principal)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={`${row.project}/${row.repository ?? ""}/${row.permission}`}
              data-testid="parity-row"
              data-project={row.project}
              data-repository={row.repository}
              data-permission={row.permission}
              data-from={row.from}
              data-to={row.to}
            >
              <td>{parityPlace(row)}</td>
              <td>{permissionName(row.permission)}</td>
              <td className={`dbt-parity-${row.from}`}>{EFFECTIVE_LABELS[row.from]}</td>
              <td className={`dbt-parity-${row.to}`}>{EFFECTIVE_LABELS[row.to]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
