/**
 * The production GrantSource: reads, the caller check and the writes go through the hub's one gateway (the
 * audit source's, so the same token, hosts, throttling and request count; see `GatewayAuditSource.withGateway`),
 * the plan is src/core's. The project hub passes its project, so the state read and the plan cover only it.
 */
import { applyPlan, type ApplyStep } from "../../ado/write/grant";
import { checkCallerCanApply } from "../../ado/write/caller-check";
import type { AdoGateway } from "../../ado/gateway";
import { planGrants } from "../../core/grant/planner";
import type { RunAuditOptions } from "./auditSource";
import type { ApplyProgress, GrantSource } from "./grantSource";

export interface GatewayGrantSourceOptions {
  /** The hub's gateway runner (`GatewayAuditSource`). */
  gateway: { withGateway<T>(run: RunAuditOptions, work: (gateway: AdoGateway) => Promise<T>): Promise<T> };
  /** Project ids or names in scope; every project when absent (the organization hub). */
  projects?: string[];
  /** The clock the plan's notes (inactivity findings) are measured against; default: now. */
  now?: () => Date;
}

/** Writes are not cancellable half-way (a request may already have reached the service): runs that never abort. */
function uninterruptible(onProgress: RunAuditOptions["onProgress"] = () => undefined): RunAuditOptions {
  return { signal: new AbortController().signal, onProgress };
}

export function createGatewayGrantSource(options: GatewayGrantSourceOptions): GrantSource {
  const { gateway, projects } = options;
  const now = options.now ?? (() => new Date());
  return {
    readState(identity, run) {
      return gateway.withGateway(run, (ado) => ado.readSnapshot({ identity: identity.descriptor, projects }));
    },
    plan(state, scope) {
      return planGrants(state, { scope, now: now() });
    },
    checkCaller(plan, state) {
      return gateway.withGateway(uninterruptible(), (ado) => checkCallerCanApply(ado.clients, plan, state.groups));
    },
    apply(plan, onProgress) {
      const total = plan.changes.length;
      let completed = 0;
      const report = (message: string, step: ApplyStep) => {
        completed = step.completed;
        const progress: ApplyProgress = { completed, total, message };
        onProgress(progress);
      };
      // The transport's own messages (throttling, retries) show under the current count.
      const transportProgress = (progress: { message: string }) => onProgress({ completed, total, message: progress.message });
      return gateway.withGateway(uninterruptible(transportProgress), async (ado) => {
        const outcome = await applyPlan(ado.clients, plan, { onProgress: report });
        if (!outcome.failed) onProgress({ completed: total, total, message: `Applied ${total} of ${total} changes` });
        return outcome;
      });
    },
  };
}
