/** What stays with a service user after a migration: its own entries (named, with bits) and direct memberships. */
import { identityDependencies } from "../../../src/core/audit/dependencies";
import {
  OTHER_USER_DESCRIPTOR,
  P1,
  R1,
  SVC_DESCRIPTOR,
  acl,
  gitToken,
  group,
  identity,
  project,
  repo,
  serviceHooksToken,
  snapshot,
} from "../builders";

const readers = group("Readers", { projectId: P1, projectName: "Analytics" });
const platform = group("dbt Integration Accounts");
const elsewhere = group("Not in scope");

const state = snapshot({
  identity: identity({ memberOf: [readers.descriptor, platform.descriptor, elsewhere.descriptor] }),
  groups: [readers, platform],
  projects: [project(P1, "Analytics")],
  repositories: [repo(P1, R1, "dbt-models")],
  acls: {
    project: [],
    serviceHooks: [acl(serviceHooksToken(), [[SVC_DESCRIPTOR.toUpperCase(), 7, 0]]), acl(serviceHooksToken(P1), [[OTHER_USER_DESCRIPTOR, 7, 0]])],
    gitRepositories: [
      acl(gitToken(P1, R1), [
        [SVC_DESCRIPTOR, 4 | 8, 16384],
        [OTHER_USER_DESCRIPTOR, 2, 0],
      ]),
      acl(gitToken(P1), [[SVC_DESCRIPTOR, 0, 0]]),
    ],
  },
});

test("its own entries, by project and repository name, with the required permissions they allow or deny", () => {
  expect(identityDependencies(state).ownEntries).toEqual([
    {
      namespaceName: "ServiceHooks",
      token: "PublisherSecurity",
      allows: ["ViewSubscriptions", "EditSubscriptions", "DeleteSubscriptions"],
      denies: [],
      allow: 7,
      deny: 0,
    },
    {
      namespaceName: "Git Repositories",
      token: gitToken(P1, R1),
      project: "Analytics",
      repository: "dbt-models",
      // Bit 8 is not one dbt Cloud needs: counted in the mask, not named.
      allows: ["GenericContribute"],
      denies: ["PullRequestContribute"],
      allow: 12,
      deny: 16384,
    },
  ]);
});

test("its direct memberships by group name; groups the snapshot does not know are left out", () => {
  expect(identityDependencies(state).memberships).toEqual([
    { group: "[Analytics]\\Readers", project: "Analytics" },
    { group: "[contoso]\\dbt Integration Accounts" },
  ]);
});
