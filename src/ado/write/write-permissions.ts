/**
 * The permission each write needs, named the way the Azure DevOps permissions pages name it, so that a 403
 * on a write says what to grant instead of only "access denied".
 *
 * ACL writes need the namespace's `writePermission` on the token (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference:
 * Git Repositories 8192 ManagePermissions, ServiceHooks 7, Project 2 GENERIC_WRITE); Readers memberships need
 * ManageMembership in the Identity namespace (https://learn.microsoft.com/azure/devops/organizations/security/about-permissions); deleting and
 * updating a service hook subscription need DeleteSubscriptions and EditSubscriptions in ServiceHooks
 * (https://learn.microsoft.com/azure/devops/service-hooks/view-permission).
 */
import type { NamespaceKey } from "../../core/permissions/catalogue";

/** Used when the organization does not describe a namespace. */
export const KNOWN_WRITE_PERMISSION: Record<NamespaceKey, number> = { gitRepositories: 8192, serviceHooks: 7, project: 2 };

const WRITE_PERMISSION_NAMES: Record<NamespaceKey, string> = {
  gitRepositories: '"Manage permissions" (Git Repositories bit 8192)',
  serviceHooks: '"View, Edit and Delete subscriptions" (ServiceHooks bits 7)',
  project: '"Edit project-level information" (Project bit 2)',
};

export function aceWritePermission(namespace: NamespaceKey, token: string): string {
  return `${WRITE_PERMISSION_NAMES[namespace]} on ${token}`;
}

export function membershipWritePermission(groupName: string): string {
  return `"Manage group membership" (Identity bit 8) on ${groupName}, which Project Collection Administrators and the project's Project Administrators have`;
}

export function subscriptionWritePermission(kind: "delete" | "enable", subscriptionId: string): string {
  return kind === "delete"
    ? `"Delete Subscriptions" (ServiceHooks bit 4) to delete subscription ${subscriptionId}`
    : `"Edit Subscriptions" (ServiceHooks bit 2) to re-enable subscription ${subscriptionId}`;
}

/** The one line for a write the service refused with 403: what was refused, and the permission it needs. */
export function writeRefusedMessage(what: string, permission: string): string {
  return `Azure DevOps refused ${what} (HTTP 403): the account behind the token needs ${permission}.`;
}
