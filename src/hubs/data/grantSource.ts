/**
 * What the "Grant missing permissions" panel needs from the outside world: read the organization as it is
 * now, plan (src/core), ask whether the signed-in user may make the writes, and apply them. The production
 * implementation (gatewayGrantSource.ts) reads and writes through src/ado with the hub's one gateway; tests
 * use the same core over a snapshot held in memory.
 */
import type { ApplyOutcome, CallerCheck } from "../../core/grant/apply-outcome";
import type { GrantPlan, GrantScope } from "../../core/grant/model";
import type { OrgSnapshot } from "../../core/snapshot";
import type { GrantApplyResult } from "../../flows";
import type { RunAuditOptions } from "./auditSource";

export type { ApplyOutcome, CallerCheck, GrantApplyResult };

/** The identity to grant to: the one the report on screen was made for. */
export interface GrantIdentity {
  displayName: string;
  principalName: string;
  /** Identity descriptor (what ACEs are keyed by); the snapshot is read for it. */
  descriptor: string;
}

/** Where applying a plan has got to. */
export interface ApplyProgress {
  /** Changes finished so far. */
  completed: number;
  total: number;
  /** One line for people: the change being written, or why it stopped. */
  message: string;
}

export interface GrantSource {
  /**
   * Reads the organization as it is now, for the identity (its groups and every ACL in scope): the state
   * plans are made from. A fresh read, so a plan never rests on what the matrix showed minutes ago.
   */
  readState(identity: GrantIdentity, run: RunAuditOptions): Promise<OrgSnapshot>;
  /** The least-privilege plan for that state at a scope (src/core planGrants). */
  plan(state: OrgSnapshot, scope: GrantScope): GrantPlan;
  /** May the signed-in user make the plan's writes? (src/flows checkCaller) */
  checkCaller(plan: GrantPlan, state: OrgSnapshot): Promise<CallerCheck>;
  /**
   * Writes the plan (a few writes at a time, none started after the first failure), then re-reads the organization and
   * verifies the result with src/core's rule (src/flows applyGrant).
   */
  apply(identity: GrantIdentity, plan: GrantPlan, scope: GrantScope, onProgress: (progress: ApplyProgress) => void): Promise<GrantApplyResult>;
}
