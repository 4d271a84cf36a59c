/**
 * Projects × required permissions, each project expandable into its repositories. Every cell is a
 * button that opens the reason panel. The azure-devops-ui Table renders only the rows in view, so an
 * organization with thousands of repositories stays smooth.
 */
import * as React from "react";
import { Icon } from "azure-devops-ui/Icon";
import { Status, StatusSize } from "azure-devops-ui/Status";
import { SimpleTableCell, Table, type ITableColumn } from "azure-devops-ui/Table";
import { ArrayItemProvider } from "azure-devops-ui/Utilities/Provider";
import {
  PROJECT_PERMISSIONS,
  REPOSITORY_PERMISSIONS,
  type ProjectPermissionKey,
  type RepositoryPermissionKey,
  type RequiredPermission,
} from "../../core/permissions/catalogue";
import type { AuditReport, PermissionResult, ProjectAudit, RepositoryAudit } from "../../core/audit/report";
import { EFFECTIVE_LABELS, EFFECTIVE_STATUS, SHORT_PERMISSION_LABELS, pluralize } from "./labels";
import { buildMatrixRows, type MatrixRow, type ProjectRow, type RepositoryRow } from "./matrixModel";

/** A cell the admin clicked: what the reason panel explains. */
export interface ReasonSelection {
  permission: RequiredPermission;
  result: PermissionResult;
  project: ProjectAudit;
  repository?: RepositoryAudit;
}

export interface PermissionMatrixProps {
  report: AuditReport;
  problemsOnly: boolean;
  expanded: ReadonlySet<string>;
  onToggleProject: (projectId: string) => void;
  onOpenReason: (selection: ReasonSelection) => void;
}

/** Wide enough for "Allowed"/"Not set" and each short header without truncation. */
const PERMISSION_COLUMN_WIDTHS: Partial<Record<string, number>> = { PullRequestContribute: 156 };
const PERMISSION_COLUMN_WIDTH = 128;

export function PermissionMatrix(props: PermissionMatrixProps): JSX.Element {
  const { report, problemsOnly, expanded, onToggleProject, onOpenReason } = props;
  const rows = React.useMemo(() => buildMatrixRows(report, { expanded, problemsOnly }), [report, expanded, problemsOnly]);
  const itemProvider = React.useMemo(() => new ArrayItemProvider<MatrixRow>(rows), [rows]);
  const columns = React.useMemo(() => buildColumns(onToggleProject, onOpenReason), [onToggleProject, onOpenReason]);

  return (
    <Table<MatrixRow>
      ariaLabel="Required permissions by project and repository"
      className="dbt-matrix"
      columns={columns}
      itemProvider={itemProvider}
      role="grid"
      showLines={true}
      containerClassName="h-scroll-auto"
    />
  );
}

function buildColumns(onToggleProject: (projectId: string) => void, onOpenReason: (selection: ReasonSelection) => void): ITableColumn<MatrixRow>[] {
  const nameColumn: ITableColumn<MatrixRow> = {
    id: "name",
    name: "Project / repository",
    width: -100,
    minWidth: 260,
    renderCell: (rowIndex, columnIndex, tableColumn, row) => (
      <SimpleTableCell key={`name-${row.key}`} columnIndex={columnIndex} tableColumn={tableColumn}>
        {row.kind === "project" ? <ProjectNameCell row={row} onToggle={onToggleProject} /> : <RepositoryNameCell row={row} />}
      </SimpleTableCell>
    ),
  };

  const projectColumns = PROJECT_PERMISSIONS.map((permission): ITableColumn<MatrixRow> => ({
    id: permission.key,
    name: SHORT_PERMISSION_LABELS[permission.key],
    ariaLabel: `${permission.displayName} (project)`,
    width: PERMISSION_COLUMN_WIDTHS[permission.key] ?? PERMISSION_COLUMN_WIDTH,
    iconProps: { iconName: "ProjectCollection", className: "dbt-header-icon", ariaLabel: "Project permission" },
    renderCell: (rowIndex, columnIndex, tableColumn, row) => (
      <SimpleTableCell key={`${permission.key}-${row.key}`} columnIndex={columnIndex} tableColumn={tableColumn}>
        {row.kind === "project" ? (
          <ResultButton
            permission={permission}
            result={row.project.permissions[permission.key as ProjectPermissionKey]}
            project={row.project}
            onOpen={onOpenReason}
          />
        ) : (
          <span className="dbt-cell-empty" aria-hidden="true" />
        )}
      </SimpleTableCell>
    ),
  }));

  const repositoryColumns = REPOSITORY_PERMISSIONS.map((permission): ITableColumn<MatrixRow> => ({
    id: permission.key,
    name: SHORT_PERMISSION_LABELS[permission.key],
    ariaLabel: `${permission.displayName} (repository)`,
    width: PERMISSION_COLUMN_WIDTHS[permission.key] ?? PERMISSION_COLUMN_WIDTH,
    iconProps: { iconName: "GitLogo", className: "dbt-header-icon", ariaLabel: "Repository permission" },
    renderCell: (rowIndex, columnIndex, tableColumn, row) => (
      <SimpleTableCell key={`${permission.key}-${row.key}`} columnIndex={columnIndex} tableColumn={tableColumn}>
        {row.kind === "repository" ? (
          <ResultButton
            permission={permission}
            result={row.repository.permissions[permission.key as RepositoryPermissionKey]}
            project={row.project}
            repository={row.repository}
            onOpen={onOpenReason}
          />
        ) : (
          <TallyButton row={row} permission={permission} onToggle={onToggleProject} />
        )}
      </SimpleTableCell>
    ),
  }));

  return [nameColumn, ...projectColumns, ...repositoryColumns];
}

