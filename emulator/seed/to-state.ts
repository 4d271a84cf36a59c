/**
 * Turns a seed into live state, checking every reference on the way: a seed that names an unknown
 * project, repository or identity is rejected with a message naming the offending entry.
 */
import { LICENSE_DISPLAY_NAMES, type EntitlementRecord, type IdentityRecord, type WellKnownGroup } from "../model/records";
import { OrgState } from "../model/state";
import { findNamespace, tokens } from "../model/namespaces";
import { expandScopes } from "../http/scopes";
import { IDENTITY_TYPES, isGuid, stableGuid, subjectDescriptor } from "../model/ids";
import type { AccessLevelSeed, AclSeed, GroupSeed, OrgSeed, SubscriptionSeed } from "./types";

const NEVER = "0001-01-01T00:00:00Z";

/** Group names Azure DevOps creates itself, for seeds that do not say `wellKnown` (https://learn.microsoft.com/rest/api/azure/devops/core/projects/list). */
const WELL_KNOWN_BY_NAME: Record<string, WellKnownGroup> = {
  "project collection administrators": "projectCollectionAdministrators",
  "project collection valid users": "projectCollectionValidUsers",
  "project administrators": "projectAdministrators",
  "project valid users": "projectValidUsers",
  readers: "readers",
  contributors: "contributors",
  "build administrators": "buildAdministrators",
};

function fail(seed: OrgSeed, message: string): never {
  throw new Error(`Seed "${seed.organization?.name ?? "?"}": ${message}`);
}

function entitlement(
  level: AccessLevelSeed,
  user: { lastAccessedDate?: string; dateCreated?: string; userType?: "member" | "guest" },
): EntitlementRecord {
  return {
    accountLicenseType: level.accountLicenseType,
    licenseDisplayName: level.licenseDisplayName ?? LICENSE_DISPLAY_NAMES[level.accountLicenseType] ?? level.accountLicenseType,
    status: level.status ?? "active",
    lastAccessedDate: user.lastAccessedDate && user.lastAccessedDate !== NEVER ? user.lastAccessedDate : null,
    dateCreated: user.dateCreated ?? "2024-01-15T09:00:00Z",
    userType: user.userType ?? "member",
  };
}

function groupRecord(seed: OrgSeed, state: OrgState, g: GroupSeed): IdentityRecord {
  const isAad = g.origin === "aad";
  const project = g.project ? state.project(g.project) : undefined;
  if (g.project && !project) fail(seed, `group "${g.displayName}" names unknown project "${g.project}"`);
  const scopeName = isAad ? "TEAM FOUNDATION" : project ? project.name : seed.organization.name;
  const inferred = WELL_KNOWN_BY_NAME[g.displayName.toLowerCase()];
  const inferredFits = inferred !== undefined && inferred.startsWith("projectCollection") === !project;
  const wellKnown: WellKnownGroup | undefined = g.wellKnown ?? (!isAad && inferredFits ? inferred : undefined);
  const id = g.id ?? stableGuid("group", g.sid);
  const specialType =
    wellKnown === "projectCollectionAdministrators" || wellKnown === "projectAdministrators"
      ? "AdministrativeApplicationGroup"
      : wellKnown === "projectCollectionValidUsers" || wellKnown === "projectValidUsers"
        ? "EveryoneApplicationGroup"
        : "Generic";
  return {
    kind: "group",
    id,
    descriptor: `${IDENTITY_TYPES.group};${g.sid}`,
    // aadgp/vssgp descriptors encode the SID (https://learn.microsoft.com/rest/api/azure/devops/graph/descriptors/get).
    subjectDescriptor: subjectDescriptor(isAad ? "aadgp" : "vssgp", g.sid),
    displayName: g.displayName,
    principalName: `[${scopeName}]\\${g.displayName}`,
    mailAddress: "",
    directoryAlias: "",
    origin: isAad ? "aad" : "vsts",
    originId: isAad ? (g.originId ?? stableGuid("entra-group", g.sid)) : id,
    domain: isAad
      ? seed.organization.tenantId
      : project
        ? `vstfs:///Classification/TeamProject/${project.id}`
        : `vstfs:///Framework/IdentityDomain/${seed.organization.id}`,
    isActive: true,
    group: {
      sid: g.sid,
      projectId: project?.id ?? null,
      accountName: g.displayName,
      scopeName,
      description: g.description ?? "",
      wellKnown,
      specialType,
    },
  };
}

