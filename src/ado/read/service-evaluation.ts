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
      const keep = (acl: WireAccessControlList) => tokenBits(namespace, acl, descriptor.toLowerCase());
      const bits = await readNamespaceAclsInScope(ctx, namespace, projectIds, { descriptors: [descriptor], includeExtendedInfo: true }, keep);
      return [namespace, new Map(bits)] as const;
    }),
  );
  return Object.fromEntries(answers) as ServiceEvaluation;
}

/** One ACL's answer for the identity (`wanted`, lower-cased): its normalised token and effective bits, if any. */
function tokenBits(namespace: NamespaceKey, acl: WireAccessControlList, wanted: string): [string, ServiceBits] | undefined {
  if (!acl || typeof acl.token !== "string" || acl.token === "") return undefined;
  const entry = Object.values(acl.acesDictionary ?? {}).find((ace) => ace?.descriptor?.toLowerCase() === wanted);
  // Without extendedInfo the service gave no evaluation for this token: leave it unanswered.
  if (!entry?.extendedInfo) return undefined;
  let key: string;
  try {
    key = normalizeToken(namespace, acl.token);
  } catch {
    return undefined;
  }
  return [key, { effectiveAllow: (entry.extendedInfo.effectiveAllow ?? 0) >>> 0, effectiveDeny: (entry.extendedInfo.effectiveDeny ?? 0) >>> 0 }];
}
