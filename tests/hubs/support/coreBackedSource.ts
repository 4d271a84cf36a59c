/**
 * An AuditSource for component tests that audits with the real core over a fixed snapshot, instead of
 * reading Azure DevOps. Identity lookup behaves like the gateway's: exact principal or display name,
 * AdoError "ambiguous" with candidates, AdoError "notFound" otherwise.
 */
import { AdoError } from "../../../src/ado/http/errors";
import { audit } from "../../../src/core/audit/audit";
import type { AuditReport } from "../../../src/core/audit/report";
import type { OrgSnapshot } from "../../../src/core/snapshot";
import { AuditCancelledError, type AuditSource, type IdentityChoice, type RunAuditOptions } from "../../../src/hubs/data/auditSource";

export interface CoreBackedSource extends AuditSource {
  /** Resolves when runAudit has been called and is waiting on `release()` (gated sources only). */
  started: Promise<void>;
  release(): void;
  audits: number;
}

export function coreBackedSource(
  snapshot: OrgSnapshot,
  options: { now: Date; gated?: boolean; ambiguousQuery?: string } = { now: new Date() },
): CoreBackedSource {
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  let release: () => void = () => undefined;
  const gate = options.gated ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
  const source: CoreBackedSource = {
    started,
    release: () => release(),
    audits: 0,
    async resolveIdentity(query: string): Promise<IdentityChoice> {
      const { identity } = snapshot;
      const q = query.trim().toLowerCase();
      if (q === options.ambiguousQuery?.toLowerCase()) {
        throw new AdoError("ambiguous", `"${query}" matches more than one identity in contoso.`, {
          candidates: [`${identity.displayName} <${identity.principalName}>`, "dbt Reader <dbt-reader@contoso.com>"],
        });
      }
      if (q === identity.principalName.toLowerCase() || q === identity.displayName.toLowerCase()) {
        return { displayName: identity.displayName, principalName: identity.principalName, kind: identity.kind };
      }
      throw new AdoError("notFound", `No user or service principal matching "${query}" was found in contoso.`);
    },
    async runAudit(identity: IdentityChoice, run: RunAuditOptions): Promise<AuditReport> {
      run.onProgress({ message: `Reading ${snapshot.projects.length} projects`, completed: 1, total: 3, requests: 4 });
      markStarted();
      await new Promise<void>((resolve, reject) => {
        run.signal.addEventListener("abort", () => reject(new AuditCancelledError()), { once: true });
        gate.then(resolve, reject);
      });
      source.audits++;
      return audit(snapshot, { now: options.now });
    },
  };
  return source;
}
