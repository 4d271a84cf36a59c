/**
 * Wraps the page's AuditSource so that what the Permissions tab finds out (which service user was picked,
 * whether it exists, the audit's verdict) is also published to the page's HubFacts for the Setup tab.
 * Results pass through unchanged: the Permissions tab cannot tell the difference.
 *
 * It also marks the moment an audit's data is ready (`AUDIT_READY_MARK` in the page's performance
 * timeline), which `npm run bench` measures the first matrix rows against.
 */
import { isAdoError } from "../../ado";
import type { AuditSource, IdentityChoice } from "../data/auditSource";
import type { HubFacts } from "./hubFacts";

export const AUDIT_READY_MARK = "dbt-ado:audit-ready";

export function recordAuditFacts<I extends IdentityChoice>(source: AuditSource<I>, facts: HubFacts): AuditSource<I> {
  const sameUser = (principalName: string) => facts.current().serviceUser?.principalName?.toLowerCase() === principalName.toLowerCase();
  return {
    // Suggestions say nothing about the service user until one is checked.
    ...(source.suggestIdentities ? { suggestIdentities: source.suggestIdentities.bind(source) } : {}),
    async resolveIdentity(query, signal) {
      try {
        const identity = await source.resolveIdentity(query, signal);
        const keepAudit = sameUser(identity.principalName);
        facts.publish({
          serviceUser: { chosen: true, found: true, displayName: identity.displayName, principalName: identity.principalName, kind: identity.kind },
          ...(keepAudit ? {} : { audit: undefined }),
        });
        return identity;
      } catch (error) {
        // Only "no such identity" is a fact about the organization; an ambiguous name, a cancel or a
        // network failure says nothing about the service user, so the facts stay as they were.
        if (isAdoError(error, "notFound")) {
          facts.publish({ serviceUser: { chosen: true, found: false, principalName: query.trim() }, audit: undefined });
        }
        throw error;
      }
    },
    async runAudit(identity, options) {
      const report = await source.runAudit(identity, options);
      markAuditReady();
      if (!options.signal.aborted) {
        const { displayName, principalName, kind } = report.identity;
        facts.publish({
          serviceUser: { chosen: true, found: true, displayName, principalName, kind },
          audit: { ok: report.ok, findings: report.findings, principalName },
        });
      }
      return report;
    },
  };
}

function markAuditReady(): void {
  // Absent in some test environments; a missing timeline must never break an audit.
  if (typeof performance !== "undefined" && typeof performance.mark === "function") {
    try {
      performance.mark(AUDIT_READY_MARK);
    } catch {
      // ignore
    }
  }
}
