/**
 * The Setup tab: dbt's "Set up Azure DevOps" procedure as a live checklist, one card per person who does
 * the steps (Entra admin, Azure DevOps admin, dbt Cloud admin). The values typed here are validated and
 * saved in the extension data service; the checklist, links and values are computed by src/core
 * (setupModel.ts) on every change, so what is shown always matches what is typed.
 */
import "./setup.css";
import * as React from "react";
import { Card } from "azure-devops-ui/Card";
import { MessageCard, MessageCardSeverity } from "azure-devops-ui/MessageCard";
import type { SetupConfirmations, SetupRoute, StepId, StepState } from "../../core/setup/checklist";
import type { OrganizationRef, ProjectRef } from "../../core/setup/links";
import type { HooksReport } from "../../core/hooks/report";
import { localDate } from "../components/dates";
import type { QueryMemory } from "../components/PermissionsView";
import type { LastHooksReport } from "../data/hooksSource";
import type { MigrationSource } from "../data/migrationSource";
import type { TenantSource } from "../data/tenantSource";
import { MigrationAction } from "../migrate/MigrationAction";
import { useOrganizationTenant } from "./useOrganizationTenant";
import { ChecklistStepItem, type StepConfirmation } from "./ChecklistStepItem";
import type { HubFacts, HubFactsSnapshot } from "./hubFacts";
import { RouteChoice } from "./RouteChoice";
import { SetupFieldsCard } from "./SetupFieldsCard";
import { CONFIRMABLE_STEPS, TAB_HINTS } from "./setupLabels";
import { buildSetupModel } from "./setupModel";
import {
  emptyFields,
  readSetupRecord,
  SETUP_RECORD_VERSION,
  type SetupFieldId,
  type SetupFields,
  type SetupRecord,
  type SetupSettingsStore,
} from "./setupRecord";
import { SetupSummary } from "./SetupSummary";

export interface SetupViewProps {
  organization: OrganizationRef;
  /** The project hub's own project, whose settings pages are linked. */
  projects?: ProjectRef[];
  /** "the organization contoso" or "the project Analytics": what the Azure DevOps facts cover. */
  scopeLabel: string;
  /** Where the settings are kept; without one the tab works but cannot save. */
  store?: SetupSettingsStore;
  /** What the Permissions tab of this page found out (service user, audit). */
  facts?: HubFacts;
  /** The Service hooks tab's newest report on this page; without one, hook health is "unknown". */
  hooks?: LastHooksReport;
  /** The identity last checked on the Permissions tab, from an earlier visit. */
  memory?: QueryMemory;
  /** Reads which Entra tenant backs the organization; without it the directory step stays "not read". */
  tenant?: TenantSource;
  /** Offers "Migrate to a service principal" when given. */
  migration?: MigrationSource;
  /** Who is saving, recorded with the settings. */
  userName?: string;
  /** The clock the secret expiry is measured against. */
  now?: () => Date;
  /**
   * Keeps unsaved edits while the admin visits another tab (tabs are unmounted when hidden); one per page.
   * Without it, leaving the tab drops what was not saved.
   */
  draft?: SetupDraftHolder;
}

export interface SetupDraft {
  fields: SetupFields;
  confirmations: SetupConfirmations;
  route?: SetupRoute;
}

export interface SetupDraftHolder {
  current?: SetupDraft;
}

type LoadState = { phase: "loading" } | { phase: "ready" } | { phase: "failed"; message: string };
type SaveState = { phase: "idle" } | { phase: "saving" } | { phase: "failed"; message: string };
/** How the last tick's own save went, shown next to that tick. */
type TickSave = { stepId: StepId; phase: "saving" | "saved" | "failed"; message?: string };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** What decides whether there is something to save: the fields as they would be stored, and the ticks. */
function comparable(fields: SetupFields, confirmations: SetupConfirmations, route: SetupRoute | undefined): string {
  const record = readSetupRecord({ fields, confirmations, route });
  return JSON.stringify([record.fields, record.confirmations, record.route ?? null]);
}