function aclToken(seed: OrgSeed, state: OrgState, acl: AclSeed, namespaceId: string): string {
  if (acl.token) return acl.token;
  if (!acl.project) fail(seed, `an ACL in namespace ${acl.namespace} has neither token nor project`);
  const project = state.project(acl.project) ?? fail(seed, `ACL names unknown project "${acl.project}"`);
  const repository = acl.repository
    ? (state.repository(acl.repository, project.id) ?? fail(seed, `ACL names unknown repository "${acl.repository}" in ${project.name}`))
    : undefined;
  const ns = findNamespace(namespaceId);
  if (ns?.name === "Project") return tokens.project(project.id);
  if (ns?.name === "ServiceHooks") return tokens.hooksProject(project.id);
  return repository ? tokens.gitRepository(project.id, repository.id) : tokens.gitProject(project.id);
}

function addSubscription(seed: OrgSeed, state: OrgState, s: SubscriptionSeed): void {
  const project = state.project(s.project) ?? fail(seed, `subscription ${s.id} names unknown project "${s.project}"`);
  const repository = s.repository
    ? (state.repository(s.repository, project.id) ?? fail(seed, `subscription ${s.id} names unknown repository "${s.repository}"`))
    : undefined;
  const creator = state.resolve(s.createdBy) ?? fail(seed, `subscription ${s.id}: unknown createdBy "${s.createdBy}"`);
  const modifier = s.modifiedBy ? (state.resolve(s.modifiedBy) ?? fail(seed, `subscription ${s.id}: unknown modifiedBy "${s.modifiedBy}"`)) : creator;
  if (!isGuid(s.id)) fail(seed, `subscription id ${s.id} is not a GUID`);
  state.subscriptions.set(s.id.toLowerCase(), {
    id: s.id,
    publisherId: s.publisherId ?? "tfs",
    eventType: s.eventType,
    resourceVersion: s.resourceVersion ?? "1.0",
    consumerId: s.consumerId ?? "webHooks",
    consumerActionId: s.consumerActionId ?? "httpRequest",
    publisherInputs: {
      ...(s.publisherInputs ?? {}),
      projectId: project.id,
      ...(repository ? { repository: repository.id } : {}),
      hostId: seed.organization.id,
      tfsSubscriptionId: stableGuid("tfs-subscription", s.id),
    },
    consumerInputs: { ...s.consumerInputs },
    status: s.status ?? "enabled",
    probationRetries: s.probationRetries ?? 0,
    lastProbationRetryDate: s.lastProbationRetryDate,
    createdById: creator.id,
    modifiedById: modifier.id,
    createdDate: s.createdDate,
    modifiedDate: s.modifiedDate ?? s.createdDate,
    notifications: (s.notifications ?? []).map((n, index) => ({
      id: index + 1,
      eventId: stableGuid("event", s.id, String(index)),
      status: n.status ?? "completed",
      result: n.result,
      createdDate: n.createdDate,
      modifiedDate: n.createdDate,
      responseStatusCode: n.responseStatusCode,
      errorMessage: n.errorMessage,
      errorDetail: n.errorDetail,
    })),
  });
}

