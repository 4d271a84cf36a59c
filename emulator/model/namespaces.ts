/**
 * The three security namespaces the product reads and writes, described the way
 * `GET _apis/securitynamespaces/{id}` returns them, plus the token rules the evaluator needs.
 *
 * Sources: ServiceHooks values (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference, https://learn.microsoft.com/azure/devops/service-hooks/view-permission); Git Repositories actions, readPermission 2,
 * writePermission 8192, dataspaceCategory "Git" (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference, https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/security/7.1); Project action names and
 * bits (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference; bit values beyond 1 read from public client enums). Fields marked (inferred, not documented) below are
 * inferred and should be checked against a live organization.
 */

export interface NamespaceAction {
  bit: number;
  name: string;
  displayName: string;
  namespaceId: string;
}

export interface SecurityNamespaceDescription {
  namespaceId: string;
  name: string;
  displayName: string;
  separatorValue: string;
  elementLength: number;
  writePermission: number;
  readPermission: number;
  dataspaceCategory: string;
  actions: NamespaceAction[];
  structureValue: number;
  extensionType: string | null;
  isRemotable: boolean;
  useTokenTranslator: boolean;
  systemBitMask: number;
}

export const PROJECT_NAMESPACE_ID = "52d39943-cb85-4d7f-8fa8-c6baac873819";
export const SERVICE_HOOKS_NAMESPACE_ID = "cb594ebe-87dd-4fc9-ac2c-6a10a4c92046";
export const GIT_NAMESPACE_ID = "2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87";

function actions(namespaceId: string, list: Array<[number, string, string]>): NamespaceAction[] {
  return list.map(([bit, name, displayName]) => ({ bit, name, displayName, namespaceId }));
}

const PROJECT: SecurityNamespaceDescription = {
  namespaceId: PROJECT_NAMESPACE_ID,
  name: "Project",
  displayName: "Project",
  // (inferred, not documented) Tokens are `$PROJECT:vstfs:///Classification/TeamProject/{id}`; ":" splits them so that the
  // root `$PROJECT` is an ancestor of every project token.
  separatorValue: ":",
  elementLength: -1,
  writePermission: 2, // (inferred, not documented) GENERIC_WRITE
  readPermission: 1,
  dataspaceCategory: "Default",
  actions: actions(PROJECT_NAMESPACE_ID, [
    [1, "GENERIC_READ", "View project-level information"],
    [2, "GENERIC_WRITE", "Edit project-level information"],
    [4, "DELETE", "Delete team project"],
    [8, "PUBLISH_TEST_RESULTS", "Create test runs"],
    [16, "ADMINISTER_BUILD", "Administer a build"],
    [32, "START_BUILD", "Start a build"],
    [64, "EDIT_BUILD_STATUS", "Edit build quality"],
    [128, "UPDATE_BUILD", "Write to build operational store"],
    [256, "DELETE_TEST_RESULTS", "Delete test runs"],
    [512, "VIEW_TEST_RESULTS", "View test runs"],
    [2048, "MANAGE_TEST_ENVIRONMENTS", "Manage test environments"],
    [4096, "MANAGE_TEST_CONFIGURATIONS", "Manage test configurations"],
    [8192, "WORK_ITEM_DELETE", "Delete and restore work items"],
    [16384, "WORK_ITEM_MOVE", "Move work items out of this project"],
    [32768, "WORK_ITEM_PERMANENTLY_DELETE", "Permanently delete work items"],
    [65536, "RENAME", "Rename team project"],
    [131072, "MANAGE_PROPERTIES", "Manage project properties"],
    [262144, "MANAGE_SYSTEM_PROPERTIES", "Manage system project properties"],
    [524288, "BYPASS_PROPERTY_CACHE", "Bypass project property cache"],
    [1048576, "BYPASS_RULES", "Bypass rules on work item updates"],
    [2097152, "SUPPRESS_NOTIFICATIONS", "Suppress notifications for work item updates"],
    [4194304, "UPDATE_VISIBILITY", "Update project visibility"],
    [8388608, "CHANGE_PROCESS", "Change process of team project."],
    [16777216, "AGILETOOLS_BACKLOG", "Agile backlog management."],
  ]),
  structureValue: 1,
  // As the live service describes the namespace (recorded: tests/fixtures/recorded, SecurityNamespaces/52d39943…).
  extensionType: "Microsoft.TeamFoundation.ApplicationTier.PlugIns.Core.ProjectSecurityExtension",
  isRemotable: true,
  useTokenTranslator: true,
  systemBitMask: 17563648,
};

const SERVICE_HOOKS: SecurityNamespaceDescription = {
  namespaceId: SERVICE_HOOKS_NAMESPACE_ID,
  name: "ServiceHooks",
  displayName: "ServiceHooks",
  separatorValue: "/",
  elementLength: -1,
  writePermission: 7,
  readPermission: 1,
  dataspaceCategory: "Default",
  actions: actions(SERVICE_HOOKS_NAMESPACE_ID, [
    [1, "ViewSubscriptions", "View Subscriptions"],
    [2, "EditSubscriptions", "Edit Subscription"],
    [4, "DeleteSubscriptions", "Delete Subscriptions"],
    [8, "PublishEvents", "Publish Events"],
  ]),
  structureValue: 1,
  extensionType: null,
  isRemotable: true,
  useTokenTranslator: true,
  systemBitMask: 0,
};

