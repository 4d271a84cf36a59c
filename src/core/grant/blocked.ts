/**
 * Blocked items: cells a deny decides on the token the permission is checked on. An allow there loses to it
 * ("deny wins inside one level", https://learn.microsoft.com/azure/devops/organizations/security/about-permissions rule 3) and an allow on a wider token never reaches it
 * (rule 5), so only removing the deny helps. The tool never does that by itself; it says exactly what an
 * administrator would have to change, and how with az, and leaves the decision to them.
 */
import { azPermissionReset, azSubject } from "./az-script";
import { NAMESPACES } from "../permissions/catalogue";
import { groupIdentityToSubjectDescriptor, normalizeDescriptor, wellKnownGroupOf } from "../permissions/descriptors";
import { namespaceName, permissionLabel } from "./cells";
import type { BlockedItem, PlanCell, PlanIdentity } from "./model";
import type { PermissionResult } from "../audit/report";
import type { GroupInfo } from "../snapshot";

export interface BlockedContext {
  identity: PlanIdentity;
  groups: readonly GroupInfo[];
  organizationUrl: string;
}

/** How az names a group: its Graph subject descriptor (from the snapshot, else derived offline from the SID). */
function groupSubject(group: GroupInfo | undefined, descriptor: string): string {
  if (group?.subjectDescriptor) return group.subjectDescriptor;
  try {
    return groupIdentityToSubjectDescriptor(descriptor);
  } catch {
    return descriptor;
  }
}

/**
 * `result` is the evaluation of the cell after the best allow the tool could add (the identity's own allow on
 * the checked token), so `decidedBy` names the deny that still wins.
 */
export function blockedItem(cell: PlanCell, result: PermissionResult, context: BlockedContext): BlockedItem {
  const label = permissionLabel(cell.permission);
  const who = context.identity.displayName || context.identity.principalName;
  const namespaceId = NAMESPACES[cell.namespace].id;
  const item: BlockedItem = { cell, effective: result.effective, reason: result.reason, manualFix: "", manualCommands: [] };
  const decidedBy = result.decidedBy;
  if (decidedBy) item.decidedBy = decidedBy;
  // Face-neutral: the CLI runs `grant` again, the hub checks again; both plan from what is there then.
  const rerun = "then check again and grant what is still missing.";

  if (!decidedBy || decidedBy.effect !== "deny") {
    // Not expected (an own allow on the checked token decides anything a deny does not), but say what is known.
    item.manualFix = `Check the ACL of ${cell.token} in the ${namespaceName(cell)} namespace for ${who}; ${rerun}`;
    return item;
  }

  if (decidedBy.via.length === 0) {
    item.manualFix =
      `Remove the Deny of ${label} (bit ${cell.bit}) from ${who}'s own entry on ${decidedBy.token} ` +
      `(${namespaceName(cell)} namespace, id ${namespaceId}); ${rerun}`;
    item.manualCommands = [azPermissionReset(context.organizationUrl, namespaceId, azSubject(context.identity), decidedBy.token, cell.bit)];
    return item;
  }

  const group = context.groups.find((candidate) => normalizeDescriptor(candidate.descriptor) === normalizeDescriptor(decidedBy.descriptor));
  const role = group ? wellKnownGroupOf(group) : undefined;
  const implicit = role === "projectValidUsers" || role === "projectCollectionValidUsers";
  const path = [who, ...decidedBy.via].join(" → ");
  const removeDeny =
    `Remove the Deny of ${label} (bit ${cell.bit}) for ${decidedBy.name} on ${decidedBy.token} ` +
    `(${namespaceName(cell)} namespace, id ${namespaceId}); it applies to every member of that group`;
  item.manualFix = implicit
    ? `${removeDeny} (every member of the ${role === "projectValidUsers" ? "project" : "organization"} is in it implicitly); ${rerun}`
    : `${removeDeny}. Or take ${who} out of ${decidedBy.via[0]} (membership path: ${path}); ${rerun}`;
  item.manualCommands = [
    azPermissionReset(context.organizationUrl, namespaceId, groupSubject(group, decidedBy.descriptor), decidedBy.token, cell.bit),
  ];
  return item;
}
