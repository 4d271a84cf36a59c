/**
 * What the Permissions view needs from the outside world: find an identity, then read the organization
 * and audit it. The production implementation (gatewayAuditSource.ts) reads through src/ado and audits
 * with src/core; tests use the same core over a fixed snapshot.
 */
import type { AuditReport } from "../../core/audit/report";

/** The identity as the admin picked it; what the hub shows before the report exists. */
export interface IdentityChoice {
  displayName: string;
  principalName: string;
  kind: "user" | "servicePrincipal";
}

export interface ReadProgress {
  /** One line for people, e.g. "Reading repositories of Analytics". */
  message: string;
  completed?: number;
  total?: number;
  /** HTTP requests sent so far, when known. */
  requests?: number;
}

export interface RunAuditOptions {
  signal: AbortSignal;
  onProgress: (progress: ReadProgress) => void;
}

/** A user or service principal offered while the admin types, as the Azure DevOps people picker shows one. */
export interface IdentitySuggestion extends IdentityChoice {
  /** Graph subject descriptor: checking a picked suggestion looks up exactly this identity. */
  subjectDescriptor: string;
}

export interface AuditSource<I extends IdentityChoice = IdentityChoice> {
  resolveIdentity(query: string, signal?: AbortSignal): Promise<I>;
  runAudit(identity: I, options: RunAuditOptions): Promise<AuditReport>;
  /** Users and service principals matching what was typed; absent: no suggestions are offered. */
  suggestIdentities?(text: string, signal: AbortSignal): Promise<IdentitySuggestion[]>;
}

/** Thrown by an AuditSource when the admin cancelled; the view shows it as "cancelled", not as an error. */
export class AuditCancelledError extends Error {
  override readonly name = "AuditCancelledError";
  constructor() {
    super("Cancelled");
  }
}

export function isCancellation(error: unknown, signal?: AbortSignal): boolean {
  return error instanceof AuditCancelledError || (error instanceof Error && error.name === "AbortError") || (signal?.aborted ?? false);
}
