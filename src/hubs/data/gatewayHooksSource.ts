/**
 * The production HooksSource: the hooks flow (src/flows) over the hub's one gateway (the audit source's, so
 * the same token, hosts, throttling and request count). The project hub passes its project, so only that
 * project's subscriptions are read (and no organization-wide ones, as `dbt-ado hooks list --project` does).
 */
import type { AdoGateway } from "../../ado";
import { cleanUpHooks, readHooks, type HooksRequest } from "../../flows";
import { cancellable } from "./gatewayAuditSource";
import type { HooksReadOptions, HooksSource } from "./hooksSource";

export interface GatewayHooksSourceOptions {
  gateway: AdoGateway;
  /** Project ids or names in scope; every project (and organization-wide subscriptions) when absent. */
  projects?: string[];
}

export function createGatewayHooksSource(options: GatewayHooksSourceOptions): HooksSource {
  const { gateway, projects } = options;
  const requestOf = (run: HooksReadOptions): HooksRequest => ({
    projects,
    accessUrl: run.accessUrl?.trim() || undefined,
    dbtAccountId: run.dbtAccountId?.trim() || undefined,
  });
  return {
    read(run) {
      return cancellable(readHooks(gateway, requestOf(run), run), run.signal);
    },
    cleanUp(plan, run) {
      return cancellable(cleanUpHooks(gateway, requestOf(run), plan, run), run.signal);
    },
  };
}
