/**
 * The production AuditSource: the audit flow (src/flows) over the hub's one gateway. Each run gets its own
 * cancellation and progress from the gateway (`AdoGateway.scoped`), so the Permissions and Service hooks tabs
 * can read at once; this file only translates a cancelled run into the view's AuditCancelledError.
 */
import {
  AdoGateway,
  type AuthProvider,
  type FetchFunction,
  type HostResolver,
  type IdentityRef,
  type Organization,
  type RetryOptions,
} from "../../ado";
import type { AuditReport } from "../../core/audit/report";
import { findIdentity, runAudit, suggestIdentities } from "../../flows";
import { AuditCancelledError, type AuditSource, type RunAuditOptions } from "./auditSource";

export interface GatewayAuditSourceOptions {
  org: Organization;
  auth: AuthProvider;
  hosts: HostResolver;
  /** Project ids or names to read; every project when absent (the organization hub). */
  projects?: string[];
  now?: () => Date;
  fetch?: FetchFunction;
  /** Retry policy of the gateway (its defaults otherwise). */
  retry?: RetryOptions;
}

export type HubIdentity = IdentityRef;

/** The audit source, and the hub's one gateway that the grant and hooks sources share. */
export interface GatewayAuditSource extends AuditSource<HubIdentity> {
  readonly gateway: AdoGateway;
}

export function createGatewayAuditSource(options: GatewayAuditSourceOptions): GatewayAuditSource {
  const gateway = new AdoGateway({ org: options.org, auth: options.auth, hosts: options.hosts, fetch: options.fetch, retry: options.retry });
  return {
    gateway,
    resolveIdentity(query: string, signal?: AbortSignal): Promise<HubIdentity> {
      return cancellable(findIdentity(gateway, query, { signal }), signal);
    },
    suggestIdentities(text: string, signal: AbortSignal) {
      return cancellable(suggestIdentities(gateway, text, { signal }), signal);
    },
    async runAudit(identity: HubIdentity, run: RunAuditOptions): Promise<AuditReport> {
      const result = await cancellable(
        runAudit(gateway, { identity: identity.descriptor, projects: options.projects }, { ...run, now: options.now }),
        run.signal,
      );
      return result.report;
    },
  };
}

/** The run's outcome, or AuditCancelledError once its signal aborted (whatever the cancelled request threw). */
export async function cancellable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  try {
    const value = await work;
    if (signal?.aborted) throw new AuditCancelledError();
    return value;
  } catch (error) {
    throw signal?.aborted ? new AuditCancelledError() : error;
  }
}
