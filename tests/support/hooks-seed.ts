/**
 * A small organization for the hooks integration tests, built from the emulator's templates (default groups
 * and ACLs) so that who may view subscriptions follows Azure DevOps' defaults:
 *
 * - admin@contoso.com is a Project Collection Administrator: sees every project's subscriptions;
 * - alice@contoso.com administers Analytics only and is a Reader of Marketing and Docs: she sees Analytics'
 *   subscriptions, and Marketing's list comes back empty for her (no ViewSubscriptions), Docs' too;
 * - svc-dbt@contoso.com is the dbt service user.
 *
 * Subscriptions (Analytics unless said otherwise):
 *   KEPT        pullrequest.created dbt-models, enabled, newest          healthy
 *   DUP_OLD     same as KEPT, enabled, older                             duplicate -> deleted by prune
 *   DUP_DEAD    same as KEPT, disabledBySystem, newest of all            duplicate -> deleted by prune
 *   USER_OFF    pullrequest.updated dbt-models, disabledByUser           re-enabled by prune
 *   SYSTEM_OFF  git.push dbt-models, disabledBySystem, failed deliveries reconnect (never touched)
 *   BRANCH      pullrequest.created dbt-models branch main               not a duplicate of KEPT (filter differs)
 *   LOOKALIKE   same filters as KEPT, target getdbt.com.evil.example     not dbt Cloud's: never touched
 *   SLACK_A/B   two identical Slack hooks                                not dbt Cloud's: never touched
 *   MKT         Marketing pullrequest.created dbt-marketing, by alice,   disabledByInactiveIdentity
 *   SINGLE      Docs pullrequest.created handbook, target dbt.acme-internal.example: dbt Cloud's only when
 *               that host is given as the access URL
 * Docs has a repository and, unless the single-tenant host is configured, no dbt Cloud subscription (a gap).
 */
import type { OrgSeed, SubscriptionSeed } from "../../emulator/seed/types";
import { buildService, organizationGroups, projectAcls, projectGroups, rootAcls } from "../../emulator/seed/templates";

export const ORG = { name: "contoso", id: "3b6ef0f4-5b7c-4c7e-9a8b-1c2d3e4f5a6b", tenantId: "72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60" };
export const ANALYTICS = { id: "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c", name: "Analytics" };
export const MARKETING = { id: "0a1b2c3d-0000-4000-8000-00000000000b", name: "Marketing" };
export const DOCS = { id: "5e6f7a8b-0000-4000-8000-00000000000c", name: "Docs" };

export const TOKENS = { admin: "admin-pat-0001", alice: "alice-pat-0001", svc: "svc-pat-0001" };

export const IDS = {
  KEPT: "a0000000-0000-4000-8000-000000000001",
  DUP_OLD: "a0000000-0000-4000-8000-000000000002",
  DUP_DEAD: "a0000000-0000-4000-8000-000000000003",
  USER_OFF: "a0000000-0000-4000-8000-000000000004",
  SYSTEM_OFF: "a0000000-0000-4000-8000-000000000005",
  BRANCH: "a0000000-0000-4000-8000-000000000006",
  LOOKALIKE: "a0000000-0000-4000-8000-000000000007",
  SLACK_A: "a0000000-0000-4000-8000-000000000008",
  SLACK_B: "a0000000-0000-4000-8000-000000000009",
  MKT: "a0000000-0000-4000-8000-00000000000a",
  SINGLE: "a0000000-0000-4000-8000-00000000000b",
} as const;

export const SINGLE_TENANT_HOST = "dbt.acme-internal.example";

export const DBT_URL = "https://acme.us1.dbt.com/api/v1/webhooks/azure/7f3a";
const SLACK_URL = "https://hooks.slack.com/services/T000/B000/XXXXXXXX";

const SVC = "svc-dbt@contoso.com";

function hook(id: string, overrides: Partial<SubscriptionSeed>): SubscriptionSeed {
  return {
    id,
    project: ANALYTICS.name,
    repository: "dbt-models",
    eventType: "git.pullrequest.created",
    publisherInputs: { branch: "" },
    consumerInputs: { url: DBT_URL, basicAuthUsername: "", basicAuthPassword: "s3cret-shared" },
    createdBy: SVC,
    createdDate: "2026-03-01T10:00:00Z",
    ...overrides,
  };
}

