/**
 * The identity's groups as Graph sees them: `graph/memberships/{subject}?direction=up` for the identity, then for
 * each group found, level by level, until no new group appears (cycles tolerated). One request per group walked,
 * and only the identity's own groups are walked; the transport bounds how many run at once.
 *
 * The cost is bounded: a group the Identities API also lists is walked only while the walk stays within
 * `GRAPH_WALK_BUDGET` requests (its ancestors are in the Identities API's transitive set already, so past the
 * budget only what Graph alone might add above it goes unchecked); a group only Graph lists is always walked,
 * since nothing else says what is above it. For an identity in hundreds of groups the audit so stays near its
 * fixed request count.
 *
 * Valid Users groups are left out: the live service lists them as containers, but membership in them is implicit
 * (rule 7, which the core applies) and they are in no other group (see `isValidUsersGroup`).
 */
import { normalizeDescriptor, subjectToIdentityDescriptor } from "../../core/permissions/descriptors";
import type { GatewayClients } from "../rest/gateway-clients";
import { isValidUsersGroup } from "./valid-users";

/** Most Graph memberships requests spent on groups the Identities API also lists (the identity's own included). */
export const GRAPH_WALK_BUDGET = 20;

/** Group subject types a membership can point up to (Azure DevOps groups, Entra groups, unknown groups). */
const GROUP_SUBJECT = /^(vssgp|aadgp|ungrp)\./i;

/** Direct parents by member, all as identity descriptors (the form ACEs and the Identities API use). */
export type ParentsByMember = Map<string, string[]>;

export interface GraphWalk {
  parents: ParentsByMember;
  /** True when the budget left groups the Identities API also lists unwalked. */
  limited: boolean;
}

interface Member {
  identity: string;
  subject: string;
}

/** `alsoListed`: the Identities API's transitive set (identity descriptors), which decides what the budget covers. */
export async function walkGraphMemberships(clients: GatewayClients, self: Member, alsoListed: readonly string[]): Promise<GraphWalk> {
  const graph = await clients.graphLists();
  const listed = new Set(alsoListed.map(normalizeDescriptor));
  const parents: ParentsByMember = new Map();
  const seen = new Set<string>([normalizeDescriptor(self.identity)]);
  let budget = GRAPH_WALK_BUDGET - 1;
  let limited = false;
  let level: Member[] = [self];
  while (level.length > 0) {
    const answers = await Promise.all(level.map((member) => graph.listContainers(member.subject)));
    const next: Member[] = [];
    level.forEach((member, index) => {
      const containers = answers[index]
        .map((edge) => edge.containerDescriptor)
        .filter((container) => typeof container === "string" && GROUP_SUBJECT.test(container))
        .map((subject) => ({ subject, identity: subjectToIdentityDescriptor(subject) }))
        .filter((container) => !isValidUsersGroup(container.identity));
      parents.set(
        member.identity,
        containers.map((container) => container.identity),
      );
      for (const container of containers) {
        const key = normalizeDescriptor(container.identity);
        if (seen.has(key)) continue;
        seen.add(key);
        if (!listed.has(key)) next.push(container);
        else if (budget > 0) {
          budget--;
          next.push(container);
        } else limited = true;
      }
    });
    level = next;
  }
  return { parents, limited };
}
