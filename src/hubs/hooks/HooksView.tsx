/**
 * The Service hooks tab: reads the subscriptions in scope (cancellable, with progress), then shows dbt Cloud's
 * with their health, the gaps the analysis found, each project's visibility, the other subscriptions apart,
 * one subscription's deliveries in a panel, and the two changes the core plans: delete duplicates (after a
 * preview) and re-enable one a user disabled. After a change it reads again, so what is shown is what is there.
 */
import "./hooks.css";
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { Card } from "azure-devops-ui/Card";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import { ZeroData } from "azure-devops-ui/ZeroData";
import { planHooksCleanup, stepSucceeded, type DbtHookView, type HooksPlan, type StepResult } from "../../core/hooks/index";
import { ReadProgress } from "../components/ReadProgress";
import { isCancellation, type ReadProgress as Progress } from "../data/auditSource";
import type { HooksRead, HooksSource } from "../data/hooksSource";
import { CleanupPreview } from "./CleanupPreview";
import { DbtHooksTable } from "./DbtHooksTable";
import { DeliveryHistoryPanel } from "./DeliveryHistoryPanel";
import { HooksFilterBar } from "./HooksFilterBar";
import {
  NO_FILTERS,
  deletePlan,
  enablePlan,
  filterDbtHooks,
  filterOptions,
  filterOtherHooks,
  isFiltered,
  outcomeLabel,
  reEnableable,
  resultsLine,
  type HookFilters,
} from "./hooksModel";
import { HooksGaps, HooksSummary } from "./HooksSummary";
import { OtherHooksTable } from "./OtherHooksTable";
import { ProjectsVisibility } from "./ProjectsVisibility";

export interface HooksViewProps {
  source: HooksSource;
  /** "every project in contoso" or "the project Analytics": what is read. */
  scopeLabel: string;
  /** The organization hub filters by project; the project hub has one. */
  showProjectFilter: boolean;
  /** The configured dbt Cloud access URL, if known (a single-tenant host is dbt Cloud's only with it). */
  accessUrl?: string;
  /** The dbt Cloud account id, if known, for links to the account's projects. */
  dbtAccountId?: string;
}

/** How the last change went: each step's result, or why it could not run at all (kept across the re-read). */
type Outcome = { results: StepResult[] } | { error: string };

interface ViewState {
  data?: HooksRead;
  reading?: Progress;
  error?: string;
  cancelled?: boolean;
}

