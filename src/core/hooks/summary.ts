/**
 * The setup checklist's view of the hooks analysis: counts over dbt Cloud's subscriptions, one bucket per
 * subscription, taken from the state the analysis gave it (`HookState` lists the most urgent reason first,
 * so a disabled duplicate counts once, as a duplicate).
 */
import type { HookHealthSummary } from "../setup/checklist";
import type { HookState, HooksReport } from "./report";

/** Which bucket each state counts in; `unknownStatus` counts in none but the total (it is neither healthy nor known broken). */
const BUCKET: Readonly<Record<HookState, keyof Omit<HookHealthSummary, "total"> | null>> = {
  healthy: "healthy",
  failing: "failing",
  onProbation: "failing",
  disabledByUser: "disabled",
  disabledBySystem: "disabled",
  disabledByInactiveIdentity: "disabled",
  duplicate: "duplicates",
  unknownStatus: null,
};

export function hookHealthSummary(report: Pick<HooksReport, "dbtSubscriptions">): HookHealthSummary {
  if (!report || !Array.isArray(report.dbtSubscriptions)) {
    throw new Error("hookHealthSummary needs a hooks report with dbtSubscriptions (from analyzeHooks)");
  }
  const summary: HookHealthSummary = { total: 0, healthy: 0, failing: 0, disabled: 0, duplicates: 0 };
  for (const view of report.dbtSubscriptions) {
    // Counted apart from the buckets: a healthy subscription on a getdbt.com host is healthy today, and still must move.
    if (view.legacyHost) {
      summary.legacyHost = (summary.legacyHost ?? 0) + 1;
      summary.newAccessHost ??= view.legacyHost.newAccessHost ?? undefined;
    }
    if (!(view.state in BUCKET)) throw new Error(`Unknown hook state "${String(view.state)}" for subscription ${view.id}`);
    summary.total++;
    const bucket = BUCKET[view.state];
    if (bucket !== null) summary[bucket]++;
  }
  return summary;
}
