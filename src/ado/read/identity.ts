/**
 * The audited identity with its memberships and entitlement, in a fixed number of requests:
 * 1. Identities `…&queryMembership=ExpandedUp` resolves the input and returns every group it is in, transitively;
 * 2. Identities `descriptors={identity},{groups…}&queryMembership=Direct` gives each one's direct parents, so the
 *    core can explain the path to a group (chunked only for very large closures);
 * 3. Graph `groups` (paged) gives names, projects and well-known roles;
 * 4. `userentitlements/{id}` (or `serviceprincipalentitlements/{id}`) gives the access level; a 403/404 there
 *    leaves the entitlement undefined (reported as a finding, not a crash);
 * 5. Graph `memberships/{subject}?direction=up`, walked upward (one request per group the identity is in), as a
 *    second source of memberships: the union of both is used, and groups only one source knows are named in the
 *    progress output.
 */
import { normalizeDescriptor } from "../../core/permissions/descriptors";
import type { Entitlement, GroupInfo, IdentitySnapshot } from "../../core/snapshot";
import { toEntitlement } from "./entitlements";
import { isAdoError } from "../http/errors";
import type { GatewayClients } from "../rest/gateway-clients";
import { groupFromGraph, selectGroups } from "./groups";
import { GRAPH_WALK_BUDGET, walkGraphMemberships } from "./graph-memberships";
import { compareClosures, describeDifference, graphClosure, graphParentsOf, unionDescriptors, withGraphMemberships } from "./membership-sources";
import { isValidUsersGroup } from "./valid-users";
import { findIdentity, toIdentityRef, type IdentityRef } from "./identity-resolution";
import { collectPages } from "../rest/paging";
import { descriptorString, type WireIdentity } from "../rest/wire";

/** Descriptors per `descriptors=` request: keeps URLs well under common 8 KB limits. */
const DESCRIPTORS_PER_REQUEST = 40;

export interface ReaderContext {
  clients: GatewayClients;
  progress: (message: string) => void;
}

export interface ResolvedIdentity {
  ref: IdentityRef;
  /** Identity descriptors of every group the identity is in, transitively (ExpandedUp). */
  closure: string[];
}

/** Step 1: one Identities request. */
export async function resolveWithClosure(ctx: ReaderContext, query: string): Promise<ResolvedIdentity> {
  const identities = await ctx.clients.identities();
  const found = await findIdentity(identities, query, ctx.clients.organization.name, "ExpandedUp");
  const ref = toIdentityRef(found);
  const self = normalizeDescriptor(ref.descriptor);
  const closure = uniqueDescriptors((found.memberOf ?? []).map(descriptorString)).filter((d) => normalizeDescriptor(d) !== self);
  ctx.progress(`Identity: ${ref.displayName} <${ref.principalName}> (${ref.kind}), in ${closure.length} groups`);
  return { ref, closure };
}

function uniqueDescriptors(descriptors: string[]): string[] {
  const seen = new Map<string, string>();
  for (const descriptor of descriptors) if (!seen.has(normalizeDescriptor(descriptor))) seen.set(normalizeDescriptor(descriptor), descriptor);
  return [...seen.values()];
}

/** Step 2: the identity and its groups with direct parents. */
async function readDirectMemberships(ctx: ReaderContext, resolved: ResolvedIdentity): Promise<WireIdentity[]> {
  const identities = await ctx.clients.identities();
  const all = [resolved.ref.descriptor, ...resolved.closure.filter((descriptor) => !isValidUsersGroup(descriptor))];
  const chunks: string[][] = [];
  for (let i = 0; i < all.length; i += DESCRIPTORS_PER_REQUEST) chunks.push(all.slice(i, i + DESCRIPTORS_PER_REQUEST));
  const results = await Promise.all(chunks.map((descriptors) => identities.readIdentities({ descriptors }, "Direct")));
  return results.flat();
}

