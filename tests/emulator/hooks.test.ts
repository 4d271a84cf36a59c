/** Service hook subscriptions: visibility, permissions, server-added fields, masking, notifications (https://learn.microsoft.com/rest/api/azure/devops/hooks/subscriptions). */
import type { RunningEmulator } from "../../emulator";
import { ANALYTICS, DBT_MODELS, ENGINEER, SVC_AUTH, SVC_SUBJECT, call, demoIds, startDemo } from "./support";

const ids = demoIds();
let emu: RunningEmulator;
beforeEach(async () => {
  emu = await startDemo();
});
afterEach(() => emu.stop());

const hooks = (path: string, init: Parameters<typeof call>[2] = {}) => call(emu, `/contoso/_apis/hooks/${path}`, init);

const dbtHook = (projectId: string, repositoryId: string) => ({
  publisherId: "tfs",
  eventType: "git.pullrequest.updated",
  resourceVersion: "1.0",
  consumerId: "webHooks",
  consumerActionId: "httpRequest",
  publisherInputs: { projectId, repository: repositoryId, branch: "", notificationType: "PushNotification" },
  consumerInputs: { url: "https://cloud.getdbt.com/hooks/azure/70403103931811/pull-request", basicAuthUsername: "", basicAuthPassword: "s3cret" },
});

test("the demo's subscriptions: healthy, failing, disabled three ways, duplicated, and not dbt", async () => {
  const r = await hooks("subscriptions?api-version=7.1");
  expect(r.status).toBe(200);
  const statuses = r.json.value.map((s: any) => s.status);
  for (const status of ["enabled", "onProbation", "disabledByUser", "disabledBySystem", "disabledByInactiveIdentity"])
    expect(statuses).toContain(status);
  const hosts = r.json.value.map((s: any) => new URL(s.consumerInputs.url).host);
  expect(hosts).toContain("getdbt.com.evil.example");
  expect(hosts).toContain("hooks.slack.com");
  const sameTarget = r.json.value.filter((s: any) => s.eventType === "git.pullrequest.updated" && s.publisherInputs.repository === DBT_MODELS);
  expect(sameTarget).toHaveLength(2);
});

test("one subscription in the reference example's shape, with the secret masked", async () => {
  const r = await hooks("subscriptions/fd672255-8b6b-4769-9260-beea83d752ce?api-version=7.1");
  expect(r.json).toMatchObject({
    id: "fd672255-8b6b-4769-9260-beea83d752ce",
    url: `${emu.baseUrl}/contoso/_apis/hooks/subscriptions/fd672255-8b6b-4769-9260-beea83d752ce`,
    status: "enabled",
    publisherId: "tfs",
    eventType: "git.pullrequest.updated",
    resourceVersion: "1.0",
    eventDescription: "Repository dbt-models",
    consumerId: "webHooks",
    consumerActionId: "httpRequest",
    actionDescription: "To host acme.us1.dbt.com",
    createdBy: { id: "81fa6389-0872-6fdd-a451-7ba7880f566a", uniqueName: "svc-dbt@contoso.com", descriptor: SVC_SUBJECT },
    createdDate: "2026-03-14T10:20:30.873Z",
    publisherInputs: {
      projectId: ANALYTICS,
      repository: DBT_MODELS,
      hostId: "d81542e4-cdfa-4333-b082-1ae2d6c3ad16",
    },
    consumerInputs: { basicAuthUsername: "dbt", basicAuthPassword: "********" },
  });
  expect(r.json.publisherInputs.tfsSubscriptionId).toMatch(/^[0-9a-f-]{36}$/);
});

test("a caller without ViewSubscriptions gets 200 with an empty list", async () => {
  const r = await hooks("subscriptions?api-version=7.1", { auth: ENGINEER });
  expect(r.status).toBe(200);
  expect(r.json).toEqual({ count: 0, value: [] });
  expect((await hooks("subscriptions/fd672255-8b6b-4769-9260-beea83d752ce", { auth: ENGINEER })).status).toBe(404);
});

test("list filters by publisher, event type and consumer", async () => {
  const r = await hooks("subscriptions?eventType=git.push&api-version=7.1");
  expect(r.json.value.map((s: any) => s.consumerInputs.url)).toEqual(["https://hooks.slack.com/services/T0001/B0002/XXXXXXXXXXXXXXXX"]);
});

