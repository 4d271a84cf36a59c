/**
 * What the Permissions tab of one hub page has learned, kept in memory for the page's life so the Setup tab
 * can show it: the service user picked, whether it exists, and its last audit result. The Permissions tab's
 * audit source publishes here (recordAuditFacts.ts); the Setup tab subscribes. Nothing here is persisted.
 * (Service hook health comes from the hooks source's last report instead: data/hooksSource.ts.)
 */
import type { ServiceUserFact } from "../../core/setup/checklist";
import type { AuditReport } from "../../core/audit/report";

export interface AuditFact extends Pick<AuditReport, "ok" | "findings"> {
  /** The identity the audit was about (its principal name). */
  principalName: string;
}

export interface HubFactsSnapshot {
  /** Undefined until the Permissions tab looked an identity up. */
  serviceUser?: ServiceUserFact;
  /** The last completed audit of `serviceUser`; cleared when another identity is looked up. */
  audit?: AuditFact;
}

export interface HubFacts {
  current(): HubFactsSnapshot;
  /** Replaces the given facts (an explicit `undefined` clears one) and notifies the subscribers. */
  publish(patch: Partial<HubFactsSnapshot>): void;
  /** Calls `listener` after every publish; returns the unsubscribe function. */
  subscribe(listener: (facts: HubFactsSnapshot) => void): () => void;
}

export function createHubFacts(initial: HubFactsSnapshot = {}): HubFacts {
  let facts: HubFactsSnapshot = { ...initial };
  const listeners = new Set<(facts: HubFactsSnapshot) => void>();
  return {
    current: () => facts,
    publish(patch) {
      // A new object each time, so React sees the change.
      facts = { ...facts, ...patch };
      for (const listener of [...listeners]) listener(facts);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
