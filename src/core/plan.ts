/**
 * The grant planner: from a snapshot, the smallest set of additions that makes every required permission
 * effectively allowed for the identity, at the scope the admin chose, checked with the same evaluator the
 * audit uses.
 *
 * 1. Project Reader is a membership of the project's Readers group. It is kept only where it really gives
 *    GENERIC_READ and does not bring a deny that no allow could then beat; elsewhere GENERIC_READ falls back to
 *    an allow on the project token.
 * 2. Every other missing cell gets an allow for the identity's own ACE on the widest token the scope allows.
 *    The plan is applied to the snapshot and re-evaluated; a cell that is still not allowed (a group deny on
 *    `repoV2/{projectId}` beats a project-level allow, inheritance is off on the repository, …) moves one
 *    token down, to where an explicit allow wins, and the round repeats. A token whose own ACE denies the bit
 *    is skipped: merging an allow there would clear the deny, and the tool never overrides a deny.
 * 3. A cell a deny decides on the most specific token is blocked: listed with the reason and the change an
 *    administrator would have to make by hand.
 * Only missing allow bits are written, grouped one ACE per token; disabled repositories are skipped.
 */
import { audit } from "./audit";
import { NAMESPACES, type NamespaceKey, type PermissionKey, REQUIRED_PERMISSIONS } from "./catalogue";
import { groupIdentityToSubjectDescriptor, normalizeDescriptor, wellKnownGroupOf } from "./descriptors";
import { buildAclIndex, type AclIndex } from "./evaluate";
import { identityClosure } from "./identity";
import { blockedItem } from "./plan-blocked";
import {
  cellKey,
  cellPlace,
  gapCells,
  permissionLabel,
  reportCells,
  tokenLadder,
  tokenLevel,
  type EvaluatedCell,
} from "./plan-cells";
import {
  GRANT_SCOPES,
  PLAN_SCHEMA_VERSION,
  type AceGrant,
  type GrantPlan,
  type GrantScope,
  type MembershipGrant,
  type PlanCell,
  type PlanChange,
  type PlanIdentity,
} from "./plan-model";
import { applyPlanToSnapshot, simulateWrites, type AceWrite } from "./plan-simulate";
import type { AuditReport, PermissionResult } from "./report";
import type { GroupInfo, OrgSnapshot } from "./snapshot";
import { normalizeToken, parseToken } from "./tokens";

export * from "./plan-model";
export { applyPlanToSnapshot, simulateWrites } from "./plan-simulate";
export { cellKey, gapCells, reportCells, tokenLadder } from "./plan-cells";

export interface PlanOptions {
  /** Default `project`. */
  scope?: GrantScope;
  /** Only these projects (ids); every project of the snapshot when absent. */
  projectIds?: string[];
  /** The clock the audit's findings are measured against (they only feed `notes`); default: now. */
  now?: Date;
}

/** Safety net for the move-down rounds: each round moves every failing cell one token down, ladders are ≤ 3. */
const MAX_ROUNDS = 8;

