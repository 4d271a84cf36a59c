/** Helpers to look into plans and snapshots in grant tests. */
import { audit } from "../../../../src/core/audit/audit";
import type { AceGrant, GrantPlan, MembershipGrant } from "../../../../src/core/grant/planner";
import type { NamespaceKey } from "../../../../src/core/permissions/catalogue";
import type { OrgSnapshot } from "../../../../src/core/snapshot";
import { normalizeToken } from "../../../../src/core/permissions/tokens";
import { NOW } from "./org";

export function aceChanges(plan: GrantPlan): AceGrant[] {
  return plan.changes.filter((change): change is AceGrant => change.kind === "ace");
}

export function membershipChanges(plan: GrantPlan): MembershipGrant[] {
  return plan.changes.filter((change): change is MembershipGrant => change.kind === "membership");
}

/** `[namespace, token, allow]` of every ACE change, in plan order. */
export function aceSummary(plan: GrantPlan): [NamespaceKey, string, number][] {
  return aceChanges(plan).map((change) => [change.namespace, change.token, change.allow]);
}

/** Cells not effectively allowed (enabled repositories only), as "project|repo|permission" with names. */
export function notAllowed(snapshot: OrgSnapshot): string[] {
  const report = audit(snapshot, { now: NOW });
  const cells: string[] = [];
  for (const project of report.projects) {
    for (const [key, result] of Object.entries(project.permissions)) if (result.effective !== "allow") cells.push(`${project.name}|${key}`);
    for (const repo of project.repositories) {
      if (repo.isDisabled) continue;
      for (const [key, result] of Object.entries(repo.permissions))
        if (result.effective !== "allow") cells.push(`${project.name}/${repo.name}|${key}`);
    }
  }
  return cells.sort();
}

export function blockedCells(plan: GrantPlan): string[] {
  return plan.blocked
    .map(({ cell }) => `${cell.repositoryName === undefined ? cell.projectName : `${cell.projectName}/${cell.repositoryName}`}|${cell.permission}`)
    .sort();
}

/** The ACE of `descriptor` on `token` (compared the way the service compares them), or undefined. */
export function aceOf(snapshot: OrgSnapshot, namespace: NamespaceKey, token: string, descriptor: string) {
  const acl = snapshot.acls[namespace].find((candidate) => normalizeToken(namespace, candidate.token) === normalizeToken(namespace, token));
  if (!acl) return undefined;
  return Object.values(acl.acesDictionary).find((ace) => ace.descriptor.toLowerCase() === descriptor.toLowerCase());
}

/**
 * For every ACE of `before`, the same ACE in `after` still has all its allow bits and exactly its deny bits.
 * Returns the violations, so a failing test says which ACE lost what.
 */
export function lostBits(before: OrgSnapshot, after: OrgSnapshot): string[] {
  const problems: string[] = [];
  for (const namespace of ["project", "serviceHooks", "gitRepositories"] as const) {
    for (const acl of before.acls[namespace]) {
      for (const ace of Object.values(acl.acesDictionary)) {
        const now = aceOf(after, namespace, acl.token, ace.descriptor);
        if (!now) {
          problems.push(`${namespace} ${acl.token} ${ace.descriptor}: entry gone`);
          continue;
        }
        if ((now.allow & ace.allow) !== ace.allow) problems.push(`${namespace} ${acl.token} ${ace.descriptor}: allow ${ace.allow} -> ${now.allow}`);
        if (now.deny !== ace.deny) problems.push(`${namespace} ${acl.token} ${ace.descriptor}: deny ${ace.deny} -> ${now.deny}`);
      }
      const inherit = after.acls[namespace].find((candidate) => normalizeToken(namespace, candidate.token) === normalizeToken(namespace, acl.token));
      if (inherit && inherit.inheritPermissions !== acl.inheritPermissions) problems.push(`${namespace} ${acl.token}: inheritance changed`);
    }
  }
  return problems;
}
