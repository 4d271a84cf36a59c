/**
 * The production GrantSource: the grant flow (src/flows) over the hub's one gateway (the audit source's, so
 * the same token, hosts, throttling and request count). The project hub passes its project, so the state
 * read and the plan cover only it.
 */
import type { AdoGateway } from "../../ado";
import { applyGrant, checkCaller, planGrant, readGrantState } from "../../flows";
import { cancellable } from "./gatewayAuditSource";
import type { GrantSource } from "./grantSource";

export interface GatewayGrantSourceOptions {
  gateway: AdoGateway;
  /** Project ids or names in scope; every project when absent (the organization hub). */
  projects?: string[];
  /** The clock the plan's notes (inactivity findings) are measured against; default: now. */
  now?: () => Date;
}

export function createGatewayGrantSource(options: GatewayGrantSourceOptions): GrantSource {
  const { gateway, projects, now } = options;
  return {
    readState(identity, run) {
      return cancellable(readGrantState(gateway, { identity: identity.descriptor, projects }, { ...run, now }), run.signal);
    },
    plan(state, scope) {
      return planGrant(state, scope, { now });
    },
    async checkCaller(plan, state) {
      const check = await checkCaller(gateway, plan, state, { now });
      return check ?? { caller: "", canApply: true, refused: [], unchecked: [] };
    },
    apply(identity, plan, scope, onProgress) {
      // The transport's own messages (throttling, retries) show under the last count.
      let completed = 0;
      const total = plan.changes.length;
      // A hub refreshes its matrix from the re-read even after a partial apply.
      return applyGrant(
        gateway,
        { identity: identity.descriptor, projects, scope },
        plan,
        { verify: "always" },
        {
          now,
          onProgress: (progress) => {
            completed = progress.completed ?? completed;
            onProgress({ completed, total, message: progress.message });
          },
        },
      );
    },
  };
}
