/**
 * One organization's live state: identities and memberships, projects, repositories, ACLs,
 * service-hook subscriptions and credentials. Route handlers read and change it; tests inspect it
 * through `RunningEmulator.state(org)`.
 */
import type {
  AceRecord,
  AclRecord,
  ExpectedGap,
  IdentityRecord,
  ProjectRecord,
  RepositoryRecord,
  SubscriptionRecord,
  TokenRecord,
  WellKnownGroup,
} from "./records";
import { findNamespace, isDescendant, tokenKey, type SecurityNamespaceDescription } from "./namespaces";

const lower = (value: string) => value.toLowerCase();

export class OrgState {
  readonly identities: IdentityRecord[] = [];
  readonly projects: ProjectRecord[] = [];
  readonly repositories: RepositoryRecord[] = [];
  /** Namespace id → token key → ACL. */
  readonly acls = new Map<string, Map<string, AclRecord>>();
  /** Keyed by lower-case subscription id. */
  readonly subscriptions = new Map<string, SubscriptionRecord>();
  readonly tokens = new Map<string, TokenRecord>();
  readonly expectedGaps: ExpectedGap[] = [];
  /** Whose gaps `expectedGaps` lists. */
  expectedGapsFor: IdentityRecord | undefined;
  /** Bumped on every write; served as connectionData's lastChangeId. */
  changeId = 1;
  /** Sent as `X-VSS-ResourceTenant`: the Entra tenant backing the organization, all zeros when none. */
  resourceTenantId = "";

  private readonly byDescriptor = new Map<string, IdentityRecord>();
  private readonly bySubject = new Map<string, IdentityRecord>();
  private readonly byId = new Map<string, IdentityRecord>();
  private readonly byName = new Map<string, IdentityRecord>();
  private readonly projectByKey = new Map<string, ProjectRecord>();
  private readonly repoById = new Map<string, RepositoryRecord>();
  private readonly reposByProject = new Map<string, RepositoryRecord[]>();
  /** Explicit direct memberships, both directions, keyed by lower-case identity descriptor. */
  private readonly parents = new Map<string, Set<string>>();
  private readonly children = new Map<string, Set<string>>();
  /**
   * Memberships only the service's own evaluation follows, never listed by Identities or Graph: as with an
   * Entra group whose members Azure DevOps resolves when it evaluates permissions but does not enumerate.
   */
  private readonly hiddenParents = new Map<string, Set<string>>();
  /** Direct memberships only Graph lists (seed `graphOnlyMembers`), member -> containers, lower-case descriptors. */
  private readonly graphOnlyParents = new Map<string, Set<string>>();
  private readonly closureCache = new Map<string, ReadonlySet<string>>();
  private readonly evaluationClosureCache = new Map<string, ReadonlySet<string>>();
  private readonly projectValidUsers = new Map<string, IdentityRecord>();
  private readonly wellKnownOrgGroups = new Map<WellKnownGroup, IdentityRecord>();

  constructor(
    readonly name: string,
    readonly id: string,
    readonly tenantId: string,
  ) {}

  // ---- identities -------------------------------------------------------------------------------

  addIdentity(identity: IdentityRecord): void {
    const keys = [identity.descriptor, identity.subjectDescriptor, identity.id];
    for (const key of keys) {
      if (this.byDescriptor.has(lower(key)) || this.bySubject.has(lower(key)) || this.byId.has(lower(key))) {
        throw new Error(`Organization ${this.name}: duplicate identity key ${key}`);
      }
    }
    this.identities.push(identity);
    this.byDescriptor.set(lower(identity.descriptor), identity);
    this.bySubject.set(lower(identity.subjectDescriptor), identity);
    this.byId.set(lower(identity.id), identity);
    if (!this.byName.has(lower(identity.principalName))) this.byName.set(lower(identity.principalName), identity);
    if (identity.kind === "serviceIdentity") this.byName.set(lower(identity.displayName), identity);
    const group = identity.group;
    if (group?.wellKnown === "projectValidUsers" && group.projectId) this.projectValidUsers.set(group.projectId, identity);
    if (group?.wellKnown && !group.projectId) this.wellKnownOrgGroups.set(group.wellKnown, identity);
  }

  byIdentityDescriptor(descriptor: string): IdentityRecord | undefined {
    return this.byDescriptor.get(lower(descriptor));
  }

  bySubjectDescriptor(descriptor: string): IdentityRecord | undefined {
    return this.bySubject.get(lower(descriptor));
  }

