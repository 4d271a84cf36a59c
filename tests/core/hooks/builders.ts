/** Hand-made subscriptions and snapshots for the hooks unit tests, shaped like the wire format (https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions). */
import type { HookNotification, HookSubscription, HooksSnapshot } from "../../../src/core/hooks/index";

export const ORG = { name: "contoso", url: "https://dev.azure.com/contoso/" };
export const P1 = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c";
export const P2 = "0a1b2c3d-0000-4000-8000-00000000000b";
export const P3 = "5e6f7a8b-0000-4000-8000-00000000000c";
export const R1 = "278d5cd2-584d-4b63-824a-2ba458937249";
export const R2 = "9f0e1d2c-3b4a-4000-8000-0000000000a2";
export const R3 = "1a2b3c4d-3b4a-4000-8000-0000000000a3";

export const SVC = { id: "81fa6389-0872-6fdd-a451-7ba7880f566a", displayName: "dbt Service User", uniqueName: "svc-dbt@contoso.com" };
export const ALICE = { id: "11111111-2222-4333-8444-555555555555", displayName: "Alice Admin", uniqueName: "alice@contoso.com" };

export const DBT_URL = "https://abc123.us1.dbt.com/hooks/azure/abc";

let counter = 0;

/** A dbt Cloud pull-request subscription on P1/R1 (override anything). */
export function subscription(overrides: Partial<HookSubscription> & { inputs?: Record<string, string>; url?: string } = {}): HookSubscription {
  counter++;
  const { inputs, url, ...rest } = overrides;
  return {
    id: `00000000-0000-4000-8000-${String(counter).padStart(12, "0")}`,
    status: "enabled",
    publisherId: "tfs",
    eventType: "git.pullrequest.created",
    resourceVersion: "1.0",
    consumerId: "webHooks",
    consumerActionId: "httpRequest",
    publisherInputs: {
      projectId: P1,
      repository: R1,
      branch: "",
      hostId: "d81542e4-cdfa-4333-b082-1ae2d6c3ad16",
      tfsSubscriptionId: `3e8b33e7-426d-4c92-9bf9-${String(counter).padStart(12, "0")}`,
      ...inputs,
    },
    consumerInputs: { url: url ?? DBT_URL, basicAuthUsername: "", basicAuthPassword: "********" },
    probationRetries: 0,
    createdBy: SVC,
    createdDate: "2026-05-02T10:20:30.873Z",
    modifiedBy: SVC,
    modifiedDate: "2026-05-02T10:20:30.873Z",
    ...rest,
  };
}

export function notification(result: string, createdDate: string, details: HookNotification["details"] = {}): HookNotification {
  counter++;
  return { id: counter, result, status: "completed", createdDate, details };
}

export function snapshot(overrides: Partial<HooksSnapshot> = {}): HooksSnapshot {
  return {
    organization: ORG,
    projects: [
      { id: P1, name: "Analytics", visibility: "private" },
      { id: P2, name: "Marketing", visibility: "private" },
    ],
    repositories: [
      { id: R1, name: "dbt-models", projectId: P1, isDisabled: false },
      { id: R2, name: "dbt-marketing", projectId: P2, isDisabled: false },
    ],
    subscriptions: [],
    notifications: {},
    canViewSubscriptions: { [P1]: true, [P2]: true },
    ...overrides,
  };
}
