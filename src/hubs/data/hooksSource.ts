/**
 * What the Service hooks tab needs from the outside world: read the subscriptions in scope and analyse them
 * (src/ado reads, src/core analyses), and apply a clean-up plan made by src/core (src/ado writes, re-checking
 * each subscription right before). The production implementation is gatewayHooksSource.ts; tests use the
 * same core over fixed snapshots.
 *
 * `withLastReport` remembers the newest report read on the page, so another tab (Setup's hook health) can
 * show it without reading again.
 */
import type { HooksPlan, HooksReport } from "../../core/hooks/index";
import type { HooksCleanupResult, HooksRead } from "../../flows";
import type { ReadProgress } from "./auditSource";

export type { HooksCleanupResult, HooksRead };

export interface HooksRunOptions {
  signal: AbortSignal;
  onProgress: (progress: ReadProgress) => void;
}

export interface HooksReadOptions extends HooksRunOptions {
  /** The dbt Cloud access URL, so a single-tenant host on the customer's own domain counts as dbt Cloud's. */
  accessUrl?: string;
  /** The dbt Cloud account id, for links straight to the account's projects. */
  dbtAccountId?: string;
}

export interface HooksSource {
  read(options: HooksReadOptions): Promise<HooksRead>;
  /** Applies the steps in order, says how each went, and re-reads (src/flows cleanUpHooks). */
  cleanUp(plan: HooksPlan, options: HooksReadOptions): Promise<HooksCleanupResult>;
}

/** The newest hooks report on this page. */
export interface LastHooksReport {
  lastReport(): HooksReport | undefined;
  /** Called after every read with its report; returns the function that stops the calls. */
  onReport(listener: (report: HooksReport) => void): () => void;
}

export type HooksService = HooksSource & LastHooksReport;

/** The source, remembering each report it reads (a failed or cancelled read leaves the last one). */
export function withLastReport(source: HooksSource): HooksService {
  let last: HooksReport | undefined;
  const listeners = new Set<(report: HooksReport) => void>();
  const remember = (report: HooksReport) => {
    last = report;
    for (const listener of [...listeners]) {
      try {
        listener(report);
      } catch {
        // A listener's failure is its own; the read that fed it succeeded.
      }
    }
  };
  return {
    async read(options: HooksReadOptions): Promise<HooksRead> {
      const result = await source.read(options);
      if (!options.signal.aborted) remember(result.report);
      return result;
    },
    async cleanUp(plan, options) {
      const result = await source.cleanUp(plan, options);
      if (!options.signal.aborted) remember(result.after.report);
      return result;
    },
    lastReport: () => last,
    onReport(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
