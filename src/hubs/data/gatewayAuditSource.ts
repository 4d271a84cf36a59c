/**
 * The production AuditSource: identity lookup and organization reads through the gateway (src/ado), the
 * audit itself by src/core. Cancelling aborts the requests in flight (the gateway's fetch is wrapped with
 * the run's AbortSignal) and discards anything that still arrives.
 */
import { audit } from "../../core/audit/audit";
import type { AuditReport } from "../../core/audit/report";
import { AdoGateway } from "../../ado/gateway";
import type { AuthProvider } from "../../ado/http/auth";
import { AdoError } from "../../ado/http/errors";
import type { IdentityRef } from "../../ado/read/identity-resolution";
import type { Organization } from "../../ado/organization";
import type { HostResolver } from "../../ado/resource-areas";
import type { RetryOptions } from "../../ado/http/retry-policy";
import type { FetchFunction } from "../../ado/http/transport";
import { AuditCancelledError, type AuditSource, type ReadProgress, type RunAuditOptions } from "./auditSource";

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

/** The audit source, and other work (service hooks) on its one gateway with a run's cancellation and progress. */
export interface GatewayAuditSource extends AuditSource<HubIdentity> {
  withGateway<T>(run: RunAuditOptions, work: (gateway: AdoGateway) => Promise<T>): Promise<T>;
}

export function createGatewayAuditSource(options: GatewayAuditSourceOptions): GatewayAuditSource {
  const baseFetch: FetchFunction = options.fetch ?? ((url, init) => fetch(url, init));
  let current: { signal: AbortSignal; onProgress: (progress: ReadProgress) => void } | undefined;
  let gateway: AdoGateway | undefined;

  const abortableFetch: FetchFunction = async (url, init) => {
    const signal = current?.signal;
    if (!signal) return baseFetch(url, init);
    // An AdoError passes through the transport as is; a plain AbortError would look like a timeout
    // there and be retried after a pause.
    const cancelled = () => new AdoError("network", "Cancelled.", { url });
    if (signal.aborted) throw cancelled();
    const signals = init.signal ? [init.signal, signal] : [signal];
    try {
      return await baseFetch(url, { ...init, signal: anySignal(signals) });
    } catch (error) {
      throw signal.aborted ? cancelled() : error;
    }
  };
  const onProgress = (message: string) => {
    current?.onProgress({ message, requests: gateway?.requestCount() });
  };
  gateway = new AdoGateway({
    org: options.org,
    auth: options.auth,
    hosts: options.hosts,
    onProgress,
    fetch: abortableFetch,
    retry: options.retry,
  });
  const activeGateway = gateway;

  // One run at a time: the gateway's fetch and progress follow `current`, so an overlapping run (the Service
  // hooks tab reading while an audit is under way) would take over the first run's cancellation and progress.
  // A run waits for the previous one to settle, and can be cancelled while it waits.
  let previousRun: Promise<unknown> = Promise.resolve();
  async function within<T>(run: { signal: AbortSignal; onProgress: (p: ReadProgress) => void }, work: () => Promise<T>): Promise<T> {
    const waitFor = previousRun;
    let settle!: () => void;
    previousRun = new Promise<void>((resolve) => (settle = resolve));
    try {
      await raceAbort(waitFor.catch(() => undefined), run.signal);
      current = run;
      return await raceAbort(work(), run.signal);
    } finally {
      if (current === run) current = undefined;
      settle();
    }
  }

  return {
    resolveIdentity(query: string, signal?: AbortSignal): Promise<HubIdentity> {
      const run = { signal: signal ?? new AbortController().signal, onProgress: () => undefined };
      return within(run, () => activeGateway.resolveIdentity(query));
    },
    runAudit(identity: HubIdentity, run: RunAuditOptions): Promise<AuditReport> {
      return within(run, async () => {
        const snapshot = await activeGateway.readSnapshot({ identity: identity.descriptor, projects: options.projects });
        run.onProgress({ message: "Evaluating permissions", requests: activeGateway.requestCount() });
        return audit(snapshot, { now: (options.now ?? (() => new Date()))() });
      });
    },
    withGateway<T>(run: RunAuditOptions, work: (gateway: AdoGateway) => Promise<T>): Promise<T> {
      return within(run, () => work(activeGateway));
    },
  };
}

/** Rejects with AuditCancelledError as soon as `signal` aborts, whatever `work` does afterwards. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AuditCancelledError());
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) onAbort();
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(signal.aborted ? new AuditCancelledError() : error);
      },
    );
  });
}

/** AbortSignal.any where available (Chromium 116+, Node 20.3+), else a manual merge. */
function anySignal(signals: AbortSignal[]): AbortSignal {
  const any = (AbortSignal as unknown as { any?: (signals: AbortSignal[]) => AbortSignal }).any;
  if (any) return any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}