  byStorageKey(id: string): IdentityRecord | undefined {
    return this.byId.get(lower(id));
  }

  /** Resolves a seed/test reference: identity descriptor, subject descriptor, storage key or principal name. */
  resolve(ref: string): IdentityRecord | undefined {
    const key = lower(ref.trim());
    return this.byDescriptor.get(key) ?? this.bySubject.get(key) ?? this.byId.get(key) ?? this.byName.get(key);
  }

  /** The organization-level well-known group (PCA, PCVU). */
  orgGroup(wellKnown: WellKnownGroup): IdentityRecord | undefined {
    return this.wellKnownOrgGroups.get(wellKnown);
  }

  groups(): IdentityRecord[] {
    return this.identities.filter((i) => i.kind === "group");
  }

  // ---- memberships ------------------------------------------------------------------------------

  /** Adds an explicit membership; false when it already existed. */
  addMembership(member: IdentityRecord, container: IdentityRecord): boolean {
    if (container.kind !== "group") throw new Error(`${container.principalName} is not a group`);
    const m = lower(member.descriptor);
    const c = lower(container.descriptor);
    const ups = this.parents.get(m) ?? new Set<string>();
    if (ups.has(c)) return false;
    ups.add(c);
    this.parents.set(m, ups);
    const downs = this.children.get(c) ?? new Set<string>();
    downs.add(m);
    this.children.set(c, downs);
    this.membershipChanged();
    return true;
  }

  /** A membership only Graph memberships list (not the Identities API, not the evaluation). */
  addGraphOnlyMembership(member: IdentityRecord, container: IdentityRecord): void {
    if (container.kind !== "group") throw new Error(`${container.principalName} is not a group`);
    const ups = this.graphOnlyParents.get(lower(member.descriptor)) ?? new Set<string>();
    ups.add(lower(container.descriptor));
    this.graphOnlyParents.set(lower(member.descriptor), ups);
  }

  /**
   * Direct containers as Graph memberships list them: the explicit ones, those only Graph knows, and for a project
   * group its project's Valid Users group, which the live service lists although that membership is implicit
   * (recorded: tests/fixtures/recorded, Graph/Memberships/{project group}?direction=up).
   */
  graphParents(identity: IdentityRecord): IdentityRecord[] {
    const parents = [...this.directParents(identity)];
    const add = (group: IdentityRecord | undefined) => {
      if (group && group !== identity && !parents.includes(group)) parents.push(group);
    };
    for (const group of this.recordsOf(this.graphOnlyParents.get(lower(identity.descriptor)))) add(group);
    const projectId = identity.group?.projectId;
    if (projectId) add(this.projectValidUsers.get(projectId));
    return parents;
  }

  removeMembership(member: IdentityRecord, container: IdentityRecord): boolean {
    const m = lower(member.descriptor);
    const c = lower(container.descriptor);
    const removed = this.parents.get(m)?.delete(c) ?? false;
    this.children.get(c)?.delete(m);
    if (removed) this.membershipChanged();
    return removed;
  }

  /** A membership the permission evaluation follows but no listing API shows (see hiddenParents). */
  addHiddenMembership(member: IdentityRecord, container: IdentityRecord): void {
    if (container.kind !== "group") throw new Error(`${container.principalName} is not a group`);
    const ups = this.hiddenParents.get(lower(member.descriptor)) ?? new Set<string>();
    ups.add(lower(container.descriptor));
    this.hiddenParents.set(lower(member.descriptor), ups);
    this.membershipChanged();
  }

  hasMembership(member: IdentityRecord, container: IdentityRecord): boolean {
    return this.parents.get(lower(member.descriptor))?.has(lower(container.descriptor)) ?? false;
  }

  /** Explicit direct containers of an identity. */
  directParents(identity: IdentityRecord): IdentityRecord[] {
    return this.recordsOf(this.parents.get(lower(identity.descriptor)));
  }

  /** Explicit direct members of a group. */
  directMembers(group: IdentityRecord): IdentityRecord[] {
    return this.recordsOf(this.children.get(lower(group.descriptor)));
  }

  /**
   * Lower-case descriptors of the identity and every group it is in: explicit memberships followed
   * transitively (cycles tolerated), plus the implicit Valid Users groups (https://learn.microsoft.com/azure/devops/organizations/security/about-permissions rule 7):
   * anything in a project group is in that project's Project Valid Users, and every identity of the
   * organization is in Project Collection Valid Users.
   */
  closure(identity: IdentityRecord): ReadonlySet<string> {
    return this.closureOf(identity, false);
  }