export function planGrants(snapshot: OrgSnapshot, options: PlanOptions = {}): GrantPlan {
  const scope = options.scope ?? "project";
  if (!GRANT_SCOPES.includes(scope)) throw new Error(`Unknown grant scope "${String(scope)}": use ${GRANT_SCOPES.join(", ")}`);
  const now = options.now ?? new Date();
  const auditOf = (state: OrgSnapshot): AuditReport => audit(state, { now, projectIds: options.projectIds });

  const baseReport = auditOf(snapshot);
  const baseGaps = gapCells(baseReport);
  const identity = planIdentity(snapshot);
  const own = new OwnAces(snapshot);

  // 1. Readers memberships, then the snapshot as it will be once they exist.
  const readers = chooseMemberships(snapshot, baseReport, baseGaps, own, auditOf);
  const working = readers.memberships.length > 0 ? simulateWrites(snapshot, [], readers.memberships) : snapshot;
  const workingReport = readers.memberships.length > 0 ? auditOf(working) : baseReport;
  const gaps = gapCells(workingReport);
  const unfixableCells = unfixable(working, gaps, own, auditOf);

  // 2. Allows, moved down until each one wins.
  const open = [...gaps.values()].filter(({ cell }) => !unfixableCells.has(cellKey(cell))).map(({ cell }) => cell);
  const ladders = new Ladders(scope, own);
  for (const cell of [...open]) {
    // A cell whose own ACE denies it on every usable token is unfixable() already; kept as a guard.
    if (!ladders.start(cell)) {
      unfixableCells.set(cellKey(cell), gaps.get(cellKey(cell))!);
      open.splice(open.indexOf(cell), 1);
    }
  }
  let writes = ladders.writes(open);
  for (let round = 0; ; round++) {
    const cells = reportCells(auditOf(simulateWrites(working, writes.map(toAceWrite(identity)), [])));
    const failing = open.filter((cell) => cells.get(cellKey(cell))?.result.effective !== "allow");
    if (failing.length === 0) break;
    if (round >= MAX_ROUNDS) throw new Error("The grant planner did not converge; this is a bug, please report it");
    for (const cell of failing) {
      const result = cells.get(cellKey(cell))!.result;
      if (!ladders.moveDown(cell, whyAllowLoses(cell, ladders.token(cell), result))) {
        // Not expected: unfixable() found an own allow on the checked token enough. Report rather than loop.
        unfixableCells.set(cellKey(cell), { cell, result });
        open.splice(open.indexOf(cell), 1);
      }
    }
    writes = ladders.writes(open);
  }

  // 3. The plan, verified against the snapshot it was made from.
  const names = new Names(baseReport);
  const membershipChanges = readers.memberships.map((membership) => membershipChange(membership, identity, baseGaps, workingReport));
  const aceChanges = writes.filter((write) => write.allow !== 0).map((write) => aceChange(write, identity, names, ladders, readers.fallbackReasons));
  const changes: PlanChange[] = [...membershipChanges.sort(byProject), ...aceChanges.sort(compareAceChanges)];
  const blocked = [...unfixableCells.values()]
    .map(({ cell, result }) => blockedItem(cell, result, { identity, groups: snapshot.groups, organizationUrl: snapshot.organization.url }))
    .sort((a, b) => compareCells(a.cell, b.cell));

  const after = reportCells(auditOf(applyPlanToSnapshot(snapshot, changes)));
  const blockedKeys = new Set(blocked.map((item) => cellKey(item.cell)));
  const verified = [...after.values()].every(({ cell, result }) => (result.effective === "allow") !== blockedKeys.has(cellKey(cell)));

  return {
    schemaVersion: PLAN_SCHEMA_VERSION,
    organization: { name: snapshot.organization.name, url: snapshot.organization.url },
    identity,
    scope,
    projectIds: baseReport.projects.map((project) => project.id),
    changes,
    blocked,
    verified,
    notes: baseReport.findings.filter((finding) => finding.severity === "error").map((finding) => finding.message),
    summary: {
      missing: baseGaps.size,
      fixed: [...baseGaps.keys()].filter((key) => !blockedKeys.has(key)).length,
      blocked: blocked.length,
      aceWrites: aceChanges.length,
      membershipWrites: membershipChanges.length,
      skippedDisabledRepositories: baseReport.projects.reduce((count, project) => count + project.repositories.filter((repo) => repo.isDisabled).length, 0),
    },
  };
}

/** True when the plan leaves nothing to do: no change pending and nothing blocked. */
export function isDesiredState(plan: GrantPlan): boolean {
  return plan.changes.length === 0 && plan.blocked.length === 0;
}

