/**
 * src/flows: each use case written once, over the gateway (src/ado) and the core (src/core). The CLI, the hubs
 * and the pipeline task are thin faces on these: options in, progress and rendering out.
 */
export { nowOf, type FlowContext, type FlowProgress } from "./context";
export { findIdentity, identityChoicesOf, runAudit, runAuditView, type AuditRequest, type AuditResult } from "./audit";
export {
  applyGrant,
  checkCaller,
  planGrant,
  readGrantState,
  type ApplyGrantOptions,
  type GrantApplyResult,
  type GrantRequest,
  type VerificationResult,
} from "./grant";
export { cleanUpHooks, planHooks, readHooks, type HooksCleanupResult, type HooksRead, type HooksRequest } from "./hooks";
export { applyMigration, findMigrationPair, readMigration, type HookAtRisk, type MigrateRequest, type MigrationState } from "./migrate";
export { readOrganizationTenant, type OrganizationTenant } from "./tenant";
export { MIN_SUGGEST_LENGTH, suggestIdentities } from "./suggest";
