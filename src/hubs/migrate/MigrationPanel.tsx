/**
 * "Migrate to a service principal": the same flow as `dbt-ado migrate`. Names the service user dbt Cloud uses
 * today and the app's service principal, compares their required permissions side by side (one read of the
 * organization), shows what the service principal would be granted (least privilege, the grant planner) and
 * what still depends on the service user, then applies after a confirmation and re-reads. Nothing of the
 * service user is ever changed.
 */
import "./migrate.css";
import "../grant/grant.css";
import * as React from "react";
import { Button } from "azure-devops-ui/Button";
import { ContentSize } from "azure-devops-ui/Callout";
import { FormItem } from "azure-devops-ui/FormItem";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import { CustomPanel, PanelContent, PanelFooter, PanelHeader } from "azure-devops-ui/Panel";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import { TextField, TextFieldWidth } from "azure-devops-ui/TextField";
import { pluralize } from "../components/labels";
import { isCancellation } from "../data/auditSource";
import type { ApplyProgress, GrantApplyResult } from "../data/grantSource";
import type { MigrationPreview, MigrationSource } from "../data/migrationSource";
import { ChangeTable } from "../grant/ChangeTable";
import { plannedStatuses, statusesAfter, statusesWhileApplying } from "../grant/changeStatus";
import { BlockedList } from "../grant/BlockedList";
import { planSummary, sentence } from "../grant/grantLabels";
import { inPanelWords, paritySummary } from "./migrateLabels";
import { ParityTable } from "./ParityTable";
import { MigrationDependencies } from "./MigrationDependencies";

export interface MigrationPanelProps {
  source: MigrationSource;
  /** The service user to start from (the one checked on the Permissions tab), if known. */
  defaultFrom?: string;
  onDismiss: () => void;
}

type Step =
  | { step: "names"; error?: string }
  | { step: "reading"; message: string }
  | { step: "preview"; preview: MigrationPreview; confirming: boolean }
  | { step: "applying"; preview: MigrationPreview; progress: ApplyProgress }
  | { step: "result"; preview: MigrationPreview; result?: GrantApplyResult; error?: string };