/** Builds the live state of one organization from its seed; throws on any inconsistency. */
export function stateFromSeed(seed: OrgSeed): OrgState {
  const org = seed.organization;
  if (!org?.name || !org.id || !org.tenantId) fail(seed, "organization needs name, id and tenantId");
  const state = new OrgState(org.name, org.id, org.tenantId);
  state.resourceTenantId = org.resourceTenantId ?? org.tenantId;

  for (const p of seed.projects ?? []) {
    if (!isGuid(p.id)) fail(seed, `project ${p.name} id ${p.id} is not a GUID`);
    state.addProject({
      id: p.id.toLowerCase(),
      name: p.name,
      description: p.description ?? "",
      visibility: p.visibility,
      state: "wellFormed",
      revision: p.revision ?? 100,
      lastUpdateTime: p.lastUpdateTime ?? "2026-01-12T08:30:00.000Z",
    });
    for (const r of p.repositories ?? []) {
      if (!isGuid(r.id)) fail(seed, `repository ${r.name} id ${r.id} is not a GUID`);
      state.addRepository({
        id: r.id.toLowerCase(),
        name: r.name,
        projectId: p.id.toLowerCase(),
        defaultBranch: r.defaultBranch,
        size: r.size ?? (r.defaultBranch ? 48213 : 0),
        isDisabled: r.isDisabled ?? false,
      });
    }
  }

  for (const u of seed.users ?? []) {
    state.addIdentity({
      kind: "user",
      id: u.id,
      descriptor: `${IDENTITY_TYPES.aadUser};${org.tenantId}\\${u.principalName}`,
      // aad descriptors are CUID based: neither the storage key nor the UPN (https://learn.microsoft.com/rest/api/azure/devops/graph/descriptors/get).
      subjectDescriptor: u.subjectDescriptor ?? subjectDescriptor("aad", stableGuid("cuid", u.id)),
      displayName: u.displayName,
      principalName: u.principalName,
      mailAddress: u.mailAddress ?? u.principalName,
      directoryAlias: u.principalName.split("@")[0],
      origin: "aad",
      originId: u.originId,
      domain: org.tenantId,
      isActive: u.isActive ?? true,
      entitlement: entitlement(u.accessLevel, u),
    });
  }
  for (const sp of seed.servicePrincipals ?? []) {
    state.addIdentity({
      kind: "servicePrincipal",
      id: sp.id,
      descriptor: `${IDENTITY_TYPES.aadServicePrincipal};${org.tenantId}\\${sp.originId}`,
      subjectDescriptor: sp.subjectDescriptor ?? subjectDescriptor("aadsp", stableGuid("cuid", sp.id)),
      displayName: sp.displayName,
      principalName: sp.applicationId,
      mailAddress: "",
      directoryAlias: "",
      origin: "aad",
      originId: sp.originId,
      domain: org.tenantId,
      isActive: sp.isActive ?? true,
      applicationId: sp.applicationId,
      entitlement: entitlement(sp.accessLevel, sp),
    });
  }
  for (const si of seed.serviceIdentities ?? []) {
    state.addIdentity({
      kind: "serviceIdentity",
      id: si.id,
      descriptor: `${IDENTITY_TYPES.serviceIdentity};${si.identifier}`,
      subjectDescriptor: subjectDescriptor("svc", si.identifier),
      displayName: si.displayName,
      principalName: si.id,
      mailAddress: "",
      directoryAlias: "",
      origin: "vsts",
      originId: si.id,
      domain: `vstfs:///Framework/IdentityDomain/${org.id}`,
      isActive: true,
    });
  }
  for (const g of seed.groups ?? []) state.addIdentity(groupRecord(seed, state, g));

  for (const g of seed.groups ?? []) {
    const container = state.byIdentityDescriptor(`${IDENTITY_TYPES.group};${g.sid}`) as IdentityRecord;
    for (const ref of g.members ?? []) {
      const member = state.resolve(ref) ?? fail(seed, `group "${container.principalName}" member "${ref}" is unknown`);
      state.addMembership(member, container);
    }
    for (const ref of g.hiddenMembers ?? []) {
      const member = state.resolve(ref) ?? fail(seed, `group "${container.principalName}" hidden member "${ref}" is unknown`);
      state.addHiddenMembership(member, container);
    }
    for (const ref of g.graphOnlyMembers ?? []) {
      const member = state.resolve(ref) ?? fail(seed, `group "${container.principalName}" member "${ref}" is unknown`);
      state.addGraphOnlyMembership(member, container);
    }
  }

  for (const acl of seed.acls ?? []) {
    const ns = findNamespace(acl.namespace) ?? fail(seed, `unknown security namespace "${acl.namespace}"`);
    const token = aclToken(seed, state, acl, ns.namespaceId);
    const aces = acl.aces.map((ace) => {
      const identity = state.resolve(ace.identity) ?? fail(seed, `ACE on ${token} names unknown identity "${ace.identity}"`);
      return { descriptor: identity.descriptor, allow: ace.allow ?? 0, deny: ace.deny ?? 0 };
    });
    if (state.acl(ns.namespaceId, token)) fail(seed, `two ACLs for token ${token}`);
    state.replaceAcl(ns.namespaceId, token, acl.inheritPermissions ?? true, aces);
  }

  // What remains of a deleted project: its ACL in the Project namespace, naming its (deleted) administrators.
  const collectionAdmins = state.orgGroup("projectCollectionAdministrators");
  for (const id of seed.deletedProjectIds ?? []) {
    if (!isGuid(id)) fail(seed, `deletedProjectIds entry "${id}" is not a GUID`);
    if (state.project(id)) fail(seed, `deletedProjectIds names the live project ${id}`);
    const namespace = findNamespace("Project")!;
    const aces = collectionAdmins
      ? [{ descriptor: collectionAdmins.descriptor, allow: namespace.writePermission | namespace.readPermission, deny: 0 }]
      : [];
    state.replaceAcl(namespace.namespaceId, tokens.project(id), true, aces);
  }

  for (const s of seed.subscriptions ?? []) addSubscription(seed, state, s);

  for (const t of seed.tokens ?? []) {
    const identity = state.resolve(t.identity) ?? fail(seed, `token for unknown identity "${t.identity}"`);
    if (t.kind !== "pat" && t.kind !== "bearer") fail(seed, `token kind must be "pat" or "bearer"`);
    if (
      t.scopes !== undefined &&
      (!Array.isArray(t.scopes) || t.scopes.some((scope) => typeof scope !== "string" || !/^vso\.[a-z_]+$/i.test(scope)))
    ) {
      fail(seed, `token scopes must be OAuth scope names such as "vso.code"`);
    }
    for (const area of t.denyAreas ?? []) {
      if (!["graph", "entitlements", "identities"].includes(area)) fail(seed, `unknown denyAreas entry "${area}"`);
    }
    state.tokens.set(t.token, {
      token: t.token,
      identity,
      kind: t.kind,
      expired: t.expired ?? false,
      denyAreas: new Set(t.denyAreas ?? []),
      ...(t.scopes ? { scopes: expandScopes(t.scopes) } : {}),
    });
  }

  for (const gap of seed.expectedGaps ?? []) {
    const project = state.project(gap.project) ?? fail(seed, `expectedGaps names unknown project "${gap.project}"`);
    if (gap.repository && !state.repository(gap.repository, project.id)) {
      fail(seed, `expectedGaps names unknown repository "${gap.repository}"`);
    }
    state.expectedGaps.push(gap);
  }
  state.expectedGapsFor = seed.expectedGapsFor
    ? (state.resolve(seed.expectedGapsFor) ?? fail(seed, `unknown expectedGapsFor "${seed.expectedGapsFor}"`))
    : state.identities.find((i) => i.kind === "user" && i.principalName.toLowerCase().startsWith("svc-dbt@"));

  state.changeId = 1;
  return state;
}
