/**
 * Effective permissions, computed the way the reference describes Azure DevOps deciding them
 * [https://learn.microsoft.com/azure/devops/organizations/security/about-permissions, rules from C https://learn.microsoft.com/azure/devops/organizations/security/about-permissions; algorithm I, consistent with MONDOO acl.go]. This is the
 * emulator's own implementation, deliberately independent of src/core, so that a test comparing the
 * two catches a mistake in either.
 *
 *  - The identity carries every group it is transitively in, plus the implicit Valid Users groups.
 *  - Tokens are walked from the most specific to the root; at each level the bits the identity or any
 *    of its groups set (allow or deny) are decided there, and a deny beats an allow on the same level.
 *    A bit decided on a more specific token is not changed by an ancestor ("specificity trumps inheritance").
 *  - An ACL with `inheritPermissions: false` stops the walk.
 *  - Project Collection Administrators keep what their group is allowed even when another group
 *    denies it (https://learn.microsoft.com/azure/devops/organizations/security/about-permissions rule 4): for a PCA member, the PCA group's own effective allows are added
 *    and removed from the denies.
 */
import type { AclRecord, IdentityRecord } from "./records";
import { tokenChain, tokenKey, type SecurityNamespaceDescription } from "./namespaces";
import type { OrgState } from "./state";

export interface Evaluation {
  effectiveAllow: number;
  effectiveDeny: number;
  /** Bits received from ancestor tokens and not decided on the token itself (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query AceExtendedInformation). */
  inheritedAllow: number;
  inheritedDeny: number;
}

interface Fold {
  allow: number;
  deny: number;
}

function fold(acls: Map<string, AclRecord>, chain: string[], members: ReadonlySet<string>): Fold {
  let decided = 0;
  let allow = 0;
  let deny = 0;
  for (const key of chain) {
    const acl = acls.get(key);
    if (!acl) continue;
    let a = 0;
    let d = 0;
    for (const [descriptorKey, ace] of acl.aces) {
      if (members.has(descriptorKey)) {
        a |= ace.allow;
        d |= ace.deny;
      }
    }
    deny |= d & ~decided;
    allow |= a & ~d & ~decided;
    decided |= a | d;
    if (!acl.inheritPermissions) break;
  }
  return { allow: allow >>> 0, deny: deny >>> 0 };
}

/** Bits the identity or its groups set explicitly on exactly this ACL. */
function decidedAt(acl: AclRecord | undefined, members: ReadonlySet<string>): number {
  let bits = 0;
  for (const [descriptorKey, ace] of acl?.aces ?? []) if (members.has(descriptorKey)) bits |= ace.allow | ace.deny;
  return bits;
}

function evaluateMembers(acls: Map<string, AclRecord>, chain: string[], members: ReadonlySet<string>): Evaluation {
  const effective = fold(acls, chain, members);
  const own = acls.get(chain[0]);
  const inherits = own === undefined || own.inheritPermissions;
  const inherited = inherits ? fold(acls, chain.slice(1), members) : { allow: 0, deny: 0 };
  const decidedHere = decidedAt(own, members);
  return {
    effectiveAllow: effective.allow,
    effectiveDeny: effective.deny,
    inheritedAllow: (inherited.allow & ~decidedHere) >>> 0,
    inheritedDeny: (inherited.deny & ~decidedHere) >>> 0,
  };
}

/**
 * Effective permissions of an identity (with its groups) on a token. A descriptor the organization does
 * not know is evaluated on its own ACEs only.
 */
export function evaluate(state: OrgState, ns: SecurityNamespaceDescription, token: string, subject: IdentityRecord | string): Evaluation {
  const identity = typeof subject === "string" ? state.byIdentityDescriptor(subject) : subject;
  const members = identity ? state.evaluationClosure(identity) : new Set([(subject as string).toLowerCase()]);
  const acls = state.namespaceAcls(ns.namespaceId);
  const chain = tokenChain(ns, tokenKey(ns, token));
  const result = evaluateMembers(acls, chain, members);
  const pca = state.orgGroup("projectCollectionAdministrators");
  if (identity && pca && pca !== identity && state.isCollectionAdministrator(identity)) {
    const kept = evaluateMembers(acls, chain, state.evaluationClosure(pca)).effectiveAllow;
    result.effectiveAllow = (result.effectiveAllow | kept) >>> 0;
    result.effectiveDeny = (result.effectiveDeny & ~kept) >>> 0;
  }
  return result;
}

/**
 * The answer the permission-check APIs give the caller: all requested bits effectively allowed, or
 * (with alwaysAllowAdministrators) the caller is a Project Collection Administrator (https://learn.microsoft.com/rest/api/azure/devops/security/permissions/has-permissions-batch).
 */
export function hasPermission(
  state: OrgState,
  ns: SecurityNamespaceDescription,
  token: string,
  identity: IdentityRecord,
  bits: number,
  alwaysAllowAdministrators = false,
): boolean {
  if (alwaysAllowAdministrators && state.isCollectionAdministrator(identity)) return true;
  const e = evaluate(state, ns, token, identity);
  return (e.effectiveAllow & bits) >>> 0 === bits >>> 0 && (e.effectiveDeny & bits) === 0;
}
