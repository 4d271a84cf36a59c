/** What a hub page is given once connected: where its data comes from and where it remembers things. */
import type { QueryMemory } from "../components/PermissionsView";
import type { AuditSource } from "./auditSource";

export interface HubServices {
  auditSource: AuditSource;
  memory?: QueryMemory;
}