/** Step 3: every group of the organization, all pages. */
export async function listGraphGroups(ctx: ReaderContext): Promise<GroupInfo[]> {
  const graph = await ctx.clients.graphLists();
  const wire = await collectPages("Graph groups", (continuationToken) => graph.listGroupsPage({ continuationToken }));
  return wire.map(groupFromGraph).filter((group): group is GroupInfo => group !== undefined);
}

/** Step 4. */
export async function readEntitlement(ctx: ReaderContext, ref: IdentityRef): Promise<Entitlement | undefined> {
  try {
    const client = await ctx.clients.entitlements();
    const wire = ref.kind === "servicePrincipal" ? await client.getServicePrincipalEntitlement(ref.id) : await client.getUserEntitlement(ref.id);
    return toEntitlement(wire);
  } catch (error) {
    if (isAdoError(error, "notFound") || isAdoError(error, "forbidden")) {
      const why = error.kind === "forbidden" ? "the token may not read access levels" : "no entitlement was found";
      ctx.progress(
        `Could not read the access level of ${ref.principalName || ref.displayName} (${why}: ${error.message}); the audit continues without it.`,
      );
      return undefined;
    }
    throw error;
  }
}

export interface IdentityAndGroups {
  identity: IdentitySnapshot;
  groups: GroupInfo[];
}

/** Steps 2-5 for a resolved identity; the groups are limited to what matters for `projectIds`. */
export async function readIdentityAndGroups(
  ctx: ReaderContext,
  resolved: ResolvedIdentity,
  projectIds: Set<string>,
  /** The organization's groups when already being read for another identity of the same run. */
  graphGroupsRead?: Promise<GroupInfo[]>,
): Promise<IdentityAndGroups> {
  const [direct, graphGroups, entitlement, graphWalk] = await Promise.all([
    readDirectMemberships(ctx, resolved),
    graphGroupsRead ?? listGraphGroups(ctx),
    readEntitlement(ctx, resolved.ref),
    resolved.ref.subjectDescriptor
      ? walkGraphMemberships(ctx.clients, { identity: resolved.ref.descriptor, subject: resolved.ref.subjectDescriptor }, resolved.closure)
      : undefined,
  ]);
  const self = normalizeDescriptor(resolved.ref.descriptor);
  const selfEntry = direct.find((identity) => normalizeDescriptor(descriptorString(identity.descriptor)) === self);
  const closureGroups = direct.filter((identity) => normalizeDescriptor(descriptorString(identity.descriptor)) !== self);
  // Without the identity's own entry its direct parents are unknown; the transitive set is a safe superset.
  const memberOf = selfEntry ? (selfEntry.memberOf ?? []).map(descriptorString) : resolved.closure;

  const graphParents = graphWalk?.parents ?? new Map<string, string[]>();
  const identity: IdentitySnapshot = { ...resolved.ref, memberOf: unionDescriptors(memberOf, graphParentsOf(graphParents, resolved.ref.descriptor)) };
  if (entitlement) identity.entitlement = entitlement;
  const selected = selectGroups({ graphGroups, closureGroups, projectIds: new Set([...projectIds].map((id) => id.toLowerCase())) });
  if (!graphWalk) return { identity, groups: selected };
  const difference = compareClosures(resolved.closure, graphClosure(graphParents, resolved.ref.descriptor));
  const groups = withGraphMemberships(selected, graphParents, difference.onlyGraph, graphGroups);
  const described = describeDifference(difference, groups);
  const compared = resolved.closure.filter((descriptor) => !isValidUsersGroup(descriptor)).length;
  const limit = graphWalk.limited ? `; Graph was asked about the first ${GRAPH_WALK_BUDGET - 1} of them and every group only it lists` : "";
  ctx.progress(described ?? `Group memberships: the Identities API and Graph agree (${compared === 1 ? "1 group" : `${compared} groups`}${limit})`);
  return { identity, groups };
}