  /** The closure the service evaluates permissions with: closure() plus the hidden memberships. */
  evaluationClosure(identity: IdentityRecord): ReadonlySet<string> {
    return this.closureOf(identity, true);
  }

  private closureOf(identity: IdentityRecord, withHidden: boolean): ReadonlySet<string> {
    const cache = withHidden ? this.evaluationClosureCache : this.closureCache;
    const start = lower(identity.descriptor);
    const cached = cache.get(start);
    if (cached) return cached;
    const seen = new Set<string>([start]);
    const queue = [start];
    const visit = (key: string) => {
      if (!seen.has(key)) {
        seen.add(key);
        queue.push(key);
      }
    };
    const everyone = this.wellKnownOrgGroups.get("projectCollectionValidUsers");
    if (everyone && this.byDescriptor.has(start)) visit(lower(everyone.descriptor));
    while (queue.length > 0) {
      const key = queue.shift() as string;
      for (const parent of this.parents.get(key) ?? []) visit(parent);
      if (withHidden) for (const parent of this.hiddenParents.get(key) ?? []) visit(parent);
      const projectId = this.byDescriptor.get(key)?.group?.projectId;
      const validUsers = projectId ? this.projectValidUsers.get(projectId) : undefined;
      if (validUsers) visit(lower(validUsers.descriptor));
    }
    cache.set(start, seen);
    return seen;
  }

  /** The identity's groups (transitively, including implicit Valid Users), without itself. */
  expandedParents(identity: IdentityRecord): IdentityRecord[] {
    const own = lower(identity.descriptor);
    return this.recordsOf([...this.closure(identity)].filter((key) => key !== own));
  }

  /** Members of a group followed down transitively (explicit memberships only). */
  expandedMembers(group: IdentityRecord): IdentityRecord[] {
    const seen = new Set<string>();
    const queue = [lower(group.descriptor)];
    while (queue.length > 0) {
      for (const child of this.children.get(queue.shift() as string) ?? []) {
        if (!seen.has(child)) {
          seen.add(child);
          queue.push(child);
        }
      }
    }
    seen.delete(lower(group.descriptor));
    return this.recordsOf(seen);
  }

  isCollectionAdministrator(identity: IdentityRecord): boolean {
    const pca = this.wellKnownOrgGroups.get("projectCollectionAdministrators");
    return pca !== undefined && this.evaluationClosure(identity).has(lower(pca.descriptor));
  }

  private membershipChanged(): void {
    this.closureCache.clear();
    this.evaluationClosureCache.clear();
    this.changeId++;
  }

  private recordsOf(keys: Iterable<string> | undefined): IdentityRecord[] {
    const out: IdentityRecord[] = [];
    for (const key of keys ?? []) {
      const record = this.byDescriptor.get(key);
      if (record) out.push(record);
    }
    return out;
  }

  // ---- projects and repositories ----------------------------------------------------------------

  addProject(project: ProjectRecord): void {
    if (this.projectByKey.has(lower(project.id)) || this.projectByKey.has(lower(project.name))) {
      throw new Error(`Organization ${this.name}: duplicate project ${project.name}`);
    }
    this.projects.push(project);
    this.projectByKey.set(lower(project.id), project);
    this.projectByKey.set(lower(project.name), project);
    this.reposByProject.set(project.id, []);
  }

  /** By id or name, case-insensitively. */
  project(idOrName: string): ProjectRecord | undefined {
    return this.projectByKey.get(lower(idOrName));
  }

  addRepository(repository: RepositoryRecord): void {
    const siblings = this.reposByProject.get(repository.projectId);
    if (!siblings) throw new Error(`Repository ${repository.name}: unknown project ${repository.projectId}`);
    if (this.repoById.has(lower(repository.id)) || siblings.some((r) => lower(r.name) === lower(repository.name))) {
      throw new Error(`Organization ${this.name}: duplicate repository ${repository.name}`);
    }
    this.repositories.push(repository);
    this.repoById.set(lower(repository.id), repository);
    siblings.push(repository);
  }

  repositoriesOf(projectId: string): RepositoryRecord[] {
    return this.reposByProject.get(projectId) ?? [];
  }

