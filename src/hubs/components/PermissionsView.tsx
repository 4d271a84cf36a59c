/**
 * The Permissions tab: pick the identity, read and audit with visible progress (cancellable), then show
 * findings, a summary and the matrix with its reason panel.
 */
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Card } from "azure-devops-ui/Card";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Toggle } from "azure-devops-ui/Toggle";
import { ZeroData } from "azure-devops-ui/ZeroData";
import type { AuditReport } from "../../core/audit/report";
import { isCancellation, type AuditSource, type IdentityChoice, type ReadProgress as Progress } from "../data/auditSource";
import { GrantAction, type GrantOptions } from "../grant/GrantAction";
import { FindingsBanner } from "./FindingsBanner";
import { IdentitySearch } from "./IdentitySearch";
import { buildMatrixRows, summarizeReport } from "./matrixModel";
import { PermissionMatrix, type ReasonSelection } from "./PermissionMatrix";
import { ReadProgress } from "./ReadProgress";
import { ReasonPanel } from "./ReasonPanel";
import { ReportSummary } from "./ReportSummary";

/** Where the last checked identity is remembered (see src/sdk/extensionData.ts). */
export interface QueryMemory {
  load(): Promise<string | undefined>;
  save(query: string): Promise<unknown>;
}

export interface PermissionsViewProps {
  source: AuditSource;
  /** "the organization contoso" or "the project Analytics": what is being read. */
  scopeLabel: string;
  memory?: QueryMemory;
  /** Offers "Grant missing permissions" (src/hubs/grant) when given. */
  grant?: GrantOptions;
}

type ViewState =
  | { phase: "idle" }
  | { phase: "working"; query: string; identity?: IdentityChoice; progress: Progress }
  | { phase: "done"; query: string; lookup: string; identity: IdentityChoice; report: AuditReport }
  | { phase: "cancelled"; query: string }
  | { phase: "failed"; query: string; message: string; candidates?: string[] };

export function PermissionsView(props: PermissionsViewProps): JSX.Element {
  const { source, scopeLabel, memory, grant } = props;
  const [state, setState] = React.useState<ViewState>({ phase: "idle" });
  const [query, setQuery] = React.useState("");
  const touched = React.useRef(false);
  const controller = React.useRef<AbortController | undefined>(undefined);
  const run = React.useRef(0);

  React.useEffect(() => {
    let active = true;
    memory
      ?.load()
      // A remembered identity may arrive after the admin started typing; never overwrite that.
      .then((remembered) => active && remembered && !touched.current && setQuery(remembered))
      // Remembering is a convenience; a failure to read it must not block the view.
      .catch(() => undefined);
    return () => {
      active = false;
      controller.current?.abort();
    };
  }, [memory]);

  const check = React.useCallback(
    async (lookup: string, query: string = lookup) => {
      // `lookup` names the identity for the service (a picked suggestion's descriptor); `query` is what the admin sees.
      setQuery(query);
      controller.current?.abort();
      const abort = new AbortController();
      controller.current = abort;
      const thisRun = ++run.current;
      const update = (next: ViewState) => {
        if (run.current === thisRun) setState(next);
      };
      update({ phase: "working", query, progress: { message: `Looking up ${query}` } });
      try {
        const identity = await source.resolveIdentity(lookup, abort.signal);
        let latest: Progress = { message: `Reading ${scopeLabel}` };
        update({ phase: "working", query, identity, progress: latest });
        const report = await source.runAudit(identity, {
          signal: abort.signal,
          onProgress: (progress) => {
            latest = progress;
            update({ phase: "working", query, identity, progress: latest });
          },
        });
        if (abort.signal.aborted) return;
        update({ phase: "done", query, lookup, identity, report });
        memory?.save(identity.principalName || query).catch(() => undefined);
      } catch (error) {
        if (isCancellation(error, abort.signal)) {
          update({ phase: "cancelled", query });
          return;
        }
        const candidates = (error as { candidates?: unknown }).candidates;
        update({
          phase: "failed",
          query,
          message: error instanceof Error ? error.message : String(error),
          candidates: Array.isArray(candidates) ? candidates.map(String) : undefined,
        });
      }
    },
    [source, scopeLabel, memory],
  );

  /** Shows the report of a re-read made after a grant was applied, without leaving the report on screen. */
  const showVerified = React.useCallback((done: Extract<ViewState, { phase: "done" }>, report: AuditReport) => {
    run.current++;
    setState({ ...done, report });
  }, []);

  const cancel = React.useCallback(() => {
    controller.current?.abort();
    run.current++;
    setState((current) => ({ phase: "cancelled", query: "query" in current ? current.query : "" }));
  }, []);

  const busy = state.phase === "working";
  return (
    <div className="flex-column rhythm-vertical-16 dbt-permissions">
      <Card className="dbt-search-card" contentProps={{ contentPadding: true }}>
        <div className="flex-column rhythm-vertical-16 flex-grow">
          <IdentitySearch
            value={query}
            onChange={(next) => {
              touched.current = true;
              setQuery(next);
            }}
            busy={busy}
            onSubmit={check}
            suggest={source.suggestIdentities && ((text, signal) => source.suggestIdentities!(text, signal))}
          />
          {state.phase === "working" && <ReadProgress progress={state.progress} onCancel={cancel} />}
        </div>
      </Card>
      {state.phase === "idle" && (
        <ZeroData
          className="dbt-zero"
          iconProps={{ iconName: "Permissions" }}
          imageAltText=""
          primaryText="Check the dbt Cloud service user"
          secondaryText={`Enter the identity dbt Cloud connects as to see, for ${scopeLabel}, which required permissions it has, which it lacks, and why.`}
        />
      )}
      {state.phase === "cancelled" && (
        <MessageCard severity={MessageCardSeverity.Info} className="dbt-cancelled">
          Reading was cancelled. Nothing was changed in Azure DevOps.
        </MessageCard>
      )}
      {state.phase === "failed" && <FailureCard state={state} onPick={check} />}
      {state.phase === "done" && (
        <ReportView
          report={state.report}
          onRecheck={() => check(state.lookup, state.query)}
          grant={grant && { options: grant, scopeLabel, onVerified: (report: AuditReport) => showVerified(state, report) }}
        />
      )}
    </div>
  );
}

