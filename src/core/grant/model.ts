/**
 * The grant plan: the data `dbt-ado grant` prints (`--format json`), turns into an `az` script, and applies,
 * and that the settings hubs render. Plain data, no behaviour.
 *
 * A plan only ever adds: allow bits merged into the identity's own ACEs (`merge: true`, never a deny, never a
 * bit the identity's own ACE denies on that token) and memberships of a project's Readers group. What no allow
 * can fix is listed as blocked, with the change an administrator would have to make by hand.
 */
import type { NamespaceKey, PermissionKey } from "../permissions/catalogue";
import type { DecidingAce, Effective } from "../audit/report";

export const PLAN_SCHEMA_VERSION = 1 as const;

/**
 * Where allows are written, from the widest to the narrowest:
 * - `org`: the namespace roots (`PublisherSecurity`, `repoV2`);
 * - `project` (default): `PublisherSecurity/{projectId}`, `repoV2/{projectId}`;
 * - `repo`: `repoV2/{projectId}/{repoId}` for each repository (and `PublisherSecurity/{projectId}`).
 * Project read is always a membership of the project's Readers group.
 */
export type GrantScope = "org" | "project" | "repo";

export const GRANT_SCOPES: readonly GrantScope[] = ["org", "project", "repo"];

/** One required permission on one project (or repository of it): a cell of the audit. */
export interface PlanCell {
  projectId: string;
  projectName: string;
  repositoryId?: string;
  repositoryName?: string;
  permission: PermissionKey;
  namespace: NamespaceKey;
  bit: number;
  /** The token the permission is checked on (the most specific one). */
  token: string;
}

/** The level of the security hierarchy a change is written at. */
export type TokenLevel = "organization" | "project" | "repository";

export interface AceGrant {
  kind: "ace";
  namespace: NamespaceKey;
  /** The security namespace id, as the REST API and `az --namespace-id` take it. */
  namespaceId: string;
  /** `ServiceHooks`, `Git Repositories`, `Project`. */
  namespaceName: string;
  token: string;
  level: TokenLevel;
  /** Set for project- and repository-level tokens. */
  projectId?: string;
  projectName?: string;
  repositoryId?: string;
  repositoryName?: string;
  /** The identity descriptor the ACE is written for (the audited identity, never a group). */
  descriptor: string;
  /** Only the allow bits that are missing from the identity's own ACE on this token. */
  allow: number;
  /** The action names of those bits, e.g. ["GenericContribute"]. */
  permissions: PermissionKey[];
  /** The cells this change makes effectively allowed. */
  fixes: PlanCell[];
  /** Why this change, and why on this token. */
  reason: string;
}

export interface MembershipGrant {
  kind: "membership";
  projectId: string;
  projectName: string;
  /** Identity descriptor of the Readers group (what ACEs are keyed by). */
  groupDescriptor: string;
  /** Graph subject descriptor of the group (`vssgp.…`): the container of the Graph membership PUT. */
  groupSubjectDescriptor: string;
  /** `[Analytics]\Readers`. */
  groupName: string;
  /** Identity descriptor of the audited identity. */
  memberDescriptor: string;
  /** Graph subject descriptor of the audited identity (`aad.…`, `aadsp.…`): the subject of the PUT. */
  memberSubjectDescriptor: string;
  /** Always includes GENERIC_READ (Project Reader); lists what else the group's ACEs bring. */
  permissions: PermissionKey[];
  fixes: PlanCell[];
  reason: string;
}

export type PlanChange = MembershipGrant | AceGrant;

/** A cell no allow can fix: a deny decides it on the most specific token. */
export interface BlockedItem {
  cell: PlanCell;
  /** What the evaluator says after every allow the plan could add. */
  effective: Effective;
  reason: string;
  decidedBy?: DecidingAce;
  /** The change an administrator would have to make by hand, in words. */
  manualFix: string;
  /**
   * The same as `az` commands, for review; the tool never runs them, because they remove a deny (which it
   * never does by itself).
   */
  manualCommands: string[];
}

export interface PlanIdentity {
  displayName: string;
  principalName: string;
  kind: "user" | "servicePrincipal";
  descriptor: string;
  subjectDescriptor: string;
}

export interface PlanSummary {
  /** Cells (enabled repositories only) not effectively allowed before the plan. */
  missing: number;
  /** Of those, how many the plan fixes. */
  fixed: number;
  blocked: number;
  /** Writes the plan needs: one per change. */
  aceWrites: number;
  membershipWrites: number;
  /** Disabled repositories left out of the plan. */
  skippedDisabledRepositories: number;
}

export interface GrantPlan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  organization: { name: string; url: string };
  identity: PlanIdentity;
  scope: GrantScope;
  /** Projects the plan covers (ids). */
  projectIds: string[];
  /** Memberships first (they change which group ACEs apply), then ACEs by namespace and token. */
  changes: PlanChange[];
  blocked: BlockedItem[];
  /**
   * True when applying `changes` to the snapshot and re-evaluating leaves exactly the blocked cells
   * not allowed (the planner checks its own plan with the same evaluator the audit uses).
   */
  verified: boolean;
  /** Problems grants cannot fix (e.g. a Stakeholder access level), from the audit's error findings. */
  notes: string[];
  summary: PlanSummary;
}