export function HooksView(props: HooksViewProps): JSX.Element {
  const { source, scopeLabel, showProjectFilter, accessUrl, dbtAccountId } = props;
  const [state, setState] = React.useState<ViewState>({ reading: { message: `Reading the service hook subscriptions of ${scopeLabel}` } });
  const [filters, setFilters] = React.useState<HookFilters>(NO_FILTERS);
  const [selectedId, setSelectedId] = React.useState<string | undefined>(undefined);
  const [preview, setPreview] = React.useState<HooksPlan | undefined>(undefined);
  const [applying, setApplying] = React.useState(false);
  const [outcome, setOutcome] = React.useState<Outcome | undefined>(undefined);
  const controller = React.useRef<AbortController | undefined>(undefined);
  const run = React.useRef(0);
  const mounted = React.useRef(true);

  const read = React.useCallback(async () => {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    const thisRun = ++run.current;
    const update = (change: (current: ViewState) => ViewState) => {
      if (mounted.current && run.current === thisRun) setState(change);
    };
    update((current) => ({ data: current.data, reading: { message: `Reading the service hook subscriptions of ${scopeLabel}` } }));
    try {
      const data = await source.read({
        signal: abort.signal,
        accessUrl,
        dbtAccountId,
        onProgress: (progress) => update((current) => ({ ...current, reading: progress })),
      });
      if (abort.signal.aborted) return;
      update(() => ({ data }));
    } catch (error) {
      if (isCancellation(error, abort.signal)) {
        update((current) => ({ data: current.data, cancelled: true }));
        return;
      }
      update((current) => ({ data: current.data, error: error instanceof Error ? error.message : String(error) }));
    }
  }, [source, scopeLabel, accessUrl, dbtAccountId]);

  React.useEffect(() => {
    mounted.current = true;
    void read();
    return () => {
      mounted.current = false;
      controller.current?.abort();
    };
  }, [read]);

  const cancel = React.useCallback(() => {
    controller.current?.abort();
    run.current++;
    setState((current) => ({ data: current.data, cancelled: true }));
  }, []);

  const data = state.data;
  const plan = React.useMemo(() => (data ? planHooksCleanup(data.snapshot, data.report) : undefined), [data]);
  const deletes = React.useMemo(() => (plan ? deletePlan(plan) : undefined), [plan]);
  const enableIds = React.useMemo(() => (plan ? reEnableable(plan) : new Set<string>()), [plan]);
  const serviceHooksUrls = React.useMemo(
    () => new Map((data?.report.projects ?? []).map((project) => [project.id.toLowerCase(), project.serviceHooksUrl])),
    [data],
  );
  const options = React.useMemo(() => filterOptions(data?.report.dbtSubscriptions ?? [], data?.report.otherSubscriptions ?? []), [data]);
  const dbtShown = React.useMemo(() => filterDbtHooks(data?.report.dbtSubscriptions ?? [], filters), [data, filters]);
  const otherShown = React.useMemo(() => filterOtherHooks(data?.report.otherSubscriptions ?? [], filters), [data, filters]);
  const selected = selectedId === undefined ? undefined : data?.report.dbtSubscriptions.find((view) => view.id === selectedId);

  const showDetails = React.useCallback((view: DbtHookView) => setSelectedId(view.id), []);
  const askReEnable = React.useCallback(
    (view: DbtHookView) => {
      const step = plan ? enablePlan(plan, view.id) : undefined;
      if (step) setPreview(step);
    },
    [plan],
  );

  const confirm = React.useCallback(async () => {
    if (!preview) return;
    setApplying(true);
    setOutcome(undefined);
    let cleaned = false;
    try {
      const { results, after } = await source.cleanUp(preview, {
        // A change that started is not cancelled halfway: each step is one request, re-checked before it.
        signal: new AbortController().signal,
        accessUrl,
        dbtAccountId,
        onProgress: (progress) => mounted.current && setState((current) => ({ ...current, reading: progress })),
      });
      cleaned = true;
      if (mounted.current) {
        setOutcome({ results });
        run.current++;
        setState({ data: after });
      }
    } catch (error) {
      if (mounted.current) setOutcome({ error: error instanceof Error ? error.message : String(error) });
    } finally {
      if (mounted.current) {
        setApplying(false);
        setPreview(undefined);
      }
    }
    // Without the flow's re-read (it failed), read again so the list never shows what was there before.
    if (!cleaned && mounted.current) await read();
  }, [preview, source, read, accessUrl, dbtAccountId]);

  const busy = state.reading !== undefined || applying;
  return (
    <div className="flex-column rhythm-vertical-16 dbt-hooks" data-testid="hooks-view">
      <Card contentProps={{ contentPadding: true }}>
        <div className="flex-column rhythm-vertical-16 flex-grow">
          <div className="flex-row flex-center flex-wrap rhythm-horizontal-8">
            <Button text="Read again" iconProps={{ iconName: "Refresh" }} disabled={busy} onClick={() => void read()} />
            <Button
              text={deletes && deletes.steps.length > 0 ? `Delete duplicates (${deletes.steps.length})…` : "Delete duplicates"}
              iconProps={{ iconName: "Delete" }}
              disabled={busy || !deletes || deletes.steps.length === 0}
              onClick={() => deletes && setPreview(deletes)}
            />
            <span className="secondary-text">
              dbt Cloud&apos;s subscriptions are web hooks to getdbt.com, dbt.com{accessUrl ? ` or ${accessUrl}` : ""}; others are listed apart and
              never changed.
            </span>
          </div>
          {state.reading && !applying && <ReadProgress progress={state.reading} onCancel={cancel} />}
        </div>
      </Card>
      {state.cancelled && <MessageCard severity={MessageCardSeverity.Info}>Reading was cancelled. Nothing was changed in Azure DevOps.</MessageCard>}
      {state.error !== undefined && (
        <MessageCard severity={MessageCardSeverity.Error}>
          <span data-testid="hooks-error" role="alert">
            {state.error}
          </span>
        </MessageCard>
      )}
      {outcome && <OutcomeCard outcome={outcome} onDismiss={() => setOutcome(undefined)} />}
      {!data && state.reading && <Spinner size={SpinnerSize.large} label="Reading service hook subscriptions…" />}
      {data && (
        <>
          <Card contentProps={{ contentPadding: true }}>
            <HooksSummary report={data.report} scopeLabel={scopeLabel} />
          </Card>
          <HooksGaps report={data.report} />
          <Card titleProps={{ text: "Projects", ariaLevel: 2 }} contentProps={{ contentPadding: true }}>
            <ProjectsVisibility projects={data.report.projects} />
          </Card>
          <HooksFilterBar options={options} onChange={setFilters} showProjects={showProjectFilter} />
          <Card
            className="bolt-table-card dbt-hooks-table-card"
            titleProps={{ text: `dbt Cloud subscriptions (${dbtShown.length} of ${data.report.dbtSubscriptions.length})`, ariaLevel: 2 }}
            contentProps={{ contentPadding: false }}
          >
            {dbtShown.length === 0 ? (
              <ZeroData
                className="dbt-zero"
                iconProps={{ iconName: "Plug" }}
                imageAltText=""
                primaryText={data.report.dbtSubscriptions.length === 0 ? "No dbt Cloud subscription" : "No subscription matches the filters"}
                secondaryText={
                  data.report.dbtSubscriptions.length === 0
                    ? "No subscription that could be seen points at dbt Cloud. See the projects above for where the caller cannot see."
                    : "Clear a filter to see more."
                }
              />
            ) : (
              <DbtHooksTable
                views={dbtShown}
                reEnableable={enableIds}
                serviceHooksUrls={serviceHooksUrls}
                onShowDetails={showDetails}
                onReEnable={askReEnable}
                busy={busy}
              />
            )}
          </Card>
          <Card
            className="bolt-table-card dbt-hooks-table-card"
            titleProps={{
              text: `Other service hooks, not dbt Cloud's (${otherShown.length} of ${data.report.otherSubscriptions.length})`,
              ariaLevel: 2,
            }}
            contentProps={{ contentPadding: false }}
          >
            <div className="flex-column flex-grow" data-testid="other-hooks">
              <p className="secondary-text dbt-hooks-other-note">Listed so nothing is hidden. They are not analysed and never changed from here.</p>
              {otherShown.length === 0 ? (
                <p className="secondary-text dbt-hooks-other-note">
                  {isFiltered(filters) && data.report.otherSubscriptions.length > 0 ? "None matches the filters." : "None."}
                </p>
              ) : (
                <OtherHooksTable views={otherShown} />
              )}
            </div>
          </Card>
        </>
      )}
      {selected && data && (
        <DeliveryHistoryPanel view={selected} notifications={data.snapshot.notifications[selected.id]} onDismiss={() => setSelectedId(undefined)} />
      )}
      {preview && <CleanupPreview plan={preview} applying={applying} onConfirm={() => void confirm()} onDismiss={() => setPreview(undefined)} />}
    </div>
  );
}

function OutcomeCard(props: { outcome: Outcome; onDismiss: () => void }): JSX.Element {
  const { outcome, onDismiss } = props;
  if ("error" in outcome) {
    return (
      <MessageCard severity={MessageCardSeverity.Error} onDismiss={onDismiss}>
        <span data-testid="hooks-outcome" role="alert">
          The change could not be completed: {outcome.error} The subscriptions were read again; what is shown is what is there.
        </span>
      </MessageCard>
    );
  }
  const problems = outcome.results.filter((result) => !stepSucceeded(result));
  return (
    <MessageCard severity={problems.length === 0 ? MessageCardSeverity.Info : MessageCardSeverity.Warning} onDismiss={onDismiss}>
      <div className="flex-column rhythm-vertical-4" data-testid="hooks-outcome" role="status">
        <span>{resultsLine(outcome.results)}</span>
        {problems.map((result) => (
          <span key={result.step.subscription.id} data-outcome={result.outcome}>
            {result.step.subscription.id}: {outcomeLabel(result)}
            {result.message ? ` (${result.message})` : ""}
          </span>
        ))}
      </div>
    </MessageCard>
  );
}