  /** A repository by id anywhere, or by name within a project. */
  repository(idOrName: string, projectId?: string): RepositoryRecord | undefined {
    const byId = this.repoById.get(lower(idOrName));
    if (byId && (!projectId || byId.projectId === projectId)) return byId;
    if (!projectId) return undefined;
    return this.repositoriesOf(projectId).find((r) => lower(r.name) === lower(idOrName));
  }

  // ---- access control lists ---------------------------------------------------------------------

  namespaceAcls(namespaceId: string): Map<string, AclRecord> {
    const id = lower(namespaceId);
    let map = this.acls.get(id);
    if (!map) {
      map = new Map();
      this.acls.set(id, map);
    }
    return map;
  }

  /** The ACL stored on exactly this token (compared case-insensitively), if any. */
  acl(namespaceId: string, token: string): AclRecord | undefined {
    const ns = this.requireNamespace(namespaceId);
    return this.namespaceAcls(ns.namespaceId).get(tokenKey(ns, token));
  }

  /** The ACL on this token, created with `inheritPermissions: true` when missing (inferred: https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries). */
  ensureAcl(namespaceId: string, token: string): AclRecord {
    const ns = this.requireNamespace(namespaceId);
    const map = this.namespaceAcls(ns.namespaceId);
    const key = tokenKey(ns, token);
    let acl = map.get(key);
    if (!acl) {
      acl = { token, inheritPermissions: true, aces: new Map() };
      map.set(key, acl);
    }
    return acl;
  }

  /**
   * Writes one ACE. merge=true ORs the bits into the existing entry, and a bit set on one side
   * clears it on the other (inferred: https://learn.microsoft.com/rest/api/azure/devops/security/access-control-entries/set-access-control-entries); merge=false replaces the entry. An entry left with no
   * bits is removed from the ACL. Returns the resulting entry.
   */
  writeAce(namespaceId: string, token: string, entry: AceRecord, merge: boolean): AceRecord {
    const acl = this.ensureAcl(namespaceId, token);
    const key = lower(entry.descriptor);
    const old = acl.aces.get(key);
    const result: AceRecord =
      merge && old
        ? {
            descriptor: old.descriptor,
            allow: ((old.allow | entry.allow) & ~entry.deny) >>> 0,
            deny: ((old.deny | entry.deny) & ~entry.allow) >>> 0,
          }
        : { descriptor: old?.descriptor ?? entry.descriptor, allow: entry.allow >>> 0, deny: entry.deny >>> 0 };
    if (result.allow === 0 && result.deny === 0) acl.aces.delete(key);
    else acl.aces.set(key, result);
    this.changeId++;
    return result;
  }

  /** Removes the named ACEs from the token's ACL; true when something was removed. */
  removeAces(namespaceId: string, token: string, descriptors: string[]): boolean {
    const acl = this.acl(namespaceId, token);
    if (!acl) return false;
    let removed = false;
    for (const d of descriptors) removed = acl.aces.delete(lower(d)) || removed;
    if (removed) this.changeId++;
    return removed;
  }

  /** Overwrites the ACL on a token (the way `POST accesscontrollists` does) (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/set-access-control-lists). */
  replaceAcl(namespaceId: string, token: string, inheritPermissions: boolean, aces: AceRecord[]): AclRecord {
    const ns = this.requireNamespace(namespaceId);
    const acl: AclRecord = { token, inheritPermissions, aces: new Map() };
    for (const ace of aces) if (ace.allow !== 0 || ace.deny !== 0) acl.aces.set(lower(ace.descriptor), { ...ace });
    this.namespaceAcls(ns.namespaceId).set(tokenKey(ns, token), acl);
    this.changeId++;
    return acl;
  }

  /** Removes the ACLs on these tokens (and their descendants with recurse); true when something went. */
  removeAcls(namespaceId: string, tokenList: string[], recurse: boolean): boolean {
    const ns = this.requireNamespace(namespaceId);
    const map = this.namespaceAcls(ns.namespaceId);
    let removed = false;
    for (const token of tokenList) {
      const key = tokenKey(ns, token);
      removed = map.delete(key) || removed;
      if (recurse) {
        for (const other of [...map.keys()]) if (isDescendant(ns, other, key)) removed = map.delete(other) || removed;
      }
    }
    if (removed) this.changeId++;
    return removed;
  }

  requireNamespace(namespaceId: string): SecurityNamespaceDescription {
    const ns = findNamespace(namespaceId);
    if (!ns) throw new Error(`Unknown security namespace ${namespaceId}`);
    return ns;
  }
}
