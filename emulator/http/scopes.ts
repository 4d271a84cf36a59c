/**
 * OAuth scopes, as Azure DevOps checks them for an extension's or an app's token: each route accepts the scopes
 * its REST reference lists (the "Scopes" table of each operation under https://learn.microsoft.com/rest/api/azure/devops/),
 * and a broader scope includes the narrower ones of its family (https://learn.microsoft.com/azure/devops/integrate/get-started/authentication/oauth#scopes:
 * `_manage` includes `_write`, which includes read). A token without the scope a route needs is answered 401.
 *
 * Routes that list no scope are in the service's `vso.base` set (security namespaces, ACL and permission reads,
 * connectionData, resource areas, OPTIONS), which every scope implies.
 *
 * Service hooks: `vso.hooks`, `vso.hooks_write` are no longer offered to new apps, but the publishers' scopes
 * (`vso.code` for Git events, `vso.work` for work items, `vso.build` for builds) include `vso.hooks_write`, so a token
 * with `vso.code` reads and manages subscriptions (the hooks reference lists `vso.code`, `vso.work`, `vso.build`;
 * the emulator does not narrow this to the subscription's own publisher).
 */

/** Scope -> the scopes it directly includes. */
const INCLUDES: Record<string, readonly string[]> = {
  "vso.code_full": ["vso.code_manage"],
  "vso.code_manage": ["vso.code_write"],
  "vso.code_write": ["vso.code"],
  "vso.code": ["vso.hooks_write"],
  "vso.work_full": ["vso.work_write"],
  "vso.work_write": ["vso.work"],
  "vso.work": ["vso.hooks_write"],
  "vso.build_execute": ["vso.build"],
  "vso.build": ["vso.hooks_write"],
  "vso.hooks_interact": ["vso.hooks"],
  "vso.hooks_write": ["vso.hooks"],
  "vso.project_manage": ["vso.project_write"],
  "vso.project_write": ["vso.project"],
  "vso.graph_manage": ["vso.graph"],
  "vso.identity_manage": ["vso.identity"],
  "vso.memberentitlementmanagement_write": ["vso.memberentitlementmanagement"],
  "vso.profile_write": ["vso.profile"],
};

/** Every scope `granted` amounts to, lower-case. */
export function expandScopes(granted: Iterable<string>): Set<string> {
  const all = new Set<string>();
  const queue = [...granted].map((scope) => scope.trim().toLowerCase());
  while (queue.length > 0) {
    const scope = queue.pop() as string;
    if (all.has(scope)) continue;
    all.add(scope);
    queue.push(...(INCLUDES[scope] ?? []));
  }
  return all;
}

/** Whether a token with `granted` (expanded) may call a route that accepts any of `accepted`. */
export function scopesAllow(granted: ReadonlySet<string>, accepted: readonly string[] | undefined): boolean {
  if (!accepted || accepted.length === 0) return true;
  return accepted.some((scope) => granted.has(scope.toLowerCase()));
}

/** Scopes per kind of route, from the REST reference's Scopes tables. */
export const SCOPES = {
  projectRead: ["vso.project", "vso.profile"],
  codeRead: ["vso.code"],
  identityRead: ["vso.identity"],
  graphRead: ["vso.graph"],
  graphWrite: ["vso.graph_manage"],
  securityWrite: ["vso.security_manage"],
  hooksRead: ["vso.hooks"],
  hooksWrite: ["vso.hooks_write"],
  entitlementsRead: ["vso.memberentitlementmanagement"],
  entitlementsWrite: ["vso.memberentitlementmanagement_write"],
} as const satisfies Record<string, readonly string[]>;
