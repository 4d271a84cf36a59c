/**
 * Project Reader as a membership of the project's Readers group (dbt's "Project Reader"; Graph membership
 * PUT needs both subject descriptors (https://learn.microsoft.com/rest/api/azure/devops/graph/memberships, https://learn.microsoft.com/azure/devops/organizations/security/about-permissions step 4)). A membership is kept only where it really
 * gives GENERIC_READ and does not bring a deny no allow could then beat (the group's or, implicitly, Project
 * Valid Users' denies); elsewhere the planner falls back to an allow on the project token.
 */
import { groupIdentityToSubjectDescriptor, normalizeDescriptor, wellKnownGroupOf } from "../permissions/descriptors";
import { identityClosure } from "../permissions/closure";
import { descriptorReach, EVERY_PROJECT, projectsAffectedBy } from "./membership-reach";
import { ClosureRemoval } from "./closure-removal";
import type { ClosureLookup } from "../permissions/closure";
import type { AclIndexCache } from "../permissions/evaluate";
import { cellKey, cellPlace, gapCells, permissionLabel, reportCells, type EvaluatedCell } from "./cells";
import { compareCells, uniquePermissions } from "./order";
import type { MembershipGrant, PlanCell, PlanIdentity } from "./model";
import { unfixable, type OwnAces } from "./own-entries";
import { simulateWrites } from "./simulate";
import type { AuditReport } from "../audit/report";
import type { GroupInfo, OrgSnapshot } from "../snapshot";

/** The planner's audit: of a simulated state, optionally of some projects only and with a closure already known. */
export type AuditOf = (state: OrgSnapshot, projectIds?: string[], closure?: ClosureLookup) => AuditReport;

export interface PlannedMembership {
  projectId: string;
  projectName: string;
  group: GroupInfo;
  groupDescriptor: string;
  groupSubjectDescriptor: string;
}

export interface MembershipChoice {
  memberships: PlannedMembership[];
  /** The audit of the snapshot with those memberships (when there are any). */
  report?: AuditReport;
  /** Per project (lower-cased id): why GENERIC_READ is granted by an ACE instead of a membership. */
  fallbackReasons: Map<string, string>;
}

