/**
 * The audited identity's own ACEs, which the planner reads for two reasons: bits they already allow are not
 * written again, and bits they deny are never allowed on the same token (with `merge: true` an incoming allow
 * clears the same bit's deny (inferred: https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries), and the tool never overrides a deny). Also: which cells no
 * allow can fix at all.
 */
import type { NamespaceKey } from "../permissions/catalogue";
import { normalizeDescriptor } from "../permissions/descriptors";
import { aclIndexFor, type AclIndex, type AclIndexCache } from "../permissions/evaluate";
import { evaluateCells, type EvaluatedCell } from "./cells";
import { simulateWrites, type AceWrite } from "./simulate";
import type { OrgSnapshot } from "../snapshot";
import { normalizeToken } from "../permissions/tokens";

export class OwnAces {
  private readonly indexes = new Map<NamespaceKey, AclIndex>();
  private readonly self: string;

  constructor(
    private readonly snapshot: OrgSnapshot,
    /** The planner's indexes: the snapshot's are the ones its first audit built. */
    private readonly cache?: AclIndexCache,
  ) {
    this.self = normalizeDescriptor(snapshot.identity.descriptor);
  }

  get(namespace: NamespaceKey, token: string): { allow: number; deny: number } {
    let index = this.indexes.get(namespace);
    if (!index) {
      index = aclIndexFor(namespace, this.snapshot.acls[namespace] ?? [], this.cache, { retainChains: this.cache !== undefined });
      this.indexes.set(namespace, index);
    }
    const ace = index.byToken.get(normalizeToken(namespace, token))?.aces.find((candidate) => candidate.key === this.self);
    return { allow: ace?.allow ?? 0, deny: ace?.deny ?? 0 };
  }

  denies(namespace: NamespaceKey, token: string, bit: number): boolean {
    return (this.get(namespace, token).deny & bit) !== 0;
  }
}

/**
 * The cells that stay not allowed even with the identity's own allow on the token each is checked on (where
 * that ACE does not deny it): a deny decides them on the most specific token, so no allow can fix them.
 */
export function unfixable(state: OrgSnapshot, gaps: Map<string, EvaluatedCell>, own: OwnAces, cache?: AclIndexCache): Map<string, EvaluatedCell> {
  if (gaps.size === 0) return new Map();
  const descriptor = state.identity.descriptor;
  const best: AceWrite[] = [...gaps.values()]
    .filter(({ cell }) => !own.denies(cell.namespace, cell.token, cell.bit))
    .map(({ cell }) => ({ namespace: cell.namespace, token: cell.token, descriptor, allow: cell.bit }));
  const cells = evaluateCells(
    simulateWrites(state, best, []),
    [...gaps.values()].map(({ cell }) => cell),
    cache,
  );
  const result = new Map<string, EvaluatedCell>();
  for (const key of gaps.keys()) {
    const evaluated = cells.get(key);
    if (evaluated && evaluated.result.effective !== "allow") result.set(key, evaluated);
  }
  return result;
}
