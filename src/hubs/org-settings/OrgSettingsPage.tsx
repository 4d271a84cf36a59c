/** Organization settings → dbt Cloud: the integration's health across every project. */
import * as React from "react";
import type { HubContext } from "../../sdk/init";
import { HubShell, type HubTab } from "../components/HubShell";
import { PermissionsView } from "../components/PermissionsView";
import type { HubServices } from "../data/hubServices";
import { hooksTabs } from "../hooks/hooksTab";
import { setupTab } from "../setup/setupTab";
import { ORGANIZATION_GRANT_SCOPES } from "../grant/GrantAction";

export function OrgSettingsPage(props: { context: HubContext; services: HubServices }): JSX.Element {
  const { context, services } = props;
  const organization = context.organization.name;
  const tabs: HubTab[] = [
    setupTab(context, services, "organization"),
    {
      id: "permissions",
      name: "Permissions",
      render: () => (
        <PermissionsView
          source={services.auditSource}
          scopeLabel={`every project in ${organization}`}
          memory={services.memory}
          grant={services.grantSource && { source: services.grantSource, scopes: ORGANIZATION_GRANT_SCOPES }}
        />
      ),
    },
    ...hooksTabs(context, services, "organization"),
  ];
  return <HubShell title="dbt Cloud" description={`Whether the identity dbt Cloud uses has what it needs in ${organization}.`} tabs={tabs} />;
}