export function chooseMemberships(
  snapshot: OrgSnapshot,
  report: AuditReport,
  gaps: Map<string, EvaluatedCell>,
  own: OwnAces,
  auditOf: AuditOf,
  /** The planner's ACL indexes, shared with its audits (see aclIndexFor). */
  aclIndexCache?: AclIndexCache,
): MembershipChoice {
  const fallbackReasons = new Map<string, string>();
  const closure = identityClosure(snapshot.identity, snapshot.groups);
  let candidates: PlannedMembership[] = [];
  const readersOfProject = new Map<string, GroupInfo>();
  for (const group of snapshot.groups) {
    const projectKey = group.projectId?.toLowerCase();
    if (projectKey !== undefined && !readersOfProject.has(projectKey) && wellKnownGroupOf(group) === "readers")
      readersOfProject.set(projectKey, group);
  }
  for (const project of report.projects) {
    if (!gaps.has(cellKey({ projectId: project.id, permission: "GENERIC_READ" }))) continue;
    const key = project.id.toLowerCase();
    const group = readersOfProject.get(key);
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
  const blockedBefore = new Set(unfixable(snapshot, gaps, own, aclIndexCache).keys());
  while (candidates.length > 0) {
    const state = simulateWrites(snapshot, [], candidates);
    const report = auditOf(state);
    const cells = reportCells(report);
    const newlyBlocked = [...unfixable(state, gapCells(report), own, aclIndexCache).values()].filter(({ cell }) => !blockedBefore.has(cellKey(cell)));
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
    if (kept.length === candidates.length) {
      const needed = withoutRedundantMemberships(snapshot, candidates, auditOf, report);
      return needed === candidates
        ? { memberships: candidates, fallbackReasons, report }
        : { memberships: needed, fallbackReasons, report: auditOf(simulateWrites(snapshot, [], needed)) };
    }
    candidates = kept;
  }
  return { memberships: candidates, fallbackReasons };
}

/**
 * Drops memberships that other planned changes make unnecessary: a Readers group's entry on an
 * organization-wide token (or a nested group) can give GENERIC_READ in other projects too, and an allow the plan
 * writes anyway can cover what a group would have brought. Least privilege means not adding the identity to a
 * group it does not need, so a membership is dropped when leaving it out loses no allowed cell (it may even gain
 * some: a group can bring a deny). `base` is the snapshot with every other planned write already done.
 */
export function withoutRedundantMemberships(
  base: OrgSnapshot,
  memberships: PlannedMembership[],
  auditOf: AuditOf,
  withAll: AuditReport = auditOf(simulateWrites(base, [], memberships)),
): PlannedMembership[] {
  const allowedWithAll = allowedByProject(withAll);
  const auditedProjects = new Set(withAll.projects.map((project) => project.id.toLowerCase()));
  const reach = descriptorReach(base);
  // Each candidate's closure is the closure with every membership minus what leaving its group (and those
  // already dropped) removes: derived, not recomputed (closure-removal.ts).
  const withAllState = simulateWrites(base, [], memberships);
  const removal = new ClosureRemoval(
    identityClosure(withAllState.identity, withAllState.groups),
    normalizeDescriptor(base.identity.descriptor),
    withAllState.identity.memberOf.map(normalizeDescriptor),
    withAllState.groups,
  );
  const baseDirect = new Set(base.identity.memberOf.map(normalizeDescriptor));
  const groupOf = new Map(memberships.map((membership) => [membership, normalizeDescriptor(membership.groupDescriptor)]));
  // How many of the memberships still needed join each group (usually one each).
  const joining = new Map<string, number>();
  for (const group of groupOf.values()) joining.set(group, (joining.get(group) ?? 0) + 1);
  /** Groups of memberships left out that the identity is no longer in. */
  const left = new Set<string>();
  const auditedIds = new Map(withAll.projects.map((project) => [project.id.toLowerCase(), project.id]));
  let needed = memberships;
  for (const candidate of [...memberships].reverse()) {
    const others = needed.filter((m) => m !== candidate);
    // The groups the identity is no longer directly in without these memberships (one it is in anyway stays).
    const group = groupOf.get(candidate)!;
    const leaves = !baseDirect.has(group) && joining.get(group) === 1;
    const removed = removal.removedBy(leaves ? new Set([...left, group]) : left);
    // Dropped when leaving it out (with those already left out) loses no allowed cell, and its own project
    // keeps GENERIC_READ. Only the projects where the removed descriptors have entries can differ, so only
    // those are audited (membership-reach.ts), not the whole organization once per candidate.
    const affected = projectsAffectedBy(removed, reach, base);
    const ownId = candidate.projectId.toLowerCase();
    const scope = new Set(affected === EVERY_PROJECT ? auditedProjects : [...affected, ownId].filter((id) => auditedProjects.has(id)));
    const ids = [...scope].map((id) => auditedIds.get(id)!);
    const state = simulateWrites(base, [], others);
    const report = auditOf(state, scope.has(ownId) ? ids : [...ids, candidate.projectId], removal.without(removed));
    if (projectGenericRead(report, candidate.projectId) !== "allow") continue;
    const allowedNow = allowedByProject(report);
    const sum = (counts: Map<string, number>) => [...scope].reduce((total, id) => total + (counts.get(id) ?? 0), 0);
    if (sum(allowedNow) >= sum(allowedWithAll)) {
      needed = others;
      joining.set(group, joining.get(group)! - 1);
      if (leaves) left.add(group);
    }
  }
  return needed;
}

/** A project's GENERIC_READ in the report, if the report has the project. */
function projectGenericRead(report: AuditReport, projectId: string) {
  const key = projectId.toLowerCase();
  return report.projects.find((project) => project.id.toLowerCase() === key)?.permissions.GENERIC_READ.effective;
}

/** Allowed cells per project (lower-cased id), repositories included, disabled ones not (as reportCells). */
function allowedByProject(report: AuditReport): Map<string, number> {
  const counts = new Map<string, number>();
  for (const project of report.projects) {
    let allowed = 0;
    for (const result of Object.values(project.permissions)) if (result.effective === "allow") allowed++;
    for (const repository of project.repositories) {
      if (repository.isDisabled) continue;
      for (const result of Object.values(repository.permissions)) if (result.effective === "allow") allowed++;
    }
    if (allowed > 0) {
      const key = project.id.toLowerCase();
      counts.set(key, (counts.get(key) ?? 0) + allowed);
    }
  }
  return counts;
}

export function membershipChange(
  membership: PlannedMembership,
  identity: PlanIdentity,
  baseGaps: Map<string, EvaluatedCell>,
  after: ReadonlyMap<string, EvaluatedCell>,
): MembershipGrant {
  const fixes = (gapsByProject(baseGaps).get(membership.projectId.toLowerCase()) ?? [])
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

/** The gap cells of each project (lower-cased id), grouped once per gap map: one lookup per membership. */
const gapsGrouped = new WeakMap<Map<string, EvaluatedCell>, Map<string, PlanCell[]>>();

function gapsByProject(gaps: Map<string, EvaluatedCell>): Map<string, PlanCell[]> {
  let grouped = gapsGrouped.get(gaps);
  if (!grouped) {
    grouped = new Map();
    for (const { cell } of gaps.values()) {
      const key = cell.projectId.toLowerCase();
      const list = grouped.get(key);
      if (list) list.push(cell);
      else grouped.set(key, [cell]);
    }
    gapsGrouped.set(gaps, grouped);
  }
  return grouped;
}
