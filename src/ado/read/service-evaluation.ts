/**
 * Azure DevOps' own evaluation of one identity: per namespace one ACL query with `descriptors=<identity>` and
 * `includeExtendedInfo=true`, the same shape the snapshot reads ACLs with (the namespace root with recurse, the
 * flat Project namespace whole). Every ACL then carries an entry for the identity whose
 * `extendedInfo.effectiveAllow/effectiveDeny` is the service's answer, groups included
 * (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query; recorded:
 * shared/reference/recorded/az-cli-2025, an unfiltered Project namespace query answering 371 ACLs with extendedInfo).
 * One request per namespace, whatever the number of cells: the second opinion never becomes a per-token read.
 */
import type { NamespaceKey } from "../../core/permissions/catalogue";
import { normalizeToken } from "../../core/permissions/tokens";
import type { ServiceBits, ServiceEvaluation } from "../../core/audit/service-check";
import type { ReaderContext } from "./identity";
import { readNamespaceAclsInScope } from "./namespace-acls";
import type { WireAccessControlList } from "../rest/wire";

export async function readServiceEvaluation(
  ctx: ReaderContext,
  descriptor: string,
  namespaces: readonly NamespaceKey[],
  /** For reading per project when a namespace's single answer does not come (read/namespace-acls.ts). */
  projectIds: readonly string[],
): Promise<ServiceEvaluation> {
  const answers = await Promise.all(
    namespaces.map(async (namespace) => {
      const acls = await readNamespaceAclsInScope(ctx, namespace, projectIds, { descriptors: [descriptor], includeExtendedInfo: true });
      return [namespace, effectiveBits(namespace, acls, descriptor)] as const;
    }),
  );
  return Object.fromEntries(answers) as ServiceEvaluation;
}

/** The identity's effective bits per normalised token; zero fields are omitted on the wire. */
export function effectiveBits(namespace: NamespaceKey, acls: readonly WireAccessControlList[], descriptor: string): Map<string, ServiceBits> {
  const wanted = descriptor.toLowerCase();
  const bits = new Map<string, ServiceBits>();
  for (const acl of acls) {
    if (!acl || typeof acl.token !== "string" || acl.token === "") continue;
    const entry = Object.values(acl.acesDictionary ?? {}).find((ace) => ace?.descriptor?.toLowerCase() === wanted);
    // Without extendedInfo the service gave no evaluation for this token: leave it unanswered.
    if (!entry?.extendedInfo) continue;
    let key: string;
    try {
      key = normalizeToken(namespace, acl.token);
    } catch {
      continue;
    }
    bits.set(key, { effectiveAllow: (entry.extendedInfo.effectiveAllow ?? 0) >>> 0, effectiveDeny: (entry.extendedInfo.effectiveDeny ?? 0) >>> 0 });
  }
  return bits;
}