function ProjectNameCell(props: { row: ProjectRow; onToggle: (projectId: string) => void }): JSX.Element {
  const { row, onToggle } = props;
  const repositoryCount = row.project.repositories.length;
  const detail =
    repositoryCount === 0
      ? "no repositories"
      : row.incompleteRepositories > 0
        ? `${pluralize(repositoryCount, "repository", "repositories")}, ${row.incompleteRepositories} incomplete`
        : pluralize(repositoryCount, "repository", "repositories");
  return (
    <div className="flex-row flex-center flex-grow dbt-name-cell" data-project={row.project.name}>
      <button
        type="button"
        className="dbt-expander"
        aria-expanded={row.expanded}
        aria-label={`${row.expanded ? "Collapse" : "Expand"} ${row.project.name}`}
        disabled={repositoryCount === 0}
        onClick={() => onToggle(row.project.id)}
      >
        <Icon iconName={row.expanded ? "ChevronDownMed" : "ChevronRightMed"} />
      </button>
      <Status
        {...(row.complete ? EFFECTIVE_STATUS.allow : EFFECTIVE_STATUS.notSet)}
        size={StatusSize.m}
        className="dbt-row-status"
        ariaLabel={row.complete ? "Complete" : "Incomplete"}
      />
      <div className="flex-column text-ellipsis">
        <span className="font-weight-semibold text-ellipsis">{row.project.name}</span>
        <span className="secondary-text body-s text-ellipsis">{detail}</span>
      </div>
    </div>
  );
}

function RepositoryNameCell(props: { row: RepositoryRow }): JSX.Element {
  const { row } = props;
  return (
    <div
      className="flex-row flex-center flex-grow dbt-name-cell dbt-repository-name"
      data-project={row.project.name}
      data-repository={row.repository.name}
    >
      <Icon iconName="GitLogo" className="dbt-repository-icon" ariaLabel="Repository" />
      <span className="text-ellipsis">{row.repository.name}</span>
      {row.repository.isDisabled && <span className="dbt-disabled-tag secondary-text body-s">disabled, not counted</span>}
    </div>
  );
}

function ResultButton(props: {
  permission: RequiredPermission;
  result: PermissionResult;
  project: ProjectAudit;
  repository?: RepositoryAudit;
  onOpen: (selection: ReasonSelection) => void;
}): JSX.Element {
  const { permission, result, project, repository, onOpen } = props;
  const label = EFFECTIVE_LABELS[result.effective];
  const where = repository ? `${project.name}/${repository.name}` : project.name;
  return (
    <button
      type="button"
      className={`dbt-result dbt-result-${result.effective}`}
      aria-label={`${permission.displayName} on ${where}: ${label}. Show why`}
      data-project={project.name}
      data-repository={repository?.name}
      data-permission={permission.key}
      data-effective={result.effective}
      onClick={() => onOpen({ permission, result, project, repository })}
    >
      <Status {...EFFECTIVE_STATUS[result.effective]} size={StatusSize.s} className="dbt-result-icon" />
      <span>{label}</span>
    </button>
  );
}

function TallyButton(props: { row: ProjectRow; permission: RequiredPermission; onToggle: (projectId: string) => void }): JSX.Element {
  const { row, permission, onToggle } = props;
  const tally = row.repositoryTallies[permission.key as RepositoryPermissionKey];
  if (tally.total === 0) return <span className="secondary-text">—</span>;
  const complete = tally.allowed === tally.total;
  return (
    <button
      type="button"
      className={`dbt-tally ${complete ? "dbt-result-allow" : "dbt-result-notSet"}`}
      aria-label={`${permission.displayName}: allowed on ${tally.allowed} of ${tally.total} repositories in ${row.project.name}. ${row.expanded ? "Collapse" : "Show"} repositories`}
      onClick={() => onToggle(row.project.id)}
    >
      <Status {...(complete ? EFFECTIVE_STATUS.allow : EFFECTIVE_STATUS.notSet)} size={StatusSize.s} className="dbt-result-icon" />
      <span>
        {tally.allowed} of {tally.total}
      </span>
    </button>
  );
}
