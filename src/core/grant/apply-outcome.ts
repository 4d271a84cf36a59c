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
  /** The answer to the write was lost (the connection dropped); the re-read afterwards shows it was applied. */
  settledByReRead?: true;
}

/** A write whose answer was lost and whose effect the re-read afterwards could not settle. */
export interface UnknownOutcome {
  change: PlanChange;
  message: string;
}

/**
 * A deny bit the identity's entry had before the writes and no longer had after them (someone or something
 * removed it meanwhile), put back with a merge so that a grant never leaves an entry with fewer denies.
 */
export interface DenyRestore {
  change: PlanChange;
  token: string;
  descriptor: string;
  /** The deny bits that were gone. */
  deny: number;
  restored: boolean;
  /** Why the restore failed, when it did. */
  message?: string;
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
  /** Writes that were in flight when `failed` happened and failed as well (nothing applied for them). */
  alsoFailed?: ApplyFailure[];
  /** Writes whose outcome is unknown: sent, answer lost, and the re-read could not tell. */
  unknown?: UnknownOutcome[];
  /** Deny bits found gone after the writes, and whether they were put back. */
  denyRestores?: DenyRestore[];
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
