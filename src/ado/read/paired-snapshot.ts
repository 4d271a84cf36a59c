/**
 * One read of an organization for two identities (a migration from a service user to a service principal):
 * projects, repositories, the three namespaces' ACLs, the Graph groups and the service hook subscriptions
 * are read once and shared; only what is personal is read per identity (the Identities lookups with their
 * memberships, and the entitlement). Two snapshots come out, each exactly what `readSnapshot` would give for
 * its identity, plus the subscriptions in scope with the first identity as the one whose creations count.
 */
import type { HooksSnapshot } from "../../core/hooks/index";
import type { OrgSnapshot, ProjectInfo } from "../../core/snapshot";
import { subscriptionsInScope } from "./hooks";
import { listGraphGroups, readIdentityAndGroups, resolveWithClosure, type ReaderContext } from "./identity";
import { listAllProjects, selectProjects } from "./projects";
import { HooksApi } from "../rest/hooks-client";
import { aclsForScope, assembleSnapshot, NAMESPACE_KEYS } from "./snapshot";
import { readNamespaceAclsInScope } from "./namespace-acls";
import { readRepositoriesInScope } from "./repositories";

export interface PairedSnapshotOptions {
  /** The identity dbt Cloud uses today (UPN/e-mail, display name or descriptor). */
  from: string;
  /** The identity it moves to. */
  to: string;
  /** Project names or ids; all projects when empty or absent. */
  projects?: string[];
}

export interface PairedSnapshot {
  from: OrgSnapshot;
  to: OrgSnapshot;
  /**
   * The subscriptions in scope, with `from` as the service user whose creations are told apart. Delivery
   * history and view permissions are not read (`notifications` and `canViewSubscriptions` are empty): only who
   * created each subscription matters here.
   */
  hooks: HooksSnapshot;
}

export async function readPairedSnapshot(ctx: ReaderContext, options: PairedSnapshotOptions): Promise<PairedSnapshot> {
  const filters = options.projects ?? [];
  const hooksApi = HooksApi.of(ctx.clients);
  const [from, to, projects, allSubscriptions] = await Promise.all([
    resolveWithClosure(ctx, options.from),
    resolveWithClosure(ctx, options.to),
    (async () => selectProjects(await listAllProjects(await ctx.clients.core(), ctx.progress), filters, ctx.clients.organization.name))(),
    (async () => (await hooksApi).listSubscriptions())(),
  ]);
  ctx.progress(`Projects in scope: ${projects.length}`);
  const projectIds = new Set(projects.map((project: ProjectInfo) => project.id.toLowerCase()));

  const graphGroups = listGraphGroups(ctx);
  const [fromPart, toPart, repositories, ...wireAcls] = await Promise.all([
    readIdentityAndGroups(ctx, from, projectIds, { graphGroupsRead: graphGroups }),
    readIdentityAndGroups(ctx, to, projectIds, { graphGroupsRead: graphGroups }),
    readRepositoriesInScope(ctx, projectIds),
    ...NAMESPACE_KEYS.map((namespace) => readNamespaceAclsInScope(ctx, namespace, [...projectIds])),
  ]);
  ctx.progress(`Repositories in scope: ${repositories.length}`);

  const shared = { projects, repositories, acls: aclsForScope(projects, repositories, wireAcls) };
  const ref = from.ref;
  return {
    from: assembleSnapshot(ctx.clients, { ...fromPart, ...shared }),
    to: assembleSnapshot(ctx.clients, { ...toPart, ...shared }),
    hooks: {
      organization: { name: ctx.clients.organization.name, url: ctx.clients.organization.url },
      projects,
      repositories,
      subscriptions: subscriptionsInScope(allSubscriptions, projects, filters.length === 0),
      notifications: {},
      canViewSubscriptions: {},
      serviceUser: { id: ref.id, displayName: ref.displayName, principalName: ref.principalName, subjectDescriptor: ref.subjectDescriptor },
    },
  };
}