function FailureCard(props: { state: Extract<ViewState, { phase: "failed" }>; onPick: (query: string) => void }): JSX.Element {
  const { state, onPick } = props;
  return (
    <div className="flex-column rhythm-vertical-8">
      <MessageCard severity={MessageCardSeverity.Error} className="dbt-error">
        <span data-testid="error-message">{state.message}</span>
      </MessageCard>
      {state.candidates && state.candidates.length > 0 && (
        <Card titleProps={{ text: "Which identity did you mean?" }} contentProps={{ contentPadding: true }}>
          <ul className="dbt-candidates flex-column rhythm-vertical-4">
            {state.candidates.map((candidate) => (
              <li key={candidate}>
                <Button text={candidate} subtle={true} onClick={() => onPick(principalOf(candidate))} />
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}

/** Candidates come as `Display Name <principal name>`; the principal name is unique. */
function principalOf(candidate: string): string {
  const match = /<([^<>]+)>\s*$/.exec(candidate);
  return match ? match[1] : candidate;
}

function ReportView(props: {
  report: AuditReport;
  onRecheck: () => void;
  grant?: { options: GrantOptions; scopeLabel: string; onVerified: (report: AuditReport) => void };
}): JSX.Element {
  const { report, onRecheck, grant } = props;
  const [problemsOnly, setProblemsOnly] = React.useState(false);
  const [expanded, setExpanded] = React.useState<ReadonlySet<string>>(() => new Set());
  const [selection, setSelection] = React.useState<ReasonSelection | undefined>(undefined);
  const summary = React.useMemo(() => summarizeReport(report), [report]);
  const visibleRows = React.useMemo(() => buildMatrixRows(report, { expanded: new Set(), problemsOnly }).length, [report, problemsOnly]);
  const expandable = report.projects.filter((p) => p.repositories.length > 0);
  const allExpanded = expandable.length > 0 && expandable.every((p) => expanded.has(p.id));

  const toggleProject = React.useCallback((projectId: string) => {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(projectId)) next.delete(projectId);
      else next.add(projectId);
      return next;
    });
  }, []);
  const openReason = React.useCallback((next: ReasonSelection) => setSelection(next), []);

  return (
    <div className="flex-column rhythm-vertical-16">
      <Card contentProps={{ contentPadding: true }}>
        <ReportSummary report={report} summary={summary} />
      </Card>
      <FindingsBanner findings={report.findings} />
      <div className="flex-row flex-center flex-wrap rhythm-horizontal-16 dbt-toolbar">
        <Toggle text="Problems only" checked={problemsOnly} onChange={(_, checked) => setProblemsOnly(checked)} className="dbt-problems-only" />
        <Button
          text={allExpanded ? "Collapse all" : "Expand all"}
          iconProps={{ iconName: allExpanded ? "ChevronUpMed" : "ChevronDownMed" }}
          disabled={expandable.length === 0}
          onClick={() => setExpanded(allExpanded ? new Set() : new Set(expandable.map((p) => p.id)))}
        />
        <Button text="Check again" iconProps={{ iconName: "Refresh" }} onClick={onRecheck} />
        {grant && <GrantAction report={report} grant={grant.options} scopeLabel={grant.scopeLabel} onVerified={grant.onVerified} />}
      </div>
      {report.projects.length === 0 ? (
        <ZeroData
          iconProps={{ iconName: "ProjectCollection" }}
          imageAltText=""
          primaryText="No projects"
          secondaryText="The identity reading the organization sees no projects."
        />
      ) : visibleRows === 0 ? (
        <ZeroData
          iconProps={{ iconName: "Completed" }}
          imageAltText=""
          primaryText="No problems"
          secondaryText="Every project and enabled repository has every permission dbt Cloud needs."
        />
      ) : (
        <Card className="flex-grow bolt-table-card dbt-matrix-card" contentProps={{ contentPadding: false }}>
          <PermissionMatrix
            report={report}
            problemsOnly={problemsOnly}
            expanded={expanded}
            onToggleProject={toggleProject}
            onOpenReason={openReason}
          />
        </Card>
      )}
      {selection && <ReasonPanel selection={selection} identity={report.identity} onDismiss={() => setSelection(undefined)} />}
    </div>
  );
}
