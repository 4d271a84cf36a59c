/**
 * The single source of truth for what dbt Cloud's service user needs in Azure DevOps.
 *
 * Namespace ids, bit values and action names are the real ones (the namespace's own `actions[].name`),
 * from docs.getdbt.com "Set up Azure DevOps" (service user permissions) and
 * learn.microsoft.com/azure/devops/organizations/security/namespace-reference.
 */

export const NAMESPACE_IDS = {
  project: "52d39943-cb85-4d7f-8fa8-c6baac873819",
  serviceHooks: "cb594ebe-87dd-4fc9-ac2c-6a10a4c92046",
  gitRepositories: "2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87",
} as const;

export type NamespaceKey = keyof typeof NAMESPACE_IDS;

export interface NamespaceInfo {
  key: NamespaceKey;
  id: string;
  /** The namespace's `name` as the securitynamespaces API returns it. */
  name: string;
  /** Token separator; the Project namespace is flat (its tokens are not split). */
  separator: string | null;
  /** The root token an org-wide ACE is written on. */
  rootToken: string;
}

export const NAMESPACES: Record<NamespaceKey, NamespaceInfo> = {
  project: { key: "project", id: NAMESPACE_IDS.project, name: "Project", separator: null, rootToken: "$PROJECT" },
  serviceHooks: {
    key: "serviceHooks",
    id: NAMESPACE_IDS.serviceHooks,
    name: "ServiceHooks",
    separator: "/",
    rootToken: "PublisherSecurity",
  },
  gitRepositories: {
    key: "gitRepositories",
    id: NAMESPACE_IDS.gitRepositories,
    name: "Git Repositories",
    separator: "/",
    rootToken: "repoV2",
  },
};

/** Where a required permission is checked: once per project, or once per repository. */
export type PermissionScope = "project" | "repository";

export interface RequiredPermission {
  /** The namespace's own action name; also the key in the audit report. */
  key: ProjectPermissionKey | RepositoryPermissionKey;
  namespace: NamespaceKey;
  bit: number;
  displayName: string;
  scope: PermissionScope;
  /** Why dbt Cloud needs it, in an admin's words. */
  why: string;
}

export type ProjectPermissionKey = "GENERIC_READ" | "ViewSubscriptions" | "EditSubscriptions" | "DeleteSubscriptions";
export type RepositoryPermissionKey = "GenericRead" | "GenericContribute" | "PullRequestContribute";
export type PermissionKey = ProjectPermissionKey | RepositoryPermissionKey;

export const REQUIRED_PERMISSIONS: readonly RequiredPermission[] = [
  {
    key: "GENERIC_READ",
    namespace: "project",
    bit: 1,
    displayName: "View project-level information",
    scope: "project",
    why: "see the project (Project Reader)",
  },
  {
    key: "ViewSubscriptions",
    namespace: "serviceHooks",
    bit: 1,
    displayName: "View Subscriptions",
    scope: "project",
    why: "view its service hook subscriptions",
  },
  {
    key: "EditSubscriptions",
    namespace: "serviceHooks",
    bit: 2,
    displayName: "Edit Subscription",
    scope: "project",
    why: "add and update its service hook subscriptions",
  },
  {
    key: "DeleteSubscriptions",
    namespace: "serviceHooks",
    bit: 4,
    displayName: "Delete Subscriptions",
    scope: "project",
    why: "delete redundant service hook subscriptions",
  },
  {
    key: "GenericRead",
    namespace: "gitRepositories",
    bit: 2,
    displayName: "Read",
    scope: "repository",
    why: "list and clone the repository",
  },
  {
    key: "GenericContribute",
    namespace: "gitRepositories",
    bit: 4,
    displayName: "Contribute",
    scope: "repository",
    why: "post commit statuses",
  },
  {
    key: "PullRequestContribute",
    namespace: "gitRepositories",
    bit: 16384,
    displayName: "Contribute to pull requests",
    scope: "repository",
    why: "post pull request statuses",
  },
];

export const PROJECT_PERMISSIONS = REQUIRED_PERMISSIONS.filter((p) => p.scope === "project");
export const REPOSITORY_PERMISSIONS = REQUIRED_PERMISSIONS.filter((p) => p.scope === "repository");

/** OR of the required bits in one namespace, e.g. 7 for ServiceHooks and 16390 for Git Repositories. */
export function requiredBits(namespace: NamespaceKey): number {
  return REQUIRED_PERMISSIONS.filter((p) => p.namespace === namespace).reduce((bits, p) => bits | p.bit, 0);
}

export function permissionByKey(key: PermissionKey): RequiredPermission {
  const found = REQUIRED_PERMISSIONS.find((p) => p.key === key);
  if (!found) throw new Error(`Unknown permission key ${key}`);
  return found;
}
