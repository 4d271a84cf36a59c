/**
 * The audit report: the `--format json` contract of `dbt-ado audit` (schemaVersion 1, see design.md and
 * schema/audit-report.schema.json). Change it only deliberately, with the schema and docs.
 */
import type { ProjectPermissionKey, RepositoryPermissionKey } from "../permissions/catalogue";

export const REPORT_SCHEMA_VERSION = 1 as const;

/** allow = effectively allowed; deny = an explicit deny decides it; notSet = nothing allows it (implicit deny). */
export type Effective = "allow" | "deny" | "notSet";

/** The ACE that decided a cell, for people and for the hub's "why" panel. */
export interface DecidingAce {
  token: string;
  /** The identity descriptor the ACE belongs to: the identity itself or one of its groups. */
  descriptor: string;
  /** Display name of that identity or group, e.g. `[Analytics]\Readers`. */
  name: string;
  /** Group chain from the identity to the ACE's owner, outermost last; empty for the identity's own ACE. */
  via: string[];
  /** True when the token is an ancestor of the checked token (the bit reached it by inheritance). */
  inherited: boolean;
  effect: "allow" | "deny";
}

export interface PermissionResult {
  effective: Effective;
  /** For people; wording may change between versions. */
  reason: string;
  /** The token that was checked, e.g. `repoV2/{projectId}/{repoId}`. */
  token: string;
  decidedBy?: DecidingAce;
  /** Set when inheritance is switched off on some token in the chain and that cut off an ancestor's setting. */
  inheritanceBrokenAt?: string;
  /**
   * Present when Azure DevOps was asked for its own evaluation of this cell (`--verify`): `confirmed` when it
   * agrees, `mismatch` when it does not; then `effective` is the service's answer and `localEffective` this
   * tool's, computed from the ACLs and memberships the APIs list.
   */
  verification?: "confirmed" | "mismatch";
  localEffective?: Effective;
}

export interface RepositoryAudit {
  id: string;
  name: string;
  isDisabled: boolean;
  permissions: Record<RepositoryPermissionKey, PermissionResult>;
}

export interface ProjectAudit {
  id: string;
  name: string;
  permissions: Record<ProjectPermissionKey, PermissionResult>;
  repositories: RepositoryAudit[];
}

export type FindingId =
  | "stakeholder-access-level"
  | "entitlement-not-active"
  | "inactive-service-user"
  | "never-signed-in"
  | "inactive-service-principal"
  | "entitlement-unknown"
  | "tenant-mismatch"
  | "organization-not-connected-to-entra"
  | "evaluation-mismatch";

export interface Finding {
  id: FindingId;
  severity: "error" | "warning" | "info";
  message: string;
}

export interface VerificationSummary {
  mode: Exclude<VerifyMode, "none">;
  /** Requests the second opinion cost (one ACL query per namespace asked). */
  requests: number;
  /** Cells compared with the service's answer. */
  checked: number;
  confirmed: number;
  mismatched: number;
  /** Cells the service said nothing about (no ACL on the token or any ancestor). */
  unanswered: number;
}

export const VERIFY_MODES = ["missing", "all", "none"] as const;
/** `missing`: cells not allowed plus a fixed sample of allowed ones; `all`: every cell; `none`: local only. */
export type VerifyMode = (typeof VERIFY_MODES)[number];

export interface ReportIdentity {
  displayName: string;
  principalName: string;
  kind: "user" | "servicePrincipal";
  subjectDescriptor: string;
  descriptor: string;
  accessLevel: string | null;
  lastAccessedDate: string | null;
}

export interface AuditReport {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  organization: string;
  identity: ReportIdentity;
  /** True when every required permission is allowed on every enabled repository and no finding is an error. */
  ok: boolean;
  findings: Finding[];
  projects: ProjectAudit[];
  /**
   * The Entra tenant backing the organization (`X-VSS-ResourceTenant`), present only when it was compared with
   * the app's Directory (tenant) ID (`--tenant-id`); null = not connected to Entra ID.
   */
  organizationTenantId?: string | null;
  /** How the local evaluation was checked against Azure DevOps' own (absent with `--verify none`). */
  verification?: VerificationSummary;
}

/**
 * An AuditReport whose projects may be evaluated again, one project at a time, each time they are iterated: what
 * the JSON report is written from, so that a large organization's cells never all sit in memory at once. An
 * AuditReport is one (its projects are an array).
 */
export interface AuditView extends Omit<AuditReport, "projects"> {
  projects: Iterable<ProjectAudit>;
}
