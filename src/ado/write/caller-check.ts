/**
 * Before offering to apply a plan: may the signed-in caller make these writes?
 *
 * - ACEs: the permissions API answers for the caller (https://learn.microsoft.com/rest/api/azure/devops/security/permissions/has-permissions-batch):
 *   `POST _apis/security/permissionevaluationbatch`, every token of every namespace in one body, with the namespace's own `writePermission`
 *   (Git Repositories 8192 ManagePermissions, ServiceHooks 7 (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference)), read from the organization.
 *   `alwaysAllowAdministrators=true`, because Project Collection Administrators may manage permissions
 *   whatever the ACEs say (https://learn.microsoft.com/azure/devops/organizations/security/about-permissions rule 4; inferred: that it covers ACL writes).
 * - Readers memberships: ManageMembership (bit 8) in the Identity namespace on the project's token
 *   `{projectId}` (namespace id and bit, https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference; inferred: that the project-level token covers its groups).
 *   A server that does not answer for that namespace gets the documented default instead: Project Collection
 *   Administrators manage every group, a project's Project Administrators manage that project's groups
 *   (https://learn.microsoft.com/azure/devops/organizations/security/about-permissions defaults; inferred: that nothing else grants it), checked on the caller's transitive memberships.
 */
import type { CallerCheck } from "../../core/grant/apply-outcome";
import { NAMESPACES, type NamespaceKey } from "../../core/permissions/catalogue";
import { normalizeDescriptor, wellKnownGroupOf } from "../../core/permissions/descriptors";
import type { GrantPlan, MembershipGrant } from "../../core/grant/model";
import type { GroupInfo } from "../../core/snapshot";
import { grantSecurityClient, type PermissionEvaluation } from "../rest/grant-clients";
import { isAdoError } from "../http/errors";
import type { GatewayClients } from "../rest/gateway-clients";
import { descriptorString } from "../rest/wire";
import { KNOWN_WRITE_PERMISSION } from "./write-permissions";

export const IDENTITY_NAMESPACE_ID = "5a27515b-ccd7-42c9-84f1-54c998f03866";
export const MANAGE_MEMBERSHIP_BIT = 8;

export type { CallerCheck };

export async function checkCallerCanApply(clients: GatewayClients, plan: GrantPlan, groups: readonly GroupInfo[]): Promise<CallerCheck> {
  const security = await grantSecurityClient(clients);
  const user = await security.authenticatedUser();
  const caller = user?.providerDisplayName || user?.descriptor || "the signed-in account";
  const refused: string[] = [];
  const unchecked: string[] = [];

  // Every ACE write's token, all namespaces in one batch (a few requests whatever the plan's size).
  const evaluations: PermissionEvaluation[] = [];
  const byNamespace: { namespace: NamespaceKey; writePermission: number; tokens: string[] }[] = [];
  for (const namespace of ["project", "serviceHooks", "gitRepositories"] as const) {
    const tokens = [...new Set(plan.changes.flatMap((change) => (change.kind === "ace" && change.namespace === namespace ? [change.token] : [])))];
    if (tokens.length === 0) continue;
    const info = NAMESPACES[namespace];
    const described = await security.getNamespace(info.id).catch((error: unknown) => {
      if (isAdoError(error, "notFound")) return undefined;
      throw error;
    });
    const writePermission = described?.writePermission || KNOWN_WRITE_PERMISSION[namespace];
    byNamespace.push({ namespace, writePermission, tokens });
    for (const token of tokens) evaluations.push({ securityNamespaceId: info.id, token, permissions: writePermission });
  }
  const answers = evaluations.length > 0 ? await security.evaluatePermissions(evaluations, true) : [];
  let next = 0;
  for (const { namespace, writePermission, tokens } of byNamespace) {
    const denied = tokens.filter((_, index) => !answers[next + index]);
    next += tokens.length;
    if (denied.length > 0) {
      refused.push(
        `${caller} may not manage permissions (${NAMESPACES[namespace].name} bits ${writePermission}) on ${denied.length === 1 ? "" : `${denied.length} tokens: `}${denied.join(", ")}`,
      );
    }
  }

  const memberships = plan.changes.filter((change): change is MembershipGrant => change.kind === "membership");
  if (memberships.length > 0) {
    const projectTokens = memberships.map((membership) => membership.projectId);
    let answers: (boolean | undefined)[];
    try {
      answers = await security.hasPermissions(IDENTITY_NAMESPACE_ID, MANAGE_MEMBERSHIP_BIT, projectTokens, true);
    } catch (error) {
      // An organization (or server) that does not answer for the Identity namespace: use the documented defaults.
      if (!isAdoError(error, "notFound") && !isAdoError(error, "server")) throw error;
      answers = await membershipByDefaults(clients, user?.descriptor, memberships, groups);
    }
    memberships.forEach((membership, index) => {
      const answer = answers[index];
      if (answer === false) refused.push(`${caller} may not manage the membership of ${membership.groupName}`);
      if (answer === undefined) unchecked.push(`whether ${caller} may add members to ${membership.groupName}`);
    });
  }

  return { caller, canApply: refused.length === 0, refused, unchecked };
}

/** Is the caller (transitively) a Project Collection Administrator, or a Project Administrator of the group's project? */
async function membershipByDefaults(
  clients: GatewayClients,
  callerDescriptor: string | undefined,
  memberships: MembershipGrant[],
  groups: readonly GroupInfo[],
): Promise<(boolean | undefined)[]> {
  const unknown = memberships.map(() => undefined);
  if (!callerDescriptor) return unknown;
  let self;
  try {
    const identities = await clients.identities();
    [self] = await identities.readIdentities({ descriptors: [callerDescriptor] }, "ExpandedUp");
  } catch (error) {
    // A token that may not read identities cannot tell; the write itself will.
    if (isAdoError(error, "forbidden") || isAdoError(error, "notFound")) return unknown;
    throw error;
  }
  if (!self) return unknown;
  const closure = new Set((self.memberOf ?? []).map((descriptor) => normalizeDescriptor(descriptorString(descriptor))));
  const collectionAdmins = groups.filter((group) => group.projectId === null && wellKnownGroupOf(group) === "projectCollectionAdministrators");
  const isCollectionAdmin = collectionAdmins.some((group) => closure.has(normalizeDescriptor(group.descriptor)));
  return memberships.map((membership) => {
    if (isCollectionAdmin) return true;
    const admins = groups.find(
      (group) => group.projectId?.toLowerCase() === membership.projectId.toLowerCase() && wellKnownGroupOf(group) === "projectAdministrators",
    );
    if (!admins && collectionAdmins.length === 0) return undefined;
    return admins !== undefined && closure.has(normalizeDescriptor(admins.descriptor));
  });
}
