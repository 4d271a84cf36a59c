/** The organization's Entra tenant for the Setup tab: read once when the tab opens, undefined until answered. */
import * as React from "react";
import type { OrganizationTenant } from "../../flows";
import type { TenantSource } from "../data/tenantSource";

export function useOrganizationTenant(source: TenantSource | undefined): OrganizationTenant | undefined {
  const [tenant, setTenant] = React.useState<OrganizationTenant | undefined>(undefined);
  React.useEffect(() => {
    if (!source) return undefined;
    let active = true;
    void source.read().then((answer) => active && setTenant(answer));
    return () => {
      active = false;
    };
  }, [source]);
  return tenant;
}
