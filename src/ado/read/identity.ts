/**
 * The audited identity with its memberships and entitlement, in a fixed number of requests:
 * 1. Identities `…&queryMembership=ExpandedUp` resolves the input and returns every group it is in, transitively;
 * 2. Identities `queryMembership=Direct` for the identity and those groups (Read Identity Batch, 500 a request)
 *    gives each one's direct parents, so the core can explain the path to a group;
 * 3. Graph `groups` (paged) gives names, projects and well-known roles of the projects' other groups, which only
 *    the grant planner needs (`projectGroups`); the identity's own groups are named by the Identities API;
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
import { groupFromGraph, groupFromIdentity, selectGroups } from "./groups";
import { GRAPH_WALK_BUDGET, walkGraphMemberships } from "./graph-memberships";
import { compareClosures, describeDifference, graphClosure, graphParentsOf, unionDescriptors, withGraphMemberships } from "./membership-sources";
import { isValidUsersGroup } from "./valid-users";
import { findIdentity, toIdentityRef, type IdentityRef } from "./identity-resolution";
import { collectPages } from "../rest/paging";
import { descriptorString, type WireIdentity } from "../rest/wire";

/** Descriptors per `descriptors=` GET: keeps URLs well under common 8 KB limits. */
const DESCRIPTORS_PER_GET = 40;
/**
 * Descriptors per Read Identity Batch POST. The service documents no limit; 500 keeps each answer to a few MB
 * for groups with long member lists.
 */
const DESCRIPTORS_PER_BATCH = 500;

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

/**
 * Step 2: the identity and its groups with direct parents, in POSTs of DESCRIPTORS_PER_BATCH (two requests for
 * an identity in 900 groups, where URL-sized GETs take 23). A service that refuses the batch route (400, 404)
 * is asked again with GETs.
 */
async function readDirectMemberships(ctx: ReaderContext, resolved: ResolvedIdentity, withValidUsers: boolean): Promise<WireIdentity[]> {
  const identities = await ctx.clients.identities();
  const groups = withValidUsers ? resolved.closure : resolved.closure.filter((descriptor) => !isValidUsersGroup(descriptor));
  const all = [resolved.ref.descriptor, ...groups];
  if (all.length <= DESCRIPTORS_PER_GET) return identities.readIdentities({ descriptors: all }, "Direct");
  try {
    const results = await Promise.all(chunksOf(all, DESCRIPTORS_PER_BATCH).map((descriptors) => identities.readIdentityBatch(descriptors, "Direct")));
    return results.flat();
  } catch (error) {
    if (!isAdoError(error) || !BATCH_REFUSED.has(error.status ?? 0)) throw error;
    ctx.progress(`Reading group memberships with one request per ${DESCRIPTORS_PER_GET} groups (the batch read was refused: ${error.message})`);
    const results = await Promise.all(chunksOf(all, DESCRIPTORS_PER_GET).map((descriptors) => identities.readIdentities({ descriptors }, "Direct")));
    return results.flat();
  }
}

/** Answers that mean "no such route here" (an older server, a proxy), not "you may not". */
const BATCH_REFUSED = new Set([400, 404, 405]);

function chunksOf<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
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

export interface IdentityReadOptions {
  /**
   * Also know the well-known groups of every project in scope, from Graph's group list (paged, 500 groups a page):
   * the grant planner adds the identity to a project's Readers and applies rule 7 (Valid Users) in projects the
   * identity is in no group of yet. Without them only the identity's own groups are read, which is all an audit
   * evaluates. Default true.
   */
  projectGroups?: boolean;
  /** The organization's groups when already being read for another identity of the same run. */
  graphGroupsRead?: Promise<GroupInfo[]>;
  /** Walk Graph memberships upward and join them with the Identities API's (SnapshotOptions.crossCheckMemberships). */
  crossCheck?: boolean;
}

/** Steps 2-5 for a resolved identity; the groups are limited to what matters for `projectIds`. */
export async function readIdentityAndGroups(
  ctx: ReaderContext,
  resolved: ResolvedIdentity,
  projectIds: Set<string>,
  options: IdentityReadOptions = {},
): Promise<IdentityAndGroups> {
  const projectGroups = options.projectGroups !== false;
  const crossCheck = options.crossCheck !== false;
  const [direct, graphGroups, entitlement, graphWalk] = await Promise.all([
    // Without Graph's list, the Valid Users groups (rule 7) come from the Identities API with the other groups.
    readDirectMemberships(ctx, resolved, !projectGroups),
    projectGroups ? (options.graphGroupsRead ?? listGraphGroups(ctx)) : ([] as GroupInfo[]),
    readEntitlement(ctx, resolved.ref),
    crossCheck && resolved.ref.subjectDescriptor
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
  // Groups only Graph reached are named from Graph's list, or (without it) read from the Identities API.
  const namedOnlyGraph = projectGroups || difference.onlyGraph.length === 0 ? graphGroups : await readGroups(ctx, difference.onlyGraph);
  const groups = withGraphMemberships(selected, graphParents, difference.onlyGraph, namedOnlyGraph);
  const described = describeDifference(difference, groups);
  const compared = resolved.closure.filter((descriptor) => !isValidUsersGroup(descriptor)).length;
  const limit = graphWalk.limited ? `; Graph was asked about the first ${GRAPH_WALK_BUDGET - 1} of them and every group only it lists` : "";
  ctx.progress(described ?? `Group memberships: the Identities API and Graph agree (${compared === 1 ? "1 group" : `${compared} groups`}${limit})`);
  return { identity, groups };
}

/** Groups by identity descriptor, named as the Identities API names them. */
async function readGroups(ctx: ReaderContext, descriptors: string[]): Promise<GroupInfo[]> {
  const identities = await ctx.clients.identities();
  const results = await Promise.all(chunksOf(descriptors, DESCRIPTORS_PER_BATCH).map((chunk) => identities.readIdentityBatch(chunk, "Direct")));
  return results.flat().map(groupFromIdentity);
}
