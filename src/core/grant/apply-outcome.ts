/**
 * What applying a grant plan did, change by change: the data `dbt-ado grant --format json` prints under
 * `apply` and the hub's result panel shows. Written by src/ado (write/grant.ts), read by the faces.
 */
import type { PlanChange } from "./model";

export interface AppliedChange {
  change: PlanChange;
  /** `written`: sent and accepted; `alreadyInPlace`: the entry already had every bit (nothing sent). */
  outcome: "written" | "alreadyInPlace";
  /** For ACEs: the identity's entry on the token as the service returned it after the write. */
  result?: { allow: number; deny: number };
}

export interface ApplyFailure {
  change: PlanChange;
  message: string;
  /** The gateway error kind (auth, forbidden, throttled, server, network, …), or `conflict` for a new deny. */
  kind: string;
}

export interface ApplyOutcome {
  applied: AppliedChange[];
  /** Set when a write failed; the writes after it were not attempted. */
  failed?: ApplyFailure;
  notAttempted: PlanChange[];
  /** Requests that wrote (POST accesscontrolentries, PUT memberships). */
  writes: number;
}

/** Where an apply stands: `completed` changes are done out of `total`; `message` is for people. */
export interface ApplyStep {
  completed: number;
  total: number;
  message: string;
}

/** Describes one change in a line, for progress and summaries. */
export function describeChange(change: PlanChange): string {
  if (change.kind === "membership") return `add to ${change.groupName}`;
  return `allow ${change.permissions.join(", ")} (${change.namespaceName} bits ${change.allow}) on ${change.token}`;
}

/** May the signed-in caller make a plan's writes? Answered by src/ado before anything is written. */
export interface CallerCheck {
  /** Who the token belongs to, for the message. */
  caller: string;
  /** False when at least one write is known to be refused. */
  canApply: boolean;
  /** One line per refused group of writes, saying what is missing where. */
  refused: string[];
  /** Checks that could not be made (the write itself will tell). */
  unchecked: string[];
}
