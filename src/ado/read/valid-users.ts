import { sidOf } from "../../core/permissions/descriptors";

/**
 * Project Valid Users / Project Collection Valid Users (SID tail `-0-0-0-0-3` (https://learn.microsoft.com/rest/api/azure/devops/core/projects/list)). Membership in
 * them is implicit (rule 7, which the core applies) and they are not members of other groups (inferred, not documented), so their
 * direct parents are not read: for an identity in many projects this saves most of the Direct lookups.
 */
export function isValidUsersGroup(descriptor: string): boolean {
  const sid = sidOf(descriptor);
  return sid !== null && /-0-0-0-0-3$/.test(sid);
}