const GIT: SecurityNamespaceDescription = {
  namespaceId: GIT_NAMESPACE_ID,
  name: "Git Repositories",
  displayName: "Git Repositories",
  separatorValue: "/",
  elementLength: -1,
  writePermission: 8192,
  readPermission: 2,
  dataspaceCategory: "Git",
  actions: actions(GIT_NAMESPACE_ID, [
    [1, "Administer", "Administer"],
    [2, "GenericRead", "Read"],
    [4, "GenericContribute", "Contribute"],
    [8, "ForcePush", "Force push (rewrite history, delete branches and tags)"],
    [16, "CreateBranch", "Create branch"],
    [32, "CreateTag", "Create tag"],
    [64, "ManageNote", "Manage notes"],
    [128, "PolicyExempt", "Bypass policies when pushing"],
    [256, "CreateRepository", "Create repository"],
    [512, "DeleteRepository", "Delete or disable repository"],
    [1024, "RenameRepository", "Rename repository"],
    [2048, "EditPolicies", "Edit policies"],
    [4096, "RemoveOthersLocks", "Remove others' locks"],
    [8192, "ManagePermissions", "Manage permissions"],
    [16384, "PullRequestContribute", "Contribute to pull requests"],
    [32768, "PullRequestBypassPolicy", "Bypass policies when completing pull requests"],
    [65536, "ViewAdvSecAlerts", "Advanced Security: view alerts"],
    [131072, "DismissAdvSecAlerts", "Advanced Security: manage and dismiss alerts"],
    [262144, "ManageAdvSecScanning", "Advanced Security: manage settings"],
  ]),
  structureValue: 1,
  extensionType: null, // (inferred, not documented)
  isRemotable: true,
  useTokenTranslator: true, // (inferred, not documented)
  systemBitMask: 0,
};

export const SECURITY_NAMESPACES: readonly SecurityNamespaceDescription[] = [PROJECT, SERVICE_HOOKS, GIT];

/** Seeds may name a namespace by id, name ("Git Repositories") or the catalogue key ("gitRepositories"). */
const ALIASES: Record<string, string> = {
  project: PROJECT_NAMESPACE_ID,
  servicehooks: SERVICE_HOOKS_NAMESPACE_ID,
  "git repositories": GIT_NAMESPACE_ID,
  gitrepositories: GIT_NAMESPACE_ID,
};

export function findNamespace(idOrName: string): SecurityNamespaceDescription | undefined {
  const key = idOrName.trim().toLowerCase();
  const id = ALIASES[key] ?? key;
  return SECURITY_NAMESPACES.find((ns) => ns.namespaceId === id);
}

/** The sum of every action bit, e.g. for an administrators' "allow all" ACE. */
export function allBits(ns: SecurityNamespaceDescription): number {
  return ns.actions.reduce((sum, a) => sum | a.bit, 0);
}

/**
 * Tokens are compared case-insensitively (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference); one trailing separator is ignored because
 * old docs wrote tokens with it and live listings without it (inferred: https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference). The result is the key
 * ACLs are stored under.
 */
export function tokenKey(ns: SecurityNamespaceDescription, token: string): string {
  let key = token.trim().toLowerCase();
  if (key.length > 1 && key.endsWith(ns.separatorValue)) key = key.slice(0, -ns.separatorValue.length);
  return key;
}

/** The token and its ancestors, closest first: `repoV2/p/r` → `repoV2/p` → `repoV2` [https://learn.microsoft.com/azure/devops/organizations/security/about-permissions]. */
export function tokenChain(ns: SecurityNamespaceDescription, key: string): string[] {
  const chain = [key];
  let current = key;
  for (;;) {
    const cut = current.lastIndexOf(ns.separatorValue);
    if (cut <= 0) break;
    current = current.slice(0, cut);
    chain.push(current);
  }
  return chain;
}

/** Whether `key` lies strictly below `ancestorKey` in the namespace's hierarchy. */
export function isDescendant(ns: SecurityNamespaceDescription, key: string, ancestorKey: string): boolean {
  return key.length > ancestorKey.length && key.startsWith(ancestorKey + ns.separatorValue);
}

/** Token builders for the per-project and per-repository objects (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference). */
export const tokens = {
  projectRoot: "$PROJECT",
  project: (projectId: string) => `$PROJECT:vstfs:///Classification/TeamProject/${projectId}`,
  hooksRoot: "PublisherSecurity",
  hooksProject: (projectId: string) => `PublisherSecurity/${projectId}`,
  gitRoot: "repoV2",
  gitProject: (projectId: string) => `repoV2/${projectId}`,
  gitRepository: (projectId: string, repositoryId: string) => `repoV2/${projectId}/${repositoryId}`,
};