const TITLE_ID = "dbt-migrate-title";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function MigrationPanel({ source, defaultFrom, onDismiss }: MigrationPanelProps): JSX.Element {
  const [from, setFrom] = React.useState(defaultFrom ?? "");
  const [to, setTo] = React.useState("");
  const [step, setStep] = React.useState<Step>({ step: "names" });
  const reading = React.useRef<AbortController | undefined>(undefined);
  const focusTarget = React.useRef<HTMLDivElement>(null);
  React.useEffect(() => () => reading.current?.abort(), []);
  React.useEffect(() => {
    if (step.step === "preview" || step.step === "applying" || step.step === "result") focusTarget.current?.focus();
  }, [step.step]);

  const compare = async () => {
    reading.current?.abort();
    const abort = new AbortController();
    reading.current = abort;
    setStep({ step: "reading", message: "Finding both identities" });
    try {
      const preview = await source.preview(
        { from: from.trim(), to: to.trim() },
        { signal: abort.signal, onProgress: (progress) => !abort.signal.aborted && setStep({ step: "reading", message: progress.message }) },
      );
      if (!abort.signal.aborted) setStep({ step: "preview", preview, confirming: false });
    } catch (error) {
      if (!isCancellation(error, abort.signal)) setStep({ step: "names", error: messageOf(error) });
    }
  };

  const apply = async (preview: MigrationPreview) => {
    const total = preview.state.plan.changes.length;
    setStep({ step: "applying", preview, progress: { completed: 0, total, message: "Starting" } });
    try {
      const result = await source.apply(preview, (progress) =>
        setStep((current) => (current.step === "applying" ? { ...current, progress } : current)),
      );
      setStep({ step: "result", preview, result });
    } catch (error) {
      setStep({ step: "result", preview, error: messageOf(error) });
    }
  };

  const applying = step.step === "applying";
  const dismiss = () => {
    if (!applying) onDismiss();
  };
  const preview = step.step === "preview" || step.step === "applying" || step.step === "result" ? step.preview : undefined;
  const plan = preview?.state.plan;
  const changes = plan?.changes.length ?? 0;
  const check = preview?.callerCheck;
  const statuses = !plan
    ? []
    : step.step === "applying"
      ? statusesWhileApplying(plan.changes, step.progress)
      : step.step === "result" && step.result
        ? statusesAfter(plan.changes, step.result.outcome)
        : plannedStatuses(plan.changes);

  return (
    <CustomPanel onDismiss={dismiss} size={ContentSize.Large} lightDismiss={false} escDismiss={!applying} ariaLabelledBy={TITLE_ID}>
      <PanelHeader
        onDismiss={dismiss}
        showCloseButton={!applying}
        titleProps={{ text: "Migrate to a service principal", id: TITLE_ID }}
        description="Compare the service user dbt Cloud uses today with the app's service principal, and grant the service principal what it lacks. Nothing of the service user is changed."
      />
      <PanelContent>
        <div className="flex-column flex-grow rhythm-vertical-16 dbt-migrate" data-testid="migrate-panel" data-step={step.step}>
          {(step.step === "names" || step.step === "reading") && (
            <form
              className="flex-column rhythm-vertical-8"
              aria-label="Identities to compare"
              onSubmit={(event) => {
                event.preventDefault();
                if (from.trim() && to.trim() && step.step === "names") void compare();
              }}
            >
              <FormItem label="Service user (today)">
                <TextField
                  inputId="dbt-migrate-from"
                  value={from}
                  onChange={(_, next) => setFrom(next)}
                  width={TextFieldWidth.auto}
                  disabled={step.step === "reading"}
                  ariaLabel="Service user (today)"
                />
              </FormItem>
              <FormItem label="Service principal (the Entra app)">
                <TextField
                  inputId="dbt-migrate-to"
                  value={to}
                  onChange={(_, next) => setTo(next)}
                  width={TextFieldWidth.auto}
                  disabled={step.step === "reading"}
                  ariaLabel="Service principal (the Entra app)"
                />
              </FormItem>
              <span className="secondary-text body-s">
                Sign-in name, display name or descriptor; the service principal by its display name or application ID.
              </span>
              <div className="flex-row">
                <Button text="Compare" primary={true} type="submit" disabled={step.step === "reading" || !from.trim() || !to.trim()} />
              </div>
            </form>
          )}
          {step.step === "names" && step.error && (
            <MessageCard severity={MessageCardSeverity.Error}>
              <span data-testid="migrate-error" className="dbt-wrap">
                {sentence(inPanelWords(step.error))}
              </span>
            </MessageCard>
          )}
          {step.step === "reading" && (
            <div role="status" aria-live="polite">
              <Spinner size={SpinnerSize.medium} label={step.message} />
            </div>
          )}
          {preview && plan && (
            <div
              ref={focusTarget}
              tabIndex={-1}
              className="flex-column rhythm-vertical-16 dbt-migrate-focus"
              aria-labelledby="dbt-migrate-parity-title"
            >
              <h3 id="dbt-migrate-parity-title" className="title-xs dbt-grant-heading">
                {preview.from.displayName} → {preview.to.displayName}
              </h3>
              {step.step === "applying" && (
                <span role="status" aria-live="polite" data-testid="migrate-progress">
                  {step.progress.completed} of {step.progress.total} changes done. {step.progress.message}
                </span>
              )}
              {step.step === "result" && <MigrationResult step={step} />}
              <p className="dbt-grant-summary" data-testid="parity-summary">
                {paritySummary(preview.state.parity)}
              </p>
              <ParityTable rows={preview.state.parity} fromName={preview.from.displayName} toName={preview.to.displayName} />
              <p className="dbt-grant-summary" data-testid="migrate-plan-summary">
                {planSummary(plan)}
              </p>
              {changes > 0 && (
                <section className="flex-column rhythm-vertical-8" aria-labelledby="dbt-migrate-changes-title">
                  <h3 id="dbt-migrate-changes-title" className="title-xs dbt-grant-heading">
                    Changes for the service principal ({changes}): only allow bits and group memberships are added
                  </h3>
                  <ChangeTable changes={plan.changes} statuses={statuses} />
                </section>
              )}
              <BlockedList items={plan.blocked} />
              <MigrationDependencies state={preview.state} />
              {check && !check.canApply && (
                <MessageCard severity={MessageCardSeverity.Warning}>
                  <span data-testid="migrate-refused" className="dbt-wrap">
                    {check.caller} cannot make these changes: {check.refused.join("; ")}.
                  </span>
                </MessageCard>
              )}
            </div>
          )}
        </div>
      </PanelContent>
      <PanelFooter showSeparator={true}>
        <div className="flex-row flex-center flex-grow flex-wrap rhythm-horizontal-8 dbt-grant-footer">
          {step.step === "preview" && step.confirming && plan ? (
            <>
              <span className="flex-grow dbt-wrap" id="dbt-migrate-confirm-text" data-testid="migrate-confirm">
                Write {pluralize(changes, "change")} for {step.preview.to.displayName} to {plan.organization.name}
                {check?.caller ? ` as ${check.caller}` : ""}? Nothing of {step.preview.from.displayName} is changed.
              </span>
              <Button
                text={`Confirm: apply ${pluralize(changes, "change")}`}
                primary={true}
                autoFocus={true}
                ariaDescribedBy="dbt-migrate-confirm-text"
                onClick={() => void apply(step.preview)}
              />
              <Button text="Back" onClick={() => setStep({ ...step, confirming: false })} />
            </>
          ) : (
            <>
              {step.step === "preview" && changes > 0 && check?.canApply !== false && (
                <Button text={`Apply ${pluralize(changes, "change")}…`} primary={true} onClick={() => setStep({ ...step, confirming: true })} />
              )}
              {(step.step === "preview" || step.step === "result") && (
                <Button text="Compare other identities" onClick={() => setStep({ step: "names" })} />
              )}
              <Button text="Close" disabled={applying} onClick={dismiss} />
            </>
          )}
        </div>
      </PanelFooter>
    </CustomPanel>
  );
}

