/**
 * "Grant missing permissions": reads the organization as it is now, shows src/core's least-privilege plan for
 * the chosen scope (every change with its reason, every blocked item with why and what to do by hand), asks
 * Azure DevOps whether the signed-in user may make the writes, and only then offers Apply. Apply needs a
 * confirmation, shows progress change by change, then the result; the matrix is re-read. The plan as an az
 * script can be copied at any point, for an admin who must hand the change to someone else.
 */
import "./grant.css";
import * as React from "react";
import { ContentSize } from "azure-devops-ui/Callout";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { CustomPanel, PanelContent, PanelFooter, PanelHeader } from "azure-devops-ui/Panel";
import { ProgressBar } from "azure-devops-ui/ProgressBar";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import { renderAzScript } from "../../core/grant/az-script";
import { isDesiredState } from "../../core/grant/planner";
import type { GrantPlan, GrantScope } from "../../core/grant/model";
import type { AuditReport } from "../../core/audit/report";
import type { OrgSnapshot } from "../../core/snapshot";
import { pluralize } from "../components/labels";
import { useEscapeKey } from "../components/useEscapeKey";
import type { ReadProgress } from "../data/auditSource";
import type { ApplyOutcome, ApplyProgress, GrantApplyResult, GrantIdentity, GrantSource } from "../data/grantSource";
import { ApplyResult, type RefreshState } from "./ApplyResult";
import { BlockedList } from "./BlockedList";
import { CallerCheckNotice, type CallerCheckState } from "./CallerCheckNotice";
import { ChangeTable } from "./ChangeTable";
import { plannedStatuses, statusesAfter, statusesWhileApplying } from "./changeStatus";
import type { ClipboardLike } from "./clipboard";
import { GrantFooter } from "./GrantFooter";
import { DEFAULT_SCOPE, planSummary, sentence } from "./grantLabels";
import { ScopeChoice } from "./ScopeChoice";
import { ScriptCopyStatus, useScriptCopy } from "./ScriptCopy";

export interface GrantPanelProps {
  source: GrantSource;
  identity: GrantIdentity;
  /** The scopes this hub offers, widest first (the project hub: project and repo). */
  scopes: readonly GrantScope[];
  /** "every project in contoso" or "the project Analytics": what is read and planned for. */
  scopeLabel: string;
  /** Shows the audit of the organization as re-read after applying (the matrix refreshes in place). */
  onVerified: (report: AuditReport) => void;
  onDismiss: () => void;
  /** For tests; navigator.clipboard otherwise. */
  clipboard?: ClipboardLike;
}

type Step =
  | { step: "reading"; progress: ReadProgress }
  | { step: "readFailed"; message: string }
  | { step: "preview"; state: OrgSnapshot; replanned: boolean; confirming: boolean }
  | { step: "applying"; plan: GrantPlan; progress: ApplyProgress }
  | { step: "result"; plan: GrantPlan; outcome?: ApplyOutcome; error?: string; refresh: RefreshState };

const TITLE_ID = "dbt-grant-title";

