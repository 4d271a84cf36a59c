/**
 * What the Setup tab's "Migrate to a service principal" panel needs: compare the service user dbt Cloud uses
 * today with the app's service principal (the migrate flow, one read of the organization), ask whether the
 * signed-in user may make the service principal's grants, and apply them (nothing of the service user changes).
 * The production implementation goes through src/flows over the hub's one gateway; tests use the same flows
 * over the emulator.
 */
import type { AdoGateway } from "../../ado";
import type { CallerCheck } from "../../core/grant/apply-outcome";
import type { GrantScope } from "../../core/grant/model";
import { applyMigration, checkCaller, findMigrationPair, readMigration, type GrantApplyResult, type MigrationState } from "../../flows";
import type { IdentityChoice, RunAuditOptions } from "./auditSource";
import { cancellable } from "./gatewayAuditSource";
import type { ApplyProgress } from "./grantSource";

export interface MigrationPreview {
  from: IdentityChoice;
  to: IdentityChoice;
  state: MigrationState;
  /** Whether the signed-in user may make the plan's writes; absent when there is nothing to write. */
  callerCheck?: CallerCheck;
}

export interface MigrationSource {
  /** Finds both identities (refused as a pair unless a user moving to a service principal) and compares them. */
  preview(names: { from: string; to: string }, run: RunAuditOptions): Promise<MigrationPreview>;
  /** Grants the service principal what the preview planned, then re-reads it. */
  apply(preview: MigrationPreview, onProgress: (progress: ApplyProgress) => void): Promise<GrantApplyResult>;
}

export interface GatewayMigrationSourceOptions {
  gateway: AdoGateway;
  /** Project ids or names in scope; every project when absent (the organization hub). */
  projects?: string[];
  now?: () => Date;
}

/** The project scope, as `dbt-ado migrate` defaults to. */
const SCOPE: GrantScope = "project";

export function createGatewayMigrationSource(options: GatewayMigrationSourceOptions): MigrationSource {
  const { gateway, projects, now } = options;
  const requests = new WeakMap<MigrationPreview, { from: string; to: string }>();
  return {
    async preview(names, run) {
      const context = { ...run, now };
      const pair = await cancellable(findMigrationPair(gateway, names, context), run.signal);
      const request = { from: pair.from.descriptor, to: pair.to.descriptor, projects, scope: SCOPE };
      const state = await cancellable(readMigration(gateway, request, context), run.signal);
      const callerCheck = (await checkCaller(gateway, state.plan, state.toSnapshot, context)) ?? undefined;
      const preview: MigrationPreview = { from: pair.from, to: pair.to, state, ...(callerCheck ? { callerCheck } : {}) };
      requests.set(preview, { from: pair.from.descriptor, to: pair.to.descriptor });
      return preview;
    },
    apply(preview, onProgress) {
      const names = requests.get(preview);
      if (!names) throw new Error("Compare both identities before applying.");
      const total = preview.state.plan.changes.length;
      let completed = 0;
      return applyMigration(gateway, { ...names, projects, scope: SCOPE }, preview.state.plan, {
        now,
        onProgress: (progress) => {
          completed = progress.completed ?? completed;
          onProgress({ completed, total, message: progress.message });
        },
      });
    },
  };
}
