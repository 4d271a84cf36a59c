/**
 * The audit: every required permission of the identity on every project and repository, plus the
 * entitlement findings, as the `AuditReport` contract (report.ts, design.md).
 */
import { isProjectComplete } from "./completion";
import {
  NAMESPACES,
  PROJECT_PERMISSIONS,
  REPOSITORY_PERMISSIONS,
  type NamespaceKey,
  type ProjectPermissionKey,
  type RepositoryPermissionKey,
  type RequiredPermission,
} from "../permissions/catalogue";
import { aclIndexFor, evaluate, type AclIndex, type AclIndexCache } from "../permissions/evaluate";
import { entitlementFindings } from "./findings";
import { collectionAdminDescriptors, identityClosure, type ClosureLookup } from "../permissions/closure";
import { REPORT_SCHEMA_VERSION, type AuditReport, type AuditView, type PermissionResult, type ProjectAudit, type RepositoryAudit } from "./report";
import type { GroupInfo, OrgSnapshot, ProjectInfo, RepositoryInfo } from "../snapshot";
import { tokenFor } from "../permissions/tokens";

export interface AuditOptions {
  now: Date;
  /** Only these projects (ids, any case); every project when absent. */
  projectIds?: string[];
  /**
   * Reuse ACL indexes across audits of snapshots that share ACL lists (the grant planner audits many
   * simulated snapshots whose unchanged namespaces are the same arrays). Only for lists nobody mutates.
   */
  aclIndexCache?: AclIndexCache;
  /**
   * The identity's closure when the caller already has it (the grant planner's redundancy check derives it from
   * a larger one, see grant/closure-removal.ts); computed from the snapshot when absent.
   */
  closure?: ClosureLookup;
  /** Explain allowed cells (default true); without, an allowed cell is `effective` and `token` only. */
  explainAllowed?: boolean;
}

/**
 * An audit not yet evaluated: `projects` evaluates every cell afresh, one project at a time, each time it is
 * iterated (see AuditView). `findingsOk` is true when no entitlement finding is an error.
 */
export interface EvaluatedAudit {
  head: Omit<AuditReport, "ok" | "projects">;
  findingsOk: boolean;
  projects: Iterable<ProjectAudit>;
}

export function audit(snapshot: OrgSnapshot, options: AuditOptions): AuditReport {
  const evaluated = evaluateAudit(snapshot, options);
  const projects = [...evaluated.projects];
  return reportOf(evaluated, evaluated.findingsOk && projects.every(isProjectComplete), projects);
}

/** The audit as a view: `ok` takes one pass, which stops at the first project that is not complete. */
export function auditView(evaluated: EvaluatedAudit): AuditView {
  let ok = evaluated.findingsOk;
  for (const project of evaluated.projects) {
    if (!ok) break;
    ok = isProjectComplete(project);
  }
  return reportOf(evaluated, ok, evaluated.projects);
}

/** The report's fields in the order the JSON report writes them. */
function reportOf<P extends Iterable<ProjectAudit>>(evaluated: EvaluatedAudit, ok: boolean, projects: P) {
  const { schemaVersion, organization, identity, findings } = evaluated.head;
  return { schemaVersion, organization, identity, ok, findings, projects };
}

export function evaluateAudit(snapshot: OrgSnapshot, options: AuditOptions): EvaluatedAudit {
  const projects =
    options.projectIds === undefined ? allProjectsSorted(snapshot.projects) : sortByName(selectProjects(snapshot.projects, options.projectIds));
  const closure = options.closure ?? identityClosure(snapshot.identity, snapshot.groups);
  const context: Context = {
    closure,
    groups: snapshot.groups,
    collectionAdmins: collectionAdminDescriptors(snapshot.groups),
    // Built now, so that an audit read later (an AuditView's projects) holds the indexes, not the snapshot's ACLs too.
    indexes: aclIndexes(snapshot.acls, options.aclIndexCache),
    explainAllowed: options.explainAllowed !== false,
    keepTokens: options.aclIndexCache !== undefined,
  };
  const reposByProject = repositoriesByProject(snapshot.repositories);
  const projectAudit = (project: ProjectInfo): ProjectAudit => ({
    id: project.id,
    name: project.name,
    permissions: projectPermissions(context, project),
    repositories: (reposByProject.get(project.id.toLowerCase()) ?? []).map((repo) => repositoryAudit(context, repo)),
  });

  const findings = entitlementFindings(snapshot.identity, options.now);
  const { identity } = snapshot;
  return {
    head: {
      schemaVersion: REPORT_SCHEMA_VERSION,
      organization: snapshot.organization.name,
      identity: {
        displayName: identity.displayName,
        principalName: identity.principalName,
        kind: identity.kind,
        subjectDescriptor: identity.subjectDescriptor,
        descriptor: identity.descriptor,
        accessLevel: identity.entitlement?.accessLevel ?? null,
        lastAccessedDate: identity.entitlement?.lastAccessedDate ?? null,
      },
      findings,
    },
    findingsOk: findings.every((finding) => finding.severity !== "error"),
    projects: {
      *[Symbol.iterator]() {
        for (const project of projects) yield projectAudit(project);
      },
    },
  };
}

interface Context {
  closure: ClosureLookup;
  groups: readonly GroupInfo[];
  collectionAdmins: ReadonlySet<string>;
  indexes: ReadonlyMap<NamespaceKey, AclIndex>;
  explainAllowed: boolean;
  /** Keep each project's and repository's tokens (see tokenOf). */
  keepTokens: boolean;
}

