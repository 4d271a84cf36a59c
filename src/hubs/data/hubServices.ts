/** What a hub page is given once connected: where its data comes from and where it remembers things. */
import type { QueryMemory } from "../components/PermissionsView";
import type { HubFacts } from "../setup/hubFacts";
import type { SetupSettingsStore } from "../setup/setupRecord";
import type { AuditSource } from "./auditSource";
import type { GrantSource } from "./grantSource";
import type { HooksService } from "./hooksSource";
import type { MigrationSource } from "./migrationSource";
import type { TenantSource } from "./tenantSource";

export interface HubServices {
  auditSource: AuditSource;
  memory?: QueryMemory;
  /** What the Permissions tab found out (service user, last audit), for the Setup tab. */
  facts?: HubFacts;
  /** Where the Setup tab keeps its settings (extension data service). */
  setupSettings?: SetupSettingsStore;
  /** The organization's base URL (core host), for the Setup tab's deep links. */
  organizationUrl?: string;
  /** Plans and applies grants on the same gateway; without it the Permissions tab offers no Grant action. */
  grantSource?: GrantSource;
  /**
   * Service hook subscriptions, read and cleaned up on the same gateway; `lastReport()` is the newest report
   * read on the page (hookHealthSummary(report) gives the Setup tab its hook health). Without it: no Service hooks tab.
   */
  hooks?: HooksService;
  /** Which Entra tenant backs the organization (the Setup tab's directory step); without it: not read. */
  tenant?: TenantSource;
  /** Compares the service user with the service principal and grants the latter (Setup tab); without it: no migration action. */
  migration?: MigrationSource;
}
