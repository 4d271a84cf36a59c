/**
 * Large, deterministic organizations for benchmarks: the default groups and ACLs of every project, and a
 * dbt service user (`svc-dbt@{name}.com`) whose grants vary by project so that an audit has real work:
 *
 *  - project index % 10: 0–5 Contributors (through the Entra group "dbt Integration Accounts"),
 *    6–8 Readers only (direct), 9 not a member at all;
 *  - index % 7 == 3: the Entra group "Restricted Repositories" (which contains "dbt Integration
 *    Accounts") denies Contribute on `repoV2/{project}`; the first repository then carries an explicit
 *    allow for the service user, which beats the inherited deny;
 *  - index % 13 == 5 (with two or more repositories): the last repository has inheritance switched off;
 *  - index % 11 == 4: the service user is denied EditSubscriptions on `PublisherSecurity/{project}`;
 *  - it is allowed View/Edit/Delete subscriptions organization-wide on `PublisherSecurity`.
 *
 * `expectedGaps` is derived from these rules by construction (not by the emulator's evaluator), so a
 * test can check the evaluator against it.
 */
import { stableGuid } from "../model/ids";
import type {
  AclSeed,
  ExpectedGap,
  GroupSeed,
  OrgSeed,
  OrganizationSeed,
  ProjectSeed,
  ServiceIdentitySeed,
  SubscriptionSeed,
  UserSeed,
} from "./types";
import { BITS, buildService, entraGroup, organizationGroups, projectAcls, projectGroups, refs, repositoryAcl, rootAcls } from "./templates";

export interface GenerateOptions {
  name: string;
  projects: number;
  reposPerProject: number;
}

type Membership = "contributor" | "reader" | "none";

interface ProjectPlan {
  membership: Membership;
  denyContribute: boolean;
  denyEditSubscriptions: boolean;
  inheritanceOffRepo: number | undefined;
}

function plan(index: number, repos: number): ProjectPlan {
  const slot = index % 10;
  return {
    membership: slot <= 5 ? "contributor" : slot <= 8 ? "reader" : "none",
    denyContribute: index % 7 === 3,
    denyEditSubscriptions: index % 11 === 4,
    inheritanceOffRepo: repos >= 2 && index % 13 === 5 ? repos - 1 : undefined,
  };
}

/** The cells of one project the service user is not allowed, by the rules in the file comment. */
function gapsOf(project: ProjectSeed, p: ProjectPlan): ExpectedGap[] {
  const gaps: ExpectedGap[] = [];
  const member = p.membership !== "none";
  if (!member) gaps.push({ project: project.name, permission: "GENERIC_READ", effective: "notSet" });
  if (p.denyEditSubscriptions) gaps.push({ project: project.name, permission: "EditSubscriptions", effective: "deny" });
  project.repositories.forEach((repo, j) => {
    const cell = (permission: ExpectedGap["permission"], effective: ExpectedGap["effective"]) =>
      gaps.push({ project: project.name, repository: repo.name, permission, effective });
    if (j === p.inheritanceOffRepo) {
      cell("GenericRead", "notSet");
      cell("GenericContribute", "notSet");
      cell("PullRequestContribute", "notSet");
      return;
    }
    if (!member) {
      cell("GenericRead", "notSet");
      cell("PullRequestContribute", "notSet");
    }
    const explicitAllow = p.denyContribute && j === 0;
    if (explicitAllow) return;
    if (p.denyContribute) cell("GenericContribute", "deny");
    else if (p.membership !== "contributor") cell("GenericContribute", "notSet");
  });
  return gaps;
}

function user(org: OrganizationSeed, local: string, displayName: string, extra: Partial<UserSeed> = {}): UserSeed {
  return {
    id: stableGuid("user", org.id, local),
    displayName,
    principalName: `${local}@${org.name}.com`,
    originId: stableGuid("entra-user", org.tenantId, local),
    accessLevel: { accountLicenseType: "express" },
    dateCreated: "2025-02-03T10:00:00Z",
    lastAccessedDate: "2026-11-20T08:00:00Z",
    ...extra,
  };
}

function hooksFor(org: OrganizationSeed, project: ProjectSeed, index: number, svc: string): SubscriptionSeed[] {
  const repo = project.repositories[0];
  if (!repo) return [];
  const base = {
    project: project.name,
    repository: repo.name,
    consumerInputs: { url: `https://cloud.getdbt.com/hooks/azure/${org.name}/${index}` },
    createdBy: svc,
    createdDate: "2026-06-01T09:00:00Z",
  };
  const subs: SubscriptionSeed[] = [
    { ...base, id: stableGuid("hook", org.id, project.id, "created"), eventType: "git.pullrequest.created" },
    {
      ...base,
      id: stableGuid("hook", org.id, project.id, "updated"),
      eventType: "git.pullrequest.updated",
      publisherInputs: { notificationType: "PushNotification" },
      ...(index % 5 === 2
        ? {
            status: "onProbation" as const,
            probationRetries: 2,
            lastProbationRetryDate: "2026-11-25T10:00:00Z",
            notifications: [
              {
                result: "failed" as const,
                createdDate: "2026-11-25T10:00:00Z",
                responseStatusCode: 502,
                errorMessage: "The remote server returned an error: (502) Bad Gateway.",
              },
            ],
          }
        : index % 17 === 8
          ? { status: "disabledBySystem" as const }
          : {}),
    },
  ];
  if (index % 23 === 11) {
    subs.push({
      ...base,
      id: stableGuid("hook", org.id, project.id, "duplicate"),
      eventType: "git.pullrequest.created",
      createdDate: "2026-09-14T12:00:00Z",
    });
  }
  return subs;
}

