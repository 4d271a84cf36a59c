/** Project settings → dbt Cloud: the same Permissions view, for the current project only. */
import * as React from "react";
import type { HubContext } from "../../sdk/init";
import { HubShell, type HubTab } from "../components/HubShell";
import { PermissionsView } from "../components/PermissionsView";
import type { HubServices } from "../data/hubServices";
import { hooksTabs } from "../hooks/hooksTab";
import { setupTab } from "../setup/setupTab";
import { PROJECT_GRANT_SCOPES } from "../grant/GrantAction";

export function ProjectSettingsPage(props: { context: HubContext; services: HubServices }): JSX.Element {
  const { context, services } = props;
  const project = context.project?.name ?? "this project";
  const tabs: HubTab[] = [
    setupTab(context, services, "project"),
    {
      id: "permissions",
      name: "Permissions",
      render: () => (
        <PermissionsView
          source={services.auditSource}
          scopeLabel={`the project ${project}`}
          memory={services.memory}
          grant={services.grantSource && { source: services.grantSource, scopes: PROJECT_GRANT_SCOPES }}
        />
      ),
    },
    ...hooksTabs(context, services, "project"),
  ];
  return <HubShell title="dbt Cloud" description={`Whether the identity dbt Cloud uses has what it needs in the project ${project}.`} tabs={tabs} />;
}
