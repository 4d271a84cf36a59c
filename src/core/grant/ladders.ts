/**
 * Where each allow goes: every open cell starts on the widest token its scope allows (skipping tokens whose own
 * ACE denies the bit) and moves one token down each time re-evaluation shows the allow there does not win.
 * Cells on the same token share one ACE write carrying only the bits the identity's own ACE lacks.
 */
import type { NamespaceKey } from "../permissions/catalogue";
import { cellKey, tokenLadder } from "./cells";
import type { GrantScope, PlanCell, PlanIdentity } from "./model";
import type { OwnAces } from "./own-entries";
import type { AceWrite } from "./simulate";
import type { PermissionResult } from "../audit/report";
import { normalizeToken } from "../permissions/tokens";

export interface TokenWrite {
  namespace: NamespaceKey;
  token: string;
  /** Missing bits only (the identity's own ACE may already allow some). */
  allow: number;
  cells: PlanCell[];
}

export class Ladders {
  private readonly position = new Map<string, number>();
  /** Why a cell did not stay on a wider token, per cell key. */
  readonly movedBecause = new Map<string, string[]>();

  constructor(
    private readonly scope: GrantScope,
    private readonly own: OwnAces,
  ) {}

  /** Puts the cell on the widest usable token; false when every token's own ACE denies it. */
  start(cell: PlanCell): boolean {
    this.position.set(cellKey(cell), -1);
    return this.advance(cell);
  }

  /** Moves the cell to the next usable token; false when there is none. */
  moveDown(cell: PlanCell, why: string): boolean {
    this.note(cell, why);
    return this.advance(cell);
  }

  token(cell: PlanCell): string {
    return tokenLadder(cell, this.scope)[this.position.get(cellKey(cell))!];
  }

  writes(cells: readonly PlanCell[]): TokenWrite[] {
    const byToken = new Map<string, TokenWrite>();
    for (const cell of cells) {
      const token = this.token(cell);
      const key = `${cell.namespace}|${normalizeToken(cell.namespace, token)}`;
      let write = byToken.get(key);
      if (!write) {
        write = { namespace: cell.namespace, token, allow: 0, cells: [] };
        byToken.set(key, write);
      }
      write.cells.push(cell);
      if ((this.own.get(cell.namespace, token).allow & cell.bit) === 0) write.allow |= cell.bit;
    }
    return [...byToken.values()];
  }

  private advance(cell: PlanCell): boolean {
    const ladder = tokenLadder(cell, this.scope);
    const key = cellKey(cell);
    for (let index = this.position.get(key)! + 1; index < ladder.length; index++) {
      if (!this.own.denies(cell.namespace, ladder[index], cell.bit)) {
        this.position.set(key, index);
        return true;
      }
      this.note(cell, `the identity's own entry on ${ladder[index]} denies ${cell.permission}, and the tool never overrides a deny`);
    }
    this.position.set(key, ladder.length - 1);
    return false;
  }

  private note(cell: PlanCell, why: string): void {
    const key = cellKey(cell);
    this.movedBecause.set(key, [...(this.movedBecause.get(key) ?? []), why]);
  }
}

/** Why an allow on `token` did not make the cell allowed, in one short clause (shared by the bits it affects). */
export function whyAllowLoses(cell: PlanCell, token: string, result: PermissionResult): string {
  if (result.inheritanceBrokenAt !== undefined) {
    return `inheritance is switched off on ${result.inheritanceBrokenAt}, so an allow on ${token} does not reach ${cell.token}`;
  }
  const decidedBy = result.decidedBy;
  if (decidedBy?.effect === "deny") {
    const whose = decidedBy.via.length === 0 ? "the identity's own entry" : decidedBy.name;
    return `a Deny of ${cell.permission} for ${whose} on ${decidedBy.token} wins over an allow on ${token}`;
  }
  return `an allow on ${token} does not decide it (${result.reason.replace(/\.$/, "")})`;
}

export function toAceWrite(identity: PlanIdentity): (write: TokenWrite) => AceWrite {
  return (write) => ({ namespace: write.namespace, token: write.token, descriptor: identity.descriptor, allow: write.allow });
}

/** Project and repository names by lower-cased id, from the report. */