export function GrantPanel(props: GrantPanelProps): JSX.Element {
  const { source, identity, scopes, scopeLabel, onVerified, onDismiss, clipboard } = props;
  if (scopes.length === 0) throw new Error("GrantPanel needs at least one scope");
  const [scope, setScope] = React.useState<GrantScope>(scopes.includes(DEFAULT_SCOPE) ? DEFAULT_SCOPE : scopes[0]);
  const [step, setStep] = React.useState<Step>({ step: "reading", progress: { message: `Reading ${scopeLabel}` } });
  const [readRound, setReadRound] = React.useState(0);
  const mounted = React.useRef(true);
  React.useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  // Read the organization as it is now; again on "Try again" and "Retry".
  const latest = React.useRef({ identity, scopeLabel });
  latest.current = { identity, scopeLabel };
  React.useEffect(() => {
    const abort = new AbortController();
    const replanned = readRound > 0;
    setStep({ step: "reading", progress: { message: `Reading ${latest.current.scopeLabel}` } });
    source
      .readState(latest.current.identity, {
        signal: abort.signal,
        onProgress: (progress) => {
          if (!abort.signal.aborted) setStep((current) => (current.step === "reading" ? { step: "reading", progress } : current));
        },
      })
      .then(
        (state) => !abort.signal.aborted && setStep({ step: "preview", state, replanned, confirming: false }),
        (error: unknown) => !abort.signal.aborted && setStep({ step: "readFailed", message: messageOf(error) }),
      );
    return () => abort.abort();
  }, [source, identity.descriptor, readRound]);

  // Plans come from src/core; one per scope for the state on screen.
  const previewState = step.step === "preview" ? step.state : undefined;
  const plans = React.useMemo(() => new Map<GrantScope, GrantPlan>(), [previewState]);
  let plan: GrantPlan | undefined;
  if (step.step === "applying" || step.step === "result") plan = step.plan;
  else if (previewState) {
    plan = plans.get(scope);
    if (!plan) {
      plan = source.plan(previewState, scope);
      plans.set(scope, plan);
    }
  }

  // Before offering Apply: may the signed-in user make these writes?
  const [checks, setChecks] = React.useState<ReadonlyMap<GrantPlan, CallerCheckState>>(() => new Map());
  const previewPlan = step.step === "preview" ? plan : undefined;
  React.useEffect(() => {
    if (!previewPlan || !previewState || previewPlan.changes.length === 0 || checks.has(previewPlan)) return;
    const record = (state: CallerCheckState) => mounted.current && setChecks((current) => new Map(current).set(previewPlan, state));
    record({ status: "pending" });
    source.checkCaller(previewPlan, previewState).then(
      (check) => record({ status: "done", check }),
      (error: unknown) => record({ status: "failed", message: messageOf(error) }),
    );
  }, [source, previewPlan, previewState, checks]);
  const check = plan ? checks.get(plan) : undefined;
  const mayApply = check !== undefined && (check.status === "failed" || (check.status === "done" && check.check.canApply));

  const script = React.useMemo(() => (plan ? renderAzScript(plan) : undefined), [plan]);
  const scriptCopy = useScriptCopy(script, clipboard);

  const apply = React.useCallback(
    async (target: GrantPlan) => {
      setStep({ step: "applying", plan: target, progress: { completed: 0, total: target.changes.length, message: "Starting" } });
      let result: GrantApplyResult | undefined;
      let error: string | undefined;
      try {
        result = await source.apply(identity, target, scope, (progress) => {
          if (mounted.current) setStep((current) => (current.step === "applying" && current.plan === target ? { ...current, progress } : current));
        });
      } catch (thrown) {
        error = messageOf(thrown);
      }
      if (!mounted.current) return;
      const verification = result?.verification;
      let refresh: RefreshState;
      if (verification?.ok) {
        onVerified(verification.value.report);
        refresh = { status: "done", after: verification.value };
      } else {
        refresh = { status: "failed", message: verification ? messageOf(verification.error) : (error ?? "Nothing was re-read.") };
      }
      setStep({ step: "result", plan: target, outcome: result?.outcome, error, refresh });
    },
    [source, identity, scope, onVerified],
  );

  const applying = step.step === "applying";
  const retry = () => setReadRound((round) => round + 1);
  const confirming = step.step === "preview" && step.confirming;
  const setConfirming = (value: boolean) => setStep((current) => (current.step === "preview" ? { ...current, confirming: value } : current));

  // Keep keyboard focus in the panel when the control that had it goes away.
  const focusTarget = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => {
    if (step.step === "applying" || step.step === "result") focusTarget.current?.focus();
  }, [step.step]);

  // After applying, a fresh plan (Retry) is what to hand over, not the one already partly written.
  const showScript = step.step === "preview" && plan !== undefined && !isDesiredState(plan);
  const changeCount = plan?.changes.length ?? 0;
  const statuses = !plan
    ? []
    : step.step === "applying"
      ? statusesWhileApplying(plan.changes, step.progress)
      : step.step === "result" && step.outcome
        ? statusesAfter(plan.changes, step.outcome)
        : plannedStatuses(plan.changes);
  const resultNeedsRetry =
    step.step === "result" &&
    (step.error !== undefined ||
      !step.outcome ||
      !!step.outcome.failed ||
      (step.refresh.status === "done" && step.refresh.after.stillMissing.length > 0));

  // Escape steps back out of the confirmation first, then closes; while writing it does nothing.
  useEscapeKey(() => {
    if (confirming) setConfirming(false);
    else if (!applying) onDismiss();
  });

  return (
    <CustomPanel
      onDismiss={() => {
        if (!applying) onDismiss();
      }}
      size={ContentSize.Large}
      lightDismiss={false}
      escDismiss={!applying}
      ariaLabelledBy={TITLE_ID}
      calloutClassName="dbt-grant-panel"
    >
      <PanelHeader
        onDismiss={() => {
          if (!applying) onDismiss();
        }}
        showCloseButton={!applying}
        titleProps={{ text: "Grant missing permissions", id: TITLE_ID }}
        description={`For ${identity.displayName} (${identity.principalName}) in ${scopeLabel}`}
      />
      <PanelContent>
        <div className="flex-column flex-grow rhythm-vertical-16 dbt-grant" data-testid="grant-panel" data-step={step.step}>
          {step.step === "reading" && (
            <div role="status" aria-live="polite">
              <Spinner size={SpinnerSize.medium} label={step.progress.message} />
            </div>
          )}
          {step.step === "readFailed" && (
            <MessageCard severity={MessageCardSeverity.Error}>
              <span data-testid="grant-read-error" className="dbt-wrap">
                Could not read the organization to plan: {sentence(step.message)}
              </span>
            </MessageCard>
          )}
          {plan && (
            <>
              {step.step === "preview" && scopes.length > 1 && (
                <ScopeChoice scopes={scopes} selected={scope} disabled={confirming} onChange={(next) => setScope(next)} />
              )}
              {step.step === "preview" && step.replanned && (
                <MessageCard severity={MessageCardSeverity.Info}>
                  <span data-testid="grant-replanned">Planned again from the current state: {pluralize(changeCount, "change")} still to make.</span>
                </MessageCard>
              )}
              {step.step === "applying" && (
                <div
                  className="flex-column rhythm-vertical-8 dbt-grant-progress"
                  ref={focusTarget}
                  tabIndex={-1}
                  role="status"
                  aria-live="polite"
                  data-testid="grant-progress"
                >
                  <span>
                    {step.progress.completed} of {pluralize(step.progress.total, "change")} done. {step.progress.message}
                  </span>
                  <ProgressBar currentValue={step.progress.completed} maxValue={Math.max(1, step.progress.total)} ariaLabel="Apply progress" />
                </div>
              )}
              {step.step === "result" && (
                <div ref={focusTarget} tabIndex={-1} className="dbt-grant-focus">
                  <ApplyResult plan={plan} outcome={step.outcome} error={step.error} refresh={step.refresh} />
                </div>
              )}
              <p className="dbt-grant-summary" data-testid="grant-summary">
                {planSummary(plan)}
                {plan.summary.skippedDisabledRepositories > 0 &&
                  ` ${pluralize(plan.summary.skippedDisabledRepositories, "disabled repository", "disabled repositories")} left out.`}
              </p>
              {!plan.verified && (
                <MessageCard severity={MessageCardSeverity.Warning}>
                  Re-evaluating this plan did not give the expected result. Review it before applying, or copy the script instead.
                </MessageCard>
              )}
              {step.step === "preview" && changeCount > 0 && <CallerCheckNotice state={check ?? { status: "pending" }} />}
              {plan.notes.length > 0 && (
                <MessageCard severity={MessageCardSeverity.Info}>
                  <div className="flex-column rhythm-vertical-4 dbt-wrap" data-testid="grant-notes">
                    <strong>Granting permissions cannot fix:</strong>
                    {plan.notes.map((note) => (
                      <span key={note}>{note}</span>
                    ))}
                  </div>
                </MessageCard>
              )}
              {changeCount > 0 && (
                <section className="flex-column rhythm-vertical-8" aria-labelledby="dbt-grant-changes-title">
                  <h3 id="dbt-grant-changes-title" className="title-xs dbt-grant-heading">
                    Changes ({changeCount}): only allow bits and group memberships are added; nothing is denied or removed
                  </h3>
                  <ChangeTable changes={plan.changes} statuses={statuses} />
                </section>
              )}
              <BlockedList items={plan.blocked} />
              {showScript && script !== undefined && <ScriptCopyStatus script={script} copy={scriptCopy} />}
            </>
          )}
        </div>
      </PanelContent>
      <PanelFooter showSeparator={true}>
        <GrantFooter
          confirm={
            confirming && plan
              ? { changes: changeCount, organization: plan.organization.name, caller: check?.status === "done" ? check.check.caller : undefined }
              : undefined
          }
          applying={applying}
          offerApply={step.step === "preview" && changeCount > 0 && mayApply ? changeCount : undefined}
          retry={step.step === "readFailed" ? "Try again" : resultNeedsRetry ? "Retry" : undefined}
          offerScript={showScript}
          onApply={() => setConfirming(true)}
          onConfirm={() => plan && void apply(plan)}
          onBack={() => setConfirming(false)}
          onRetry={retry}
          onCopyScript={() => void scriptCopy.copy()}
          onClose={onDismiss}
        />
      </PanelFooter>
    </CustomPanel>
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