function planIdentity(snapshot: OrgSnapshot): PlanIdentity {
  const { identity } = snapshot;
  return {
    displayName: identity.displayName,
    principalName: identity.principalName,
    kind: identity.kind,
    descriptor: identity.descriptor,
    subjectDescriptor: identity.subjectDescriptor,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The identity's own ACEs: what it already allows, and what it denies (never overridden).

class OwnAces {
  private readonly indexes = new Map<NamespaceKey, AclIndex>();
  private readonly self: string;

  constructor(private readonly snapshot: OrgSnapshot) {
    this.self = normalizeDescriptor(snapshot.identity.descriptor);
  }

  get(namespace: NamespaceKey, token: string): { allow: number; deny: number } {
    let index = this.indexes.get(namespace);
    if (!index) {
      index = buildAclIndex(namespace, this.snapshot.acls[namespace] ?? []);
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
function unfixable(
  state: OrgSnapshot,
  gaps: Map<string, EvaluatedCell>,
  own: OwnAces,
  auditOf: (state: OrgSnapshot) => AuditReport,
): Map<string, EvaluatedCell> {
  if (gaps.size === 0) return new Map();
  const descriptor = state.identity.descriptor;
  const best: AceWrite[] = [...gaps.values()]
    .filter(({ cell }) => !own.denies(cell.namespace, cell.token, cell.bit))
    .map(({ cell }) => ({ namespace: cell.namespace, token: cell.token, descriptor, allow: cell.bit }));
  const cells = reportCells(auditOf(simulateWrites(state, best, [])));
  const result = new Map<string, EvaluatedCell>();
  for (const key of gaps.keys()) {
    const evaluated = cells.get(key);
    if (evaluated && evaluated.result.effective !== "allow") result.set(key, evaluated);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Step 1: Readers memberships.

interface PlannedMembership {
  projectId: string;
  projectName: string;
  group: GroupInfo;
  groupDescriptor: string;
  groupSubjectDescriptor: string;
}

interface MembershipChoice {
  memberships: PlannedMembership[];
  /** Per project (lower-cased id): why GENERIC_READ is granted by an ACE instead of a membership. */
  fallbackReasons: Map<string, string>;
}

function chooseMemberships(
  snapshot: OrgSnapshot,
  report: AuditReport,
  gaps: Map<string, EvaluatedCell>,
  own: OwnAces,
  auditOf: (state: OrgSnapshot) => AuditReport,
): MembershipChoice {
  const fallbackReasons = new Map<string, string>();
  const closure = identityClosure(snapshot.identity, snapshot.groups);
  let candidates: PlannedMembership[] = [];
  for (const project of report.projects) {
    if (!gaps.has(cellKey({ projectId: project.id, permission: "GENERIC_READ" }))) continue;
    const key = project.id.toLowerCase();
    const group = snapshot.groups.find((candidate) => candidate.projectId?.toLowerCase() === key && wellKnownGroupOf(candidate) === "readers");
    if (!group) {
      fallbackReasons.set(key, `the snapshot has no Readers group for ${project.name}`);
      continue;
    }
    if (closure.has(normalizeDescriptor(group.descriptor))) {
      fallbackReasons.set(key, `the identity is already in ${group.principalName}, and that does not give it`);
      continue;
    }
    if (!snapshot.identity.subjectDescriptor) {
      fallbackReasons.set(key, "the identity has no Graph subject descriptor, which a Graph membership needs");
      continue;
    }
    let groupSubjectDescriptor = group.subjectDescriptor;
    if (!groupSubjectDescriptor) {
      try {
        groupSubjectDescriptor = groupIdentityToSubjectDescriptor(group.descriptor);
      } catch {
        fallbackReasons.set(key, `${group.principalName} has no Graph subject descriptor`);
        continue;
      }
    }
    candidates.push({ projectId: project.id, projectName: project.name, group, groupDescriptor: group.descriptor, groupSubjectDescriptor });
  }
  if (candidates.length === 0) return { memberships: [], fallbackReasons };

  // A membership must earn its place: give GENERIC_READ, and not bring a deny no allow could beat.
  const blockedBefore = new Set(unfixable(snapshot, gaps, own, auditOf).keys());
  while (candidates.length > 0) {
    const state = simulateWrites(snapshot, [], candidates);
    const report = auditOf(state);
    const cells = reportCells(report);
    const newlyBlocked = [...unfixable(state, gapCells(report), own, auditOf).values()].filter(({ cell }) => !blockedBefore.has(cellKey(cell)));
    const withMembership = new Set(candidates.map((candidate) => candidate.projectId.toLowerCase()));
    const dropAll = newlyBlocked.some(({ cell }) => !withMembership.has(cell.projectId.toLowerCase()));
    const kept = candidates.filter((candidate) => {
      const key = candidate.projectId.toLowerCase();
      const read = cells.get(cellKey({ projectId: candidate.projectId, permission: "GENERIC_READ" }));
      if (read?.result.effective !== "allow") {
        fallbackReasons.set(key, `membership of ${candidate.group.principalName} would not give it (${read?.result.reason ?? "not evaluated"})`);
        return false;
      }
      const harm = newlyBlocked.find(({ cell }) => cell.projectId.toLowerCase() === key);
      if (harm || dropAll) {
        const example = harm ?? newlyBlocked[0];
        fallbackReasons.set(
          key,
          `membership of ${candidate.group.principalName} would bring a deny no allow can beat (${cellPlace(example.cell)} ${example.cell.permission}: ${example.result.reason})`,
        );
        return false;
      }
      return true;
    });
    if (kept.length === candidates.length) break;
    candidates = kept;
  }
  return { memberships: candidates, fallbackReasons };
}

function membershipChange(
  membership: PlannedMembership,
  identity: PlanIdentity,
  baseGaps: Map<string, EvaluatedCell>,
  workingReport: AuditReport,
): MembershipGrant {
  const after = reportCells(workingReport);
  const fixes = [...baseGaps.values()]
    .map(({ cell }) => cell)
    .filter((cell) => cell.projectId.toLowerCase() === membership.projectId.toLowerCase())
    .filter((cell) => after.get(cellKey(cell))?.result.effective === "allow")
    .sort(compareCells);
  const permissions = uniquePermissions(["GENERIC_READ", ...fixes.map((cell) => cell.permission)]);
  const also = permissions.filter((permission) => permission !== "GENERIC_READ");
  const who = identity.displayName || identity.principalName;
  let reason = `Adds ${who} to ${membership.group.principalName}: Project Reader (GENERIC_READ) in ${membership.projectName}`;
  if (also.length > 0) reason += `; the group's own entries also bring ${also.map(permissionLabel).join(", ")}`;
  return {
    kind: "membership",
    projectId: membership.projectId,
    projectName: membership.projectName,
    groupDescriptor: membership.groupDescriptor,
    groupSubjectDescriptor: membership.groupSubjectDescriptor,
    groupName: membership.group.principalName,
    memberDescriptor: identity.descriptor,
    memberSubjectDescriptor: identity.subjectDescriptor,
    permissions,
    fixes,
    reason: reason + ".",
  };
}

// ---------------------------------------------------------------------------------------------------------
// Step 2: where each allow goes.

interface TokenWrite {
  namespace: NamespaceKey;
  token: string;
  /** Missing bits only (the identity's own ACE may already allow some). */
  allow: number;
  cells: PlanCell[];
}

class Ladders {
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
function whyAllowLoses(cell: PlanCell, token: string, result: PermissionResult): string {
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

function toAceWrite(identity: PlanIdentity): (write: TokenWrite) => AceWrite {
  return (write) => ({ namespace: write.namespace, token: write.token, descriptor: identity.descriptor, allow: write.allow });
}

/** Project and repository names by lower-cased id, from the report. */
class Names {
  private readonly projects = new Map<string, string>();
  private readonly repositories = new Map<string, string>();

  constructor(report: AuditReport) {
    for (const project of report.projects) {
      this.projects.set(project.id.toLowerCase(), project.name);
      for (const repo of project.repositories) this.repositories.set(repo.id.toLowerCase(), repo.name);
    }
  }

  project(id: string): string {
    return this.projects.get(id.toLowerCase()) ?? id;
  }

  repository(id: string): string {
    return this.repositories.get(id.toLowerCase()) ?? id;
  }
}

function aceChange(write: TokenWrite, identity: PlanIdentity, names: Names, ladders: Ladders, fallbackReasons: Map<string, string>): AceGrant {
  const namespace = NAMESPACES[write.namespace];
  const level = tokenLevel(write.token);
  const parsed = parseToken(write.token);
  const permissions = REQUIRED_PERMISSIONS.filter((p) => p.namespace === write.namespace && (write.allow & p.bit) !== 0).map((p) => p.key);
  const fixes = [...write.cells].sort(compareCells);
  const change: AceGrant = {
    kind: "ace",
    namespace: write.namespace,
    namespaceId: namespace.id,
    namespaceName: namespace.name,
    token: write.token,
    level,
    descriptor: identity.descriptor,
    allow: write.allow,
    permissions,
    fixes,
    reason: "",
  };
  if (parsed.projectId !== undefined) {
    change.projectId = parsed.projectId;
    change.projectName = names.project(parsed.projectId);
  }
  if (parsed.repoId !== undefined) {
    change.repositoryId = parsed.repoId;
    change.repositoryName = names.repository(parsed.repoId);
  }

  const who = identity.displayName || identity.principalName;
  const sentences = [
    `Allows ${permissions.map(permissionLabel).join(", ")} (${namespace.name} allow bits ${write.allow}) for ${who} on ${write.token}, ` +
      `${levelWords(level)}: missing in ${places(fixes)}`,
  ];
  for (const projectId of new Set(fixes.filter((cell) => cell.permission === "GENERIC_READ").map((cell) => cell.projectId.toLowerCase()))) {
    const why = fallbackReasons.get(projectId);
    if (why) sentences.push(`Not through a Readers membership: ${why}`);
  }
  const moved = [...new Set(fixes.flatMap((cell) => ladders.movedBecause.get(cellKey(cell)) ?? []))];
  if (moved.length > 0) {
    const shown = moved.slice(0, 3).map((why) => why.replace(/\.$/, ""));
    sentences.push(`Not written higher up: ${shown.join("; ")}${moved.length > shown.length ? ` (and ${moved.length - shown.length} more)` : ""}`);
  }
  change.reason = sentences.map((sentence) => sentence.replace(/\.$/, "")).join(". ") + ".";
  return change;
}

function levelWords(level: AceGrant["level"]): string {
  switch (level) {
    case "organization":
      return "which covers every project";
    case "project":
      return "which covers the project and all its repositories";
    case "repository":
      return "this repository only";
  }
}

/** "Analytics (dbt-models, jaffle-shop)" or "3 projects (A, B, C)": where the fixed cells are. */
function places(cells: readonly PlanCell[]): string {
  const byProject = new Map<string, { name: string; repositories: Set<string> }>();
  for (const cell of cells) {
    const key = cell.projectId.toLowerCase();
    const entry = byProject.get(key) ?? { name: cell.projectName, repositories: new Set<string>() };
    if (cell.repositoryName !== undefined) entry.repositories.add(cell.repositoryName);
    byProject.set(key, entry);
  }
  const list = (items: string[]) => (items.length > 4 ? `${items.slice(0, 4).join(", ")} and ${items.length - 4} more` : items.join(", "));
  const projects = [...byProject.values()];
  if (projects.length === 1) {
    const [only] = projects;
    const repos = [...only.repositories];
    return repos.length === 0 ? only.name : `${only.name} (${repos.length === 1 ? "repository" : `${repos.length} repositories:`} ${list(repos)})`;
  }
  return `${projects.length} projects (${list(projects.map((project) => project.name))})`;
}

function uniquePermissions(permissions: PermissionKey[]): PermissionKey[] {
  const order = REQUIRED_PERMISSIONS.map((p) => p.key);
  return [...new Set(permissions)].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

// ---------------------------------------------------------------------------------------------------------
// Ordering: stable output for people, scripts and tests.

const NAMESPACE_ORDER: NamespaceKey[] = ["project", "serviceHooks", "gitRepositories"];
const LEVEL_ORDER = ["organization", "project", "repository"];
const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

function compareCells(a: PlanCell, b: PlanCell): number {
  return (
    collator.compare(a.projectName, b.projectName) ||
    collator.compare(a.repositoryName ?? "", b.repositoryName ?? "") ||
    REQUIRED_PERMISSIONS.findIndex((p) => p.key === a.permission) - REQUIRED_PERMISSIONS.findIndex((p) => p.key === b.permission) ||
    cellKey(a).localeCompare(cellKey(b))
  );
}

function byProject(a: MembershipGrant, b: MembershipGrant): number {
  return collator.compare(a.projectName, b.projectName) || a.projectId.localeCompare(b.projectId);
}

function compareAceChanges(a: AceGrant, b: AceGrant): number {
  return (
    NAMESPACE_ORDER.indexOf(a.namespace) - NAMESPACE_ORDER.indexOf(b.namespace) ||
    LEVEL_ORDER.indexOf(a.level) - LEVEL_ORDER.indexOf(b.level) ||
    collator.compare(a.projectName ?? "", b.projectName ?? "") ||
    collator.compare(a.repositoryName ?? "", b.repositoryName ?? "") ||
    a.token.localeCompare(b.token)
  );
}