function MigrationResult({ step }: { step: Extract<Step, { step: "result" }> }): JSX.Element {
  const { preview, result, error } = step;
  const failed = error ?? result?.outcome.failed?.message;
  if (failed !== undefined) {
    return (
      <MessageCard severity={MessageCardSeverity.Error}>
        <span data-testid="migrate-result" data-result="failed" className="dbt-wrap">
          Stopped after {pluralize(result?.outcome.applied.length ?? 0, "change")}: {sentence(failed)} Compare again to finish the rest.
        </span>
      </MessageCard>
    );
  }
  const verification = result?.verification;
  if (!verification?.ok) {
    return (
      <MessageCard severity={MessageCardSeverity.Warning}>
        <span data-testid="migrate-result" data-result="unverified" className="dbt-wrap">
          The changes were written, but the organization could not be read again to confirm them. Compare again to check.
        </span>
      </MessageCard>
    );
  }
  const complete = verification.value.desiredState;
  return (
    <MessageCard severity={complete ? MessageCardSeverity.Info : MessageCardSeverity.Warning}>
      <span data-testid="migrate-result" data-result={complete ? "complete" : "incomplete"} className="dbt-wrap">
        {complete
          ? `${preview.to.displayName} now has every permission dbt Cloud needs. Switch dbt Cloud to the service principal, then reconnect the repositories listed below before removing the service user.`
          : `${pluralize(result!.outcome.applied.length, "change")} applied; the service principal still lacks ${pluralize(verification.value.stillMissing.length, "permission")}.`}
      </span>
    </MessageCard>
  );
}