export function SetupView(props: SetupViewProps): JSX.Element {
  const { organization, projects, scopeLabel, store, facts, hooks, memory, userName, draft } = props;
  const tenant = useOrganizationTenant(props.tenant);
  const now = props.now ?? (() => new Date());
  const [fields, setFields] = React.useState<SetupFields>(() => draft?.current?.fields ?? emptyFields());
  const [confirmations, setConfirmations] = React.useState<SetupConfirmations>(() => draft?.current?.confirmations ?? {});
  const [route, setRoute] = React.useState<SetupRoute | undefined>(() => draft?.current?.route);
  // Edits made on an earlier visit of the tab win over the saved settings; only the admin's own edits are kept.
  const hadDraft = React.useRef(draft?.current !== undefined);
  const edited = React.useRef(false);
  const [saved, setSaved] = React.useState<SetupRecord | undefined>(undefined);
  const [load, setLoad] = React.useState<LoadState>(store ? { phase: "loading" } : { phase: "ready" });
  const [save, setSave] = React.useState<SaveState>({ phase: "idle" });
  const [known, setKnown] = React.useState<HubFactsSnapshot>(() => facts?.current() ?? {});
  const [hooksReport, setHooksReport] = React.useState<HooksReport | undefined>(() => hooks?.lastReport());
  const [remembered, setRemembered] = React.useState<string | undefined>(undefined);
  const [announcement, setAnnouncement] = React.useState("");
  const [tickSave, setTickSave] = React.useState<TickSave | undefined>(undefined);
  // Ticks save themselves onto the last saved record (typed values still wait for Save). Every write, a tick's or
  // Save's, waits for the one before, and each starts from what the one before stored, so none undoes another.
  const savedRef = React.useRef<SetupRecord | undefined>(undefined);
  const confirmationsRef = React.useRef(confirmations);
  confirmationsRef.current = confirmations;
  const writes = React.useRef<Promise<void>>(Promise.resolve());
  const enqueueWrite = (write: () => Promise<void>): Promise<void> => (writes.current = writes.current.then(write));

  React.useEffect(() => {
    if (!facts) return undefined;
    setKnown(facts.current());
    return facts.subscribe(setKnown);
  }, [facts]);

  React.useEffect(() => {
    if (!hooks) return undefined;
    setHooksReport(hooks.lastReport());
    return hooks.onReport(setHooksReport);
  }, [hooks]);

  React.useEffect(() => {
    let active = true;
    memory
      ?.load()
      .then((name) => active && setRemembered(name || undefined))
      // Only a convenience: the step then says no service user was chosen.
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, [memory]);

  React.useEffect(() => {
    if (!store) return undefined;
    let active = true;
    setLoad({ phase: "loading" });
    store.load().then(
      (record) => {
        if (!active) return;
        if (record) {
          savedRef.current = record;
          if (!hadDraft.current) {
            setFields(record.fields);
            setConfirmations(record.confirmations);
            setRoute(record.route);
          }
          setSaved(record);
        }
        setLoad({ phase: "ready" });
      },
      (error: unknown) => active && setLoad({ phase: "failed", message: messageOf(error) }),
    );
    return () => {
      active = false;
    };
  }, [store]);

  const model = React.useMemo(
    () =>
      buildSetupModel({
        organization,
        projects,
        fields,
        confirmations,
        route,
        facts: known,
        hooksReport,
        rememberedServiceUser: remembered,
        tenant,
        now: now(),
      }),
    // `now` is read on every change of input; a new clock function alone does not recompute.
    [organization, projects, fields, confirmations, route, known, hooksReport, remembered, tenant],
  );

  const dirty = comparable(fields, confirmations, route) !== comparable(saved?.fields ?? emptyFields(), saved?.confirmations ?? {}, saved?.route);
  const hasErrors = Object.keys(model.fieldErrors).length > 0;
  const loading = load.phase === "loading";
  const canSave = store !== undefined && !loading && save.phase !== "saving" && dirty && !hasErrors;

  React.useEffect(() => {
    if (draft && edited.current) draft.current = { fields, confirmations, route };
  }, [draft, fields, confirmations, route]);

  const changeField = React.useCallback((id: SetupFieldId, value: string) => {
    edited.current = true;
    setFields((current) => ({ ...current, [id]: value }));
    setSave({ phase: "idle" });
  }, []);

  const changeRoute = (next: SetupRoute) => {
    edited.current = true;
    setRoute(next);
    setSave({ phase: "idle" });
  };

  const saveTicks = (stepId: StepId, next: SetupConfirmations) => {
    if (!store) return;
    setTickSave({ stepId, phase: "saving" });
    void enqueueWrite(async () => {
      const base = savedRef.current;
      const record: SetupRecord = {
        schemaVersion: SETUP_RECORD_VERSION,
        fields: base?.fields ?? emptyFields(),
        confirmations: next,
        savedAt: now().toISOString(),
      };
      if (base?.route) record.route = base.route;
      if (userName) record.savedBy = userName;
      try {
        const stored = await store.save(record);
        savedRef.current = stored;
        setSaved(stored);
        setTickSave((current) => (current?.stepId === stepId ? { stepId, phase: "saved" } : current));
      } catch (error) {
        setTickSave({ stepId, phase: "failed", message: messageOf(error) });
      }
    });
  };

  const changeConfirmations = (stepId: StepId, patch: Partial<SetupConfirmations>) => {
    edited.current = true;
    const next: SetupConfirmations = { ...confirmationsRef.current, ...patch };
    for (const key of Object.keys(patch) as (keyof SetupConfirmations)[]) if (!patch[key]) delete next[key];
    confirmationsRef.current = next;
    setConfirmations(next);
    setSave({ phase: "idle" });
    saveTicks(stepId, next);
  };

  const saveNow = () => {
    if (!store) return Promise.resolve();
    setSave({ phase: "saving" });
    const record: SetupRecord = {
      schemaVersion: SETUP_RECORD_VERSION,
      fields,
      confirmations: confirmationsRef.current,
      savedAt: now().toISOString(),
    };
    if (route) record.route = route;
    if (userName) record.savedBy = userName;
    return enqueueWrite(() => saveRecord(record));
  };

  const saveRecord = async (record: SetupRecord) => {
    if (!store) return;
    try {
      const stored = await store.save(record);
      savedRef.current = stored;
      setSaved(stored);
      setFields(stored.fields);
      // Ticks given while this was being written are newer than it (and are saved right after); keep them.
      setRoute(stored.route);
      setSave({ phase: "idle" });
    } catch (error) {
      setSave({ phase: "failed", message: messageOf(error) });
    }
  };

  const confirmationFor = (stepId: StepId, state: StepState): StepConfirmation | undefined => {
    if (stepId === "redirect-uris") {
      const host = model.accessHost;
      return {
        label: host ? `Both redirect URIs for ${host} are on the app` : "Both redirect URIs are on the app (enter the access URL first)",
        // The core decides: "done" means confirmed for the access URL entered now.
        checked: state === "done",
        disabled: host === undefined || loading,
        onChange: (checked) => changeConfirmations(stepId, { redirectUrisAddedFor: checked ? host : undefined }),
        saving: tickSave?.stepId === stepId ? tickSave : undefined,
      };
    }
    const confirmable = CONFIRMABLE_STEPS[stepId];
    if (!confirmable) return undefined;
    return {
      label: confirmable.label,
      checked: confirmations[confirmable.flag] === true,
      disabled: loading,
      onChange: (checked) => changeConfirmations(stepId, { [confirmable.flag]: checked }),
      saving: tickSave?.stepId === stepId ? tickSave : undefined,
    };
  };

  const hintFor = (stepId: StepId, state: StepState): string | undefined => {
    const hint = TAB_HINTS[stepId];
    if (!hint || !hint.states.includes(state)) return undefined;
    // The Service hooks tab exists only when the page has a hooks source.
    return hint.tab === "hooks" && !hooks ? undefined : hint.text;
  };

  const saveStatus = loading
    ? "Loading the saved setup…"
    : save.phase === "saving"
      ? "Saving…"
      : dirty
        ? "Unsaved changes"
        : saved?.savedAt
          ? `Saved ${localDate(saved.savedAt)}${saved.savedBy ? ` by ${saved.savedBy}` : ""}`
          : "Nothing saved yet";

  return (
    <div className="flex-column rhythm-vertical-16 dbt-setup">
      <Card contentProps={{ contentPadding: true }}>
        <SetupSummary
          counts={model.counts}
          total={model.steps.length}
          scopeNote={`Azure DevOps facts (service user, permissions, service hooks) cover ${scopeLabel}; the rest is confirmed by the people who own each step.`}
        />
      </Card>
      {model.secretAlert && (
        <MessageCard
          severity={model.secretAlert.severity === "error" ? MessageCardSeverity.Error : MessageCardSeverity.Warning}
          className="dbt-setup-secret-alert"
        >
          <span data-testid="secret-alert">{model.secretAlert.message}</span>
        </MessageCard>
      )}
      {model.organizationProblem && (
        <MessageCard severity={MessageCardSeverity.Error}>
          <span data-testid="organization-problem">{model.organizationProblem}</span>
        </MessageCard>
      )}
      {load.phase === "failed" && (
        <MessageCard severity={MessageCardSeverity.Warning}>
          <span data-testid="load-error">The saved setup could not be read ({load.message}). You can still fill it in; saving replaces it.</span>
        </MessageCard>
      )}
      {save.phase === "failed" && (
        <MessageCard severity={MessageCardSeverity.Error}>
          <span data-testid="save-error">The setup was not saved: {save.message}</span>
        </MessageCard>
      )}
      {!store && (
        <MessageCard severity={MessageCardSeverity.Info}>
          This page cannot save settings here: the Azure DevOps extension data service is not available.
        </MessageCard>
      )}
      <Card contentProps={{ contentPadding: true }}>
        <div className="flex-column flex-grow rhythm-vertical-16">
          <RouteChoice route={model.route} disabled={loading} onChange={changeRoute} />
          {props.migration && (
            <MigrationAction
              source={props.migration}
              defaultFrom={known.serviceUser?.kind === "servicePrincipal" ? undefined : known.serviceUser?.principalName}
            />
          )}
        </div>
      </Card>
      <SetupFieldsCard
        fields={fields}
        errors={model.fieldErrors}
        onChange={changeField}
        disabled={loading}
        onSave={store ? () => void saveNow() : undefined}
        canSave={canSave}
        saveStatus={saveStatus}
      />
      {model.groups.map((group) => (
        <Card key={group.owner} className="dbt-setup-owner" titleProps={{ text: group.label, ariaLevel: 2 }} contentProps={{ contentPadding: true }}>
          <ol className="flex-column flex-grow dbt-setup-steps" data-owner={group.owner} aria-label={`Steps for the ${group.label}`}>
            {group.steps.map((step) => (
              <ChecklistStepItem
                key={step.id}
                step={step}
                confirmation={confirmationFor(step.id, step.state)}
                hint={hintFor(step.id, step.state)}
                onCopied={(label) => setAnnouncement(`Copied ${label}`)}
              />
            ))}
          </ol>
        </Card>
      ))}
      <span className="visually-hidden" role="status" aria-live="polite" data-testid="copy-announcement">
        {announcement}
      </span>
    </div>
  );
}