export function generateOrg(o: GenerateOptions): OrgSeed {
  if (!o || typeof o.name !== "string" || !/^[A-Za-z0-9][A-Za-z0-9-]*$/.test(o.name)) {
    throw new Error("generateOrg: name must be an organization name (letters, digits, dashes)");
  }
  if (!Number.isInteger(o.projects) || o.projects < 1) throw new Error("generateOrg: projects must be an integer >= 1");
  if (!Number.isInteger(o.reposPerProject) || o.reposPerProject < 0) {
    throw new Error("generateOrg: reposPerProject must be an integer >= 0");
  }
  const org: OrganizationSeed = { name: o.name, id: stableGuid("org", o.name), tenantId: stableGuid("tenant", o.name) };
  const admin = user(org, "admin", "Organization Admin");
  const svc = user(org, "svc-dbt", "dbt Service User", { lastAccessedDate: "2026-10-17T07:45:00Z" });
  const engineer = user(org, "data.engineer", "Data Engineer");
  const integration = refs.entraGroup("dbt Integration Accounts");
  const groups: GroupSeed[] = [
    ...organizationGroups(org, [admin.principalName]),
    entraGroup(org, "dbt Integration Accounts", [svc.principalName], "Headless accounts used by dbt Cloud."),
    entraGroup(org, "Restricted Repositories", [integration], "Accounts denied write access to restricted projects."),
  ];
  const acls: AclSeed[] = rootAcls(org, { hooks: [{ identity: svc.principalName, allow: BITS.hooks.manage }] });

  const projects: ProjectSeed[] = [];
  const serviceIdentities: ServiceIdentitySeed[] = [];
  const subscriptions: SubscriptionSeed[] = [];
  const expectedGaps: ExpectedGap[] = [];
  const width = String(o.projects).length;
  for (let i = 0; i < o.projects; i++) {
    const name = `proj-${String(i).padStart(width, "0")}`;
    const id = stableGuid("project", org.id, name);
    const project: ProjectSeed = {
      id,
      name,
      description: i % 4 === 0 ? "dbt models and pipelines" : undefined,
      visibility: i % 20 === 7 ? "public" : "private",
      repositories: Array.from({ length: o.reposPerProject }, (_, j) => ({
        id: stableGuid("repo", id, String(j)),
        name: `repo-${String(j + 1).padStart(2, "0")}`,
        defaultBranch: j % 9 === 8 ? undefined : "refs/heads/main",
        isDisabled: j % 7 === 6,
      })),
    };
    projects.push(project);
    const p = plan(i, o.reposPerProject);
    groups.push(
      ...projectGroups(project, {
        projectAdministrators: i % 3 === 0 ? [engineer.principalName] : [],
        contributors: p.membership === "contributor" ? [integration] : [],
        readers: p.membership === "reader" ? [svc.principalName] : [],
      }),
    );
    serviceIdentities.push(buildService(org, project));
    acls.push(
      ...projectAcls(org, project, {
        git: p.denyContribute ? [{ identity: refs.entraGroup("Restricted Repositories"), deny: BITS.git.contribute }] : [],
        hooks: p.denyEditSubscriptions ? [{ identity: svc.principalName, deny: BITS.hooks.edit }] : [],
      }),
    );
    project.repositories.forEach((repo, j) => {
      const extra = p.denyContribute && j === 0 ? [{ identity: svc.principalName, allow: BITS.git.contribute }] : [];
      acls.push(repositoryAcl(org, project, repo.name, { inheritPermissions: j !== p.inheritanceOffRepo, extra }));
    });
    subscriptions.push(...hooksFor(org, project, i, svc.principalName));
    expectedGaps.push(...gapsOf(project, p));
  }

  return {
    description: `Generated organization: ${o.projects} projects x ${o.reposPerProject} repositories.`,
    organization: org,
    users: [admin, svc, engineer],
    serviceIdentities,
    groups,
    projects,
    acls,
    subscriptions,
    tokens: [
      { token: "demo-admin-pat", identity: admin.principalName, kind: "pat" },
      { token: "demo-svc-pat", identity: svc.principalName, kind: "pat" },
    ],
    expectedGaps,
    expectedGapsFor: svc.principalName,
  };
}
