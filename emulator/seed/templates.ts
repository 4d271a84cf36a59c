/**
 * What Azure DevOps creates by itself, as seed fragments: the organization's and each project's default
 * groups (with SIDs in the real format), the project's build service identity, and the default ACLs
 * those groups hold. Used by generateOrg and to author seed files.
 *
 * Default grants follow the documented defaults (https://learn.microsoft.com/azure/devops/repos/git/set-git-repository-permissions, https://learn.microsoft.com/azure/devops/service-hooks/view-permission; inferred for the
 * exact masks]: Readers get Git Read + Contribute to pull requests, Contributors add Contribute, Create
 * branch, Create tag and Manage notes; only Project Administrators (and Project Collection
 * Administrators) hold the ServiceHooks bits.
 */
import { allBits, findNamespace, type SecurityNamespaceDescription } from "../model/namespaces";
import { scopeSid, sidNumbers, stableGuid } from "../model/ids";
import type { AceSeed, AclSeed, GroupSeed, OrganizationSeed, ServiceIdentitySeed } from "./types";

const GIT = findNamespace("Git Repositories") as SecurityNamespaceDescription;
const PROJECT = findNamespace("Project") as SecurityNamespaceDescription;

export const BITS = {
  git: {
    read: 2,
    contribute: 4,
    pullRequestContribute: 16384,
    /** GenericRead | PullRequestContribute */
    readers: 2 | 16384,
    /** + GenericContribute | CreateBranch | CreateTag | ManageNote */
    contributors: 2 | 4 | 16 | 32 | 64 | 16384,
    all: allBits(GIT),
  },
  project: {
    read: 1,
    /** GENERIC_READ | VIEW_TEST_RESULTS */
    readers: 1 | 512,
    /** + PUBLISH_TEST_RESULTS | WORK_ITEM_DELETE | WORK_ITEM_MOVE */
    contributors: 1 | 8 | 512 | 8192 | 16384,
    /** + ADMINISTER_BUILD | START_BUILD | EDIT_BUILD_STATUS | UPDATE_BUILD */
    buildAdministrators: 1 | 16 | 32 | 64 | 128 | 512,
    all: allBits(PROJECT),
  },
  hooks: { view: 1, edit: 2, delete: 4, manage: 7, all: 15 },
};

export interface ProjectRef {
  id: string;
  name: string;
}

export function collectionSid(org: OrganizationSeed): string {
  return org.collectionSid ?? scopeSid(org.id);
}

export const refs = {
  pca: (org: OrganizationSeed) => `[${org.name}]\\Project Collection Administrators`,
  pcvu: (org: OrganizationSeed) => `[${org.name}]\\Project Collection Valid Users`,
  projectGroup: (project: ProjectRef, name: string) => `[${project.name}]\\${name}`,
  entraGroup: (name: string) => `[TEAM FOUNDATION]\\${name}`,
  buildService: (org: OrganizationSeed, project: ProjectRef) => `${project.name} Build Service (${org.name})`,
};

/** Project Collection Administrators (`…-0-0-0-0-1`) and Project Collection Valid Users (`…-0-0-0-0-3`). */
export function organizationGroups(org: OrganizationSeed, administrators: string[]): GroupSeed[] {
  const sid = collectionSid(org);
  return [
    {
      sid: `${sid}-0-0-0-0-1`,
      displayName: "Project Collection Administrators",
      wellKnown: "projectCollectionAdministrators",
      description: "Members of this application group can perform all privileged operations on the organization.",
      members: administrators,
    },
    {
      sid: `${sid}-0-0-0-0-3`,
      displayName: "Project Collection Valid Users",
      wellKnown: "projectCollectionValidUsers",
      description: "This application group contains all users and groups that have access to the organization.",
    },
  ];
}

/** An Entra group as Azure DevOps materializes it (SID under the collection with a `-2-` tail (inferred, not documented)). */
export function entraGroup(org: OrganizationSeed, name: string, members: string[], description = ""): GroupSeed {
  const originId = stableGuid("entra-group", org.tenantId, name);
  return {
    sid: `${collectionSid(org)}-2-${sidNumbers("entra", originId)}`,
    displayName: name,
    origin: "aad",
    originId,
    description,
    members,
  };
}

export type ProjectGroupMembers = Partial<Record<"projectAdministrators" | "buildAdministrators" | "contributors" | "readers", string[]>>;

/**
 * The six groups every project gets (https://learn.microsoft.com/rest/api/azure/devops/core/projects/list): administrators `…-0-0-0-0-1`, valid users
 * `…-0-0-0-0-3`, the rest with generated `-1-…` tails. The default team is a member of Contributors.
 */
