/**
 * The Service hooks tab as an entry of a hub page's tab list, wired to what the page was given at connection:
 * the hooks source (on the page's one gateway) and, when the Setup tab saved them, the dbt Cloud access URL
 * (so a single-tenant host counts as dbt Cloud's) and account id (for links to the account's projects).
 */
import * as React from "react";
import { Spinner, SpinnerSize } from "azure-devops-ui/Spinner";
import { parseAccessUrl } from "../../core/setup/access-url";
import type { HubContext } from "../../sdk/init";
import type { HubTab } from "../components/HubShell";
import type { HubServices } from "../data/hubServices";
import type { HooksSource } from "../data/hooksSource";
import type { SetupRecord, SetupSettingsStore } from "../setup/setupRecord";
import { HooksView } from "./HooksView";

/** The tab, or none when the page has no hooks source (spread into the page's tab list). */
export function hooksTabs(context: HubContext, services: HubServices, level: "organization" | "project"): HubTab[] {
  const source = services.hooks;
  if (!source) return [];
  const scopeLabel = level === "project" ? `the project ${context.project?.name ?? "this project"}` : `every project in ${context.organization.name}`;
  return [
    {
      id: "service-hooks",
      name: "Service hooks",
      render: () => (
        <ConfiguredHooksView source={source} scopeLabel={scopeLabel} showProjectFilter={level === "organization"} settings={services.setupSettings} />
      ),
    },
  ];
}

interface Configured {
  accessUrl?: string;
  dbtAccountId?: string;
}

/** The access URL and account id of a saved setup; a missing or invalid value is simply not used. */
function configurationOf(record: SetupRecord | undefined): Configured {
  const fields = record?.fields;
  const accessUrl = fields?.accessUrl && parseAccessUrl(fields.accessUrl).ok ? fields.accessUrl : undefined;
  return { accessUrl, dbtAccountId: fields?.accountId || undefined };
}

/** The saved access URL and account id; an unreadable setup is simply not used. */
async function savedConfiguration(settings: SetupSettingsStore | undefined): Promise<Configured> {
  try {
    return configurationOf(await settings?.load());
  } catch {
    return {};
  }
}

function ConfiguredHooksView(props: {
  source: HooksSource;
  scopeLabel: string;
  showProjectFilter: boolean;
  settings?: SetupSettingsStore;
}): JSX.Element {
  const { source, scopeLabel, showProjectFilter, settings } = props;
  const [configured, setConfigured] = React.useState<Configured | undefined>(settings ? undefined : {});
  React.useEffect(() => {
    let active = true;
    if (settings) void savedConfiguration(settings).then((value) => active && setConfigured(value));
    // The tab stays open while Setup saves: a new access URL or account id is read with at once.
    const unsubscribe = settings?.onSave?.((record) => {
      const next = configurationOf(record);
      if (active) setConfigured((current) => (current?.accessUrl === next.accessUrl && current?.dbtAccountId === next.dbtAccountId ? current : next));
    });
    return () => {
      active = false;
      unsubscribe?.();
    };
  }, [settings]);
  if (!configured) return <Spinner size={SpinnerSize.large} label="Reading the saved dbt Cloud settings…" />;
  return <HooksView source={source} scopeLabel={scopeLabel} showProjectFilter={showProjectFilter} {...configured} />;
}