test("create needs EditSubscriptions on the project; the server adds fields and masks secrets", async () => {
  const marketing = await hooks("subscriptions?api-version=7.1", {
    method: "POST",
    auth: SVC_AUTH,
    body: dbtHook(ids.project("Marketing"), ids.repo("Marketing", "web-tracking")),
  });
  expect(marketing.status).toBe(403);
  expect(marketing.json.typeKey).toBe("AccessCheckException");

  const before = emu.state("contoso").subscriptions.size;
  const r = await hooks("subscriptions?api-version=7.1", { method: "POST", auth: SVC_AUTH, body: dbtHook(ANALYTICS, DBT_MODELS) });
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({
    status: "enabled",
    createdBy: { uniqueName: "svc-dbt@contoso.com" },
    modifiedBy: { uniqueName: "svc-dbt@contoso.com" },
    publisherInputs: { projectId: ANALYTICS, repository: DBT_MODELS, hostId: "d81542e4-cdfa-4333-b082-1ae2d6c3ad16" },
    consumerInputs: { basicAuthPassword: "********", basicAuthUsername: "" },
  });
  expect(r.json.publisherInputs.tfsSubscriptionId).toBeDefined();
  expect(emu.state("contoso").subscriptions.size).toBe(before + 1);
  expect(emu.state("contoso").subscriptions.get(r.json.id)?.consumerInputs.basicAuthPassword).toBe("s3cret");
});

test("create without EditSubscriptions anywhere, and with an unknown project", async () => {
  const denied = await hooks("subscriptions?api-version=7.1", { method: "POST", auth: ENGINEER, body: dbtHook(ANALYTICS, DBT_MODELS) });
  expect(denied.status).toBe(403);
  const unknown = await hooks("subscriptions?api-version=7.1", { method: "POST", body: dbtHook("00000000-0000-0000-0000-000000000000", DBT_MODELS) });
  expect(unknown.status).toBe(400);
  const missing = await hooks("subscriptions?api-version=7.1", { method: "POST", body: { ...dbtHook(ANALYTICS, DBT_MODELS), eventType: undefined } });
  expect(missing.status).toBe(400);
});

test("PUT replaces; an echoed mask keeps the stored secret; status can be changed", async () => {
  const id = "fd672255-8b6b-4769-9260-beea83d752ce";
  const current = (await hooks(`subscriptions/${id}`)).json;
  const r = await hooks(`subscriptions/${id}?api-version=7.1`, {
    method: "PUT",
    body: { ...current, status: "disabledByUser", consumerInputs: { ...current.consumerInputs, url: "https://acme.us1.dbt.com/hooks/azure/1" } },
  });
  expect(r.status).toBe(200);
  expect(r.json).toMatchObject({ id, status: "disabledByUser", actionDescription: "To host acme.us1.dbt.com", createdDate: current.createdDate });
  expect(Math.abs(Date.parse(r.json.modifiedDate) - Date.now())).toBeLessThan(60_000);
  const stored = emu.state("contoso").subscriptions.get(id)!;
  expect(stored.consumerInputs.basicAuthPassword).toBe("s3cret-hook-password");
  expect(stored.publisherInputs.tfsSubscriptionId).toBe(current.publisherInputs.tfsSubscriptionId);
});

test("DELETE answers 204 and the subscription is gone", async () => {
  const id = "1d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a";
  const r = await hooks(`subscriptions/${id}?api-version=7.1`, { method: "DELETE" });
  expect(r.status).toBe(204);
  expect((await hooks(`subscriptions/${id}`)).status).toBe(404);
  const denied = await hooks(`subscriptions/fd672255-8b6b-4769-9260-beea83d752ce?api-version=7.1`, { method: "DELETE", auth: ENGINEER });
  expect(denied.status).toBe(404);
});

test("notifications of a failing subscription, newest first, filterable by result", async () => {
  const id = "2e3f4a5b-6c7d-4e8f-8a9b-1c2d3e4f5a6b";
  const sub = (await hooks(`subscriptions/${id}`)).json;
  expect(sub).toMatchObject({ status: "onProbation", probationRetries: 3, lastProbationRetryDate: "2026-11-26T06:00:00Z" });
  const all = await hooks(`subscriptions/${id}/notifications?api-version=7.1`);
  expect(all.json.count).toBe(3);
  expect(all.json.value.map((n: any) => n.result)).toEqual(["failed", "failed", "succeeded"]);
  const failed = await hooks(`subscriptions/${id}/notifications?result=failed&maxResults=1`);
  expect(failed.json.count).toBe(1);
  expect(failed.json.value[0]).toMatchObject({
    subscriptionId: id,
    status: "completed",
    result: "failed",
    details: { errorMessage: "The remote server returned an error: (503) Server Unavailable.", eventType: "git.pullrequest.updated" },
  });
});

test("subscriptionsquery filters on publisher inputs", async () => {
  const r = await hooks("subscriptionsquery?api-version=7.1", {
    method: "POST",
    body: {
      publisherId: "tfs",
      consumerId: "webHooks",
      publisherInputFilters: [
        { conditions: [{ inputId: "projectId", operator: "equals", inputValue: ids.project("Finance"), caseSensitive: false }] },
      ],
    },
  });
  expect(r.json.publisherId).toBe("tfs");
  expect(r.json.results.map((s: any) => s.id).sort()).toEqual(["2e3f4a5b-6c7d-4e8f-8a9b-1c2d3e4f5a6b", "3f4a5b6c-7d8e-4f9a-9b0c-2d3e4f5a6b7c"]);
});