export function projectGroups(project: ProjectRef, members: ProjectGroupMembers = {}): GroupSeed[] {
  const scope = scopeSid(project.id);
  const generated = (name: string) => `${scope}-1-${sidNumbers(project.id, name)}`;
  const team = `${project.name} Team`;
  return [
    {
      sid: `${scope}-0-0-0-0-1`,
      displayName: "Project Administrators",
      project: project.name,
      wellKnown: "projectAdministrators",
      description: "Members of this group can perform all operations in the team project.",
      members: members.projectAdministrators ?? [],
    },
    {
      sid: generated("Build Administrators"),
      displayName: "Build Administrators",
      project: project.name,
      wellKnown: "buildAdministrators",
      description: "Members of this group can create, modify and delete build definitions and manage queued and completed builds.",
      members: members.buildAdministrators ?? [],
    },
    {
      sid: generated("Contributors"),
      displayName: "Contributors",
      project: project.name,
      wellKnown: "contributors",
      description: "Members of this group can add, modify, and delete items within the team project.",
      members: [refs.projectGroup(project, team), ...(members.contributors ?? [])],
    },
    {
      sid: generated("Readers"),
      displayName: "Readers",
      project: project.name,
      wellKnown: "readers",
      description: "Members of this group have access to the team project.",
      members: members.readers ?? [],
    },
    {
      sid: `${scope}-0-0-0-0-3`,
      displayName: "Project Valid Users",
      project: project.name,
      wellKnown: "projectValidUsers",
      description: "Members of this group have access to the team project.",
    },
    {
      sid: generated(team),
      displayName: team,
      project: project.name,
      wellKnown: "team",
      description: "The default project team.",
    },
  ];
}

/** `{Project} Build Service ({org})`, whose descriptor is `…ServiceIdentity;{guid}:Build:{projectId}` (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query). */
export function buildService(org: OrganizationSeed, project: ProjectRef): ServiceIdentitySeed {
  return {
    id: stableGuid("build-service", org.id, project.id),
    displayName: refs.buildService(org, project),
    identifier: `${stableGuid("collection-build", org.id)}:Build:${project.id}`,
  };
}

/** Extra entries for the ACLs a template builds (e.g. a seed's deliberate grants and denies). */
export interface ExtraAces {
  git?: AceSeed[];
  hooks?: AceSeed[];
  project?: AceSeed[];
}

/** Organization-wide grants of Project Collection Administrators on the namespace roots. */
export function rootAcls(org: OrganizationSeed, extra: ExtraAces = {}): AclSeed[] {
  return [
    { namespace: "Git Repositories", token: "repoV2", aces: [{ identity: refs.pca(org), allow: BITS.git.all }, ...(extra.git ?? [])] },
    {
      namespace: "ServiceHooks",
      token: "PublisherSecurity",
      aces: [{ identity: refs.pca(org), allow: BITS.hooks.all }, ...(extra.hooks ?? [])],
    },
  ];
}

/** The default ACLs of one project: its Project token, `PublisherSecurity/{id}` and `repoV2/{id}`. */
export function projectAcls(org: OrganizationSeed, project: ProjectRef, extra: ExtraAces = {}): AclSeed[] {
  const g = (name: string) => refs.projectGroup(project, name);
  return [
    {
      namespace: "Project",
      project: project.name,
      aces: [
        { identity: refs.pca(org), allow: BITS.project.all },
        { identity: g("Project Administrators"), allow: BITS.project.all },
        { identity: g("Build Administrators"), allow: BITS.project.buildAdministrators },
        { identity: g("Contributors"), allow: BITS.project.contributors },
        { identity: g("Readers"), allow: BITS.project.readers },
        { identity: g("Project Valid Users"), allow: BITS.project.read },
        ...(extra.project ?? []),
      ],
    },
    {
      namespace: "ServiceHooks",
      project: project.name,
      aces: [{ identity: g("Project Administrators"), allow: BITS.hooks.manage }, ...(extra.hooks ?? [])],
    },
    {
      namespace: "Git Repositories",
      project: project.name,
      aces: [
        { identity: g("Project Administrators"), allow: BITS.git.all },
        { identity: g("Build Administrators"), allow: BITS.git.contributors },
        { identity: g("Contributors"), allow: BITS.git.contributors },
        { identity: g("Readers"), allow: BITS.git.readers },
        { identity: refs.buildService(org, project), allow: BITS.git.contributors },
        ...(extra.git ?? []),
      ],
    },
  ];
}

/**
 * A repository's own ACL: the build service entry Azure DevOps writes on creation (inferred, not documented). With inheritance
 * switched off the administrators' entries are copied onto it, as the portal does when the slider is flipped.
 */
export function repositoryAcl(
  org: OrganizationSeed,
  project: ProjectRef,
  repository: string,
  options: { inheritPermissions?: boolean; extra?: AceSeed[] } = {},
): AclSeed {
  const inherit = options.inheritPermissions ?? true;
  const aces: AceSeed[] = [{ identity: refs.buildService(org, project), allow: BITS.git.contributors }];
  if (!inherit) {
    aces.unshift(
      { identity: refs.pca(org), allow: BITS.git.all },
      { identity: refs.projectGroup(project, "Project Administrators"), allow: BITS.git.all },
    );
  }
  return {
    namespace: "Git Repositories",
    project: project.name,
    repository,
    inheritPermissions: inherit,
    aces: [...aces, ...(options.extra ?? [])],
  };
}