function aclIndexes(acls: OrgSnapshot["acls"], cache: AclIndexCache | undefined): Map<NamespaceKey, AclIndex> {
  const indexes = new Map<NamespaceKey, AclIndex>();
  for (const namespace of Object.keys(NAMESPACES) as NamespaceKey[]) {
    // An index shared through the cache is audited many times: it keeps its token chains.
    indexes.set(namespace, aclIndexFor(namespace, acls?.[namespace] ?? [], cache, { retainChains: cache !== undefined }));
  }
  return indexes;
}

function check(context: Context, namespace: NamespaceKey, token: string, bit: number, permissionName: string): PermissionResult {
  return evaluate({
    namespace,
    token,
    bit,
    acls: context.indexes.get(namespace)!,
    closure: context.closure,
    groups: context.groups,
    collectionAdmins: context.collectionAdmins,
    permissionName,
    explainAllowed: context.explainAllowed,
  });
}

/** "Contribute (Git Repositories GenericContribute)": the UI's words plus the namespace's own action name. */
function permissionLabel(permission: RequiredPermission): string {
  return `${permission.displayName} (${NAMESPACES[permission.namespace].name} ${permission.key})`;
}

const LABELS = new Map<RequiredPermission, string>(
  [...PROJECT_PERMISSIONS, ...REPOSITORY_PERMISSIONS].map((permission) => [permission, permissionLabel(permission)]),
);

/**
 * Tokens per project and repository, kept for audits that share a cache (the grant planner audits the same
 * tokens many times: the same string each time, hashed once, instead of a new one per audit). A single audit
 * builds them as it goes and keeps none.
 */
const tokensOf = new WeakMap<ProjectInfo | RepositoryInfo, Partial<Record<NamespaceKey, string>>>();

function tokenOf(context: Context, namespace: NamespaceKey, owner: ProjectInfo | RepositoryInfo): string {
  const make = () => ("projectId" in owner ? tokenFor(namespace, owner.projectId, owner.id) : tokenFor(namespace, owner.id));
  if (!context.keepTokens) return make();
  let tokens = tokensOf.get(owner);
  if (!tokens) tokensOf.set(owner, (tokens = {}));
  return (tokens[namespace] ??= make());
}

function projectPermissions(context: Context, project: ProjectInfo): Record<ProjectPermissionKey, PermissionResult> {
  const permissions = {} as Record<ProjectPermissionKey, PermissionResult>;
  for (const permission of PROJECT_PERMISSIONS) {
    permissions[permission.key as ProjectPermissionKey] = check(
      context,
      permission.namespace,
      tokenOf(context, permission.namespace, project),
      permission.bit,
      LABELS.get(permission)!,
    );
  }
  return permissions;
}

function repositoryAudit(context: Context, repo: RepositoryInfo): RepositoryAudit {
  const permissions = {} as Record<RepositoryPermissionKey, PermissionResult>;
  for (const permission of REPOSITORY_PERMISSIONS) {
    permissions[permission.key as RepositoryPermissionKey] = check(
      context,
      permission.namespace,
      tokenOf(context, permission.namespace, repo),
      permission.bit,
      LABELS.get(permission)!,
    );
  }
  return { id: repo.id, name: repo.name, isDisabled: repo.isDisabled, permissions };
}

/** Projects by lower-cased id, per list (never mutated): the planner audits a few projects at a time, many times. */
const projectsById = new WeakMap<readonly ProjectInfo[], Map<string, ProjectInfo>>();

function selectProjects(projects: readonly ProjectInfo[], projectIds: string[] | undefined): ProjectInfo[] {
  if (projectIds === undefined) return [...projects];
  let byId = projectsById.get(projects);
  if (!byId) projectsById.set(projects, (byId = new Map(projects.map((project) => [project.id.toLowerCase(), project]))));
  const selected = new Map<string, ProjectInfo>();
  for (const id of projectIds) {
    const project = byId.get(id.toLowerCase());
    if (!project) throw new Error(`Project "${id}" is not in the organization snapshot`);
    selected.set(id.toLowerCase(), project);
  }
  return [...selected.values()];
}

/** Every project in report order, sorted once per list (the planner audits the same list many times). */
const sortedProjects = new WeakMap<readonly ProjectInfo[], readonly ProjectInfo[]>();

function allProjectsSorted(projects: readonly ProjectInfo[]): readonly ProjectInfo[] {
  let sorted = sortedProjects.get(projects);
  if (!sorted) sortedProjects.set(projects, (sorted = sortByName(projects)));
  return sorted;
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/** By name as people read it (case-insensitive, numbers in order), then by id so ties are stable. */
function sortByName<T extends { name: string; id: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Repositories per project (lower-cased id) in report order, grouped and sorted once per list: the grant planner audits many simulated
 * states that share the snapshot's repository list, often for one project at a time. Lists are never mutated.
 */
const groupedRepositories = new WeakMap<readonly RepositoryInfo[], Map<string, RepositoryInfo[]>>();

function repositoriesByProject(repositories: readonly RepositoryInfo[]): Map<string, RepositoryInfo[]> {
  let grouped = groupedRepositories.get(repositories);
  if (!grouped) {
    grouped = new Map();
    for (const repo of repositories) {
      const key = repo.projectId.toLowerCase();
      const list = grouped.get(key);
      if (list) list.push(repo);
      else grouped.set(key, [repo]);
    }
    // Sorted once here, not on every audit of the list.
    for (const [key, list] of grouped) grouped.set(key, sortByName(list));
    groupedRepositories.set(repositories, grouped);
  }
  return grouped;
}
