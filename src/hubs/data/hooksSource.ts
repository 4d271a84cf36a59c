/**
 * What the Service hooks tab needs from the outside world: read the subscriptions in scope and analyse them
 * (src/ado reads, src/core analyses), and apply a clean-up plan made by src/core (src/ado writes, re-checking
 * each subscription right before). The production implementation is gatewayHooksSource.ts; tests use the
 * same core over fixed snapshots.
 *
 * `withLastReport` remembers the newest report read on the page, so another tab (Setup's hook health) can
 * show it without reading again.
 */
import type { HooksPlan, HooksReport, HooksSnapshot, StepResult } from "../../core/hooks/index";
import type { ReadProgress } from "./auditSource";

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

/** A read: the plain data, and the analysis of it. The plan is made from both (planHooksCleanup). */
export interface HooksRead {
  snapshot: HooksSnapshot;
  report: HooksReport;
}

export interface HooksSource {
  read(options: HooksReadOptions): Promise<HooksRead>;
  /** Applies the steps in order and says how each went; the caller reads again afterwards. */
  apply(plan: HooksPlan, options: HooksRunOptions): Promise<StepResult[]>;
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
  return {
    async read(options: HooksReadOptions): Promise<HooksRead> {
      const result = await source.read(options);
      if (options.signal.aborted) return result;
      last = result.report;
      for (const listener of [...listeners]) {
        try {
          listener(result.report);
        } catch {
          // A listener's failure is its own; the read that fed it succeeded.
        }
      }
      return result;
    },
    apply: (plan, options) => source.apply(plan, options),
    lastReport: () => last,
    onReport(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
