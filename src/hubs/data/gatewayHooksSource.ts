/**
 * The production HooksSource: reads and writes go through the hub's one gateway (the audit source's, so the
 * same token, hosts, throttling and request count; see `GatewayAuditSource.withGateway`), the analysis is
 * src/core's. The project hub passes its project, so only that project's subscriptions are read (and no
 * organization-wide ones, as `dbt-ado hooks list --project` does).
 */
import { analyzeHooks } from "../../core/hooks/index";
import type { AdoGateway } from "../../ado/gateway";
import { applyHooksPlan, readHooksSnapshot } from "../../ado/hooks";
import type { HooksRead, HooksReadOptions, HooksRunOptions, HooksSource } from "./hooksSource";

/** Runs work on the hub's gateway with a run's cancellation and progress. */
export type GatewayRunner = <T>(run: HooksRunOptions, work: (gateway: AdoGateway) => Promise<T>) => Promise<T>;

export interface GatewayHooksSourceOptions {
  gateway: { withGateway: GatewayRunner };
  /** Project ids or names in scope; every project (and organization-wide subscriptions) when absent. */
  projects?: string[];
}

export function createGatewayHooksSource(options: GatewayHooksSourceOptions): HooksSource {
  const { gateway, projects } = options;
  return {
    read(run: HooksReadOptions): Promise<HooksRead> {
      return gateway.withGateway(run, async (ado) => {
        const accessUrl = run.accessUrl?.trim() || undefined;
        const snapshot = await readHooksSnapshot(ado, {
          projects,
          accessUrl,
          onProgress: (message) => run.onProgress({ message, requests: ado.requestCount() }),
        });
        run.onProgress({ message: "Analysing the subscriptions", requests: ado.requestCount() });
        const dbtAccountId = run.dbtAccountId?.trim() || undefined;
        return { snapshot, report: analyzeHooks(snapshot, { accessUrl, dbtAccountId }) };
      });
    },
    apply(plan, run) {
      return gateway.withGateway(run, (ado) =>
        applyHooksPlan(ado, plan, { onProgress: (message) => run.onProgress({ message, requests: ado.requestCount() }) }),
      );
    },
  };
}