function user(id: string, name: string, principalName: string) {
  return {
    id,
    displayName: name,
    principalName,
    originId: id.replace(/^./, "e"),
    accessLevel: { accountLicenseType: "express" as const },
    lastAccessedDate: "2026-06-01T00:00:00Z",
  };
}

export function hooksSeed(): OrgSeed {
  return {
    description: "hooks integration tests",
    organization: ORG,
    users: [
      user("11111111-0000-4000-8000-000000000001", "Org Admin", "admin@contoso.com"),
      user("11111111-0000-4000-8000-000000000002", "Alice Admin", "alice@contoso.com"),
      user("11111111-0000-4000-8000-000000000003", "dbt Service User", SVC),
    ],
    serviceIdentities: [buildService(ORG, ANALYTICS), buildService(ORG, MARKETING), buildService(ORG, DOCS)],
    groups: [
      ...organizationGroups(ORG, ["admin@contoso.com"]),
      ...projectGroups(ANALYTICS, { projectAdministrators: ["alice@contoso.com"], contributors: [SVC] }),
      ...projectGroups(MARKETING, { readers: ["alice@contoso.com"], contributors: [SVC] }),
      ...projectGroups(DOCS, { readers: ["alice@contoso.com"], contributors: [SVC] }),
    ],
    projects: [
      {
        ...ANALYTICS,
        visibility: "private",
        repositories: [{ id: "b0000000-0000-4000-8000-000000000001", name: "dbt-models", defaultBranch: "refs/heads/main" }],
      },
      {
        ...MARKETING,
        visibility: "private",
        repositories: [{ id: "b0000000-0000-4000-8000-000000000002", name: "dbt-marketing", defaultBranch: "refs/heads/main" }],
      },
      {
        ...DOCS,
        visibility: "private",
        repositories: [{ id: "b0000000-0000-4000-8000-000000000003", name: "handbook", defaultBranch: "refs/heads/main" }],
      },
    ],
    acls: [...rootAcls(ORG), ...projectAcls(ORG, ANALYTICS), ...projectAcls(ORG, MARKETING), ...projectAcls(ORG, DOCS)],
    subscriptions: [
      hook(IDS.KEPT, {
        createdDate: "2026-04-01T10:00:00Z",
        notifications: [
          { result: "succeeded", createdDate: "2026-06-01T09:00:00Z", responseStatusCode: 200 },
          { result: "failed", createdDate: "2026-05-30T09:00:00Z", responseStatusCode: 502, errorMessage: "Bad gateway" },
        ],
      }),
      hook(IDS.DUP_OLD, { createdDate: "2025-11-01T10:00:00Z" }),
      hook(IDS.DUP_DEAD, { createdDate: "2026-05-01T10:00:00Z", status: "disabledBySystem" }),
      hook(IDS.USER_OFF, {
        eventType: "git.pullrequest.updated",
        publisherInputs: { branch: "", notificationType: "PushNotification" },
        status: "disabledByUser",
      }),
      hook(IDS.SYSTEM_OFF, {
        eventType: "git.push",
        status: "disabledBySystem",
        probationRetries: 7,
        lastProbationRetryDate: "2026-05-20T00:00:00Z",
        notifications: [
          {
            result: "failed",
            createdDate: "2026-05-19T00:00:00Z",
            responseStatusCode: 410,
            errorMessage: "The remote server returned an error: (410) Gone.",
          },
        ],
      }),
      hook(IDS.BRANCH, { publisherInputs: { branch: "main" } }),
      hook(IDS.LOOKALIKE, { consumerInputs: { url: "https://getdbt.com.evil.example/api/v1/webhooks/azure/7f3a" } }),
      hook(IDS.SLACK_A, { consumerInputs: { url: SLACK_URL } }),
      hook(IDS.SLACK_B, { consumerInputs: { url: SLACK_URL } }),
      hook(IDS.SINGLE, {
        project: DOCS.name,
        repository: "handbook",
        consumerInputs: { url: `https://${SINGLE_TENANT_HOST}/api/v1/webhooks/azure/1` },
      }),
      hook(IDS.MKT, { project: MARKETING.name, repository: "dbt-marketing", createdBy: "alice@contoso.com", status: "disabledByInactiveIdentity" }),
    ],
    tokens: [
      { token: TOKENS.admin, identity: "admin@contoso.com", kind: "pat" },
      { token: TOKENS.alice, identity: "alice@contoso.com", kind: "pat" },
      { token: TOKENS.svc, identity: SVC, kind: "pat" },
    ],
  };
}
