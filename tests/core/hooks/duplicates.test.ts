import { duplicateKey, findDuplicateGroups, type HookSubscription } from "../../../src/core/hooks/index";
import { P1, P2, R1, R2, subscription } from "./builders";

function same(a: HookSubscription, b: HookSubscription): boolean {
  return duplicateKey(a) === duplicateKey(b);
}

describe("duplicateKey: equal when Azure DevOps would deliver the same events to the same place", () => {
  test("identical subscriptions (apart from ids, dates, status and server-added inputs) are duplicates", () => {
    const a = subscription();
    const b = subscription({ status: "disabledBySystem", createdDate: "2025-01-01T00:00:00Z", createdBy: { id: "x" } });
    expect(a.publisherInputs!.tfsSubscriptionId).not.toBe(b.publisherInputs!.tfsSubscriptionId);
    expect(same(a, b)).toBe(true);
  });

  test("case of GUIDs, input names, URL scheme/host and an empty filter do not matter", () => {
    const a = subscription({ inputs: { branch: "" } });
    const b = subscription({ url: "HTTPS://ABC123.us1.Dbt.com:443/hooks/azure/abc" });
    b.publisherInputs = { ProjectId: P1.toUpperCase(), Repository: R1.toUpperCase() };
    expect(same(a, b)).toBe(true);
  });

  test.each<[string, Partial<HookSubscription> & { inputs?: Record<string, string>; url?: string }]>([
    ["event type", { eventType: "git.pullrequest.updated" }],
    ["publisher", { publisherId: "azure-devops-other" }],
    ["consumer action", { consumerActionId: "otherAction" }],
    ["project", { inputs: { projectId: P2 } }],
    ["repository", { inputs: { repository: R2 } }],
    ["repository filter vs any repository", { inputs: { repository: "" } }],
    ["branch", { inputs: { branch: "main" } }],
    ["branch spelled with refs/heads/ (not assumed equal)", { inputs: { branch: "refs/heads/main" } }],
    ["another filter", { inputs: { notificationType: "PushNotification" } }],
    ["target URL path", { url: "https://cloud.getdbt.com/hooks/azure/abd" }],
    ["target URL path case", { url: "https://cloud.getdbt.com/hooks/Azure/abc" }],
    ["target host", { url: "https://emea.dbt.com/hooks/azure/abc" }],
    ["target query", { url: "https://cloud.getdbt.com/hooks/azure/abc?x=1" }],
  ])("differing %s: not duplicates", (_, overrides) => {
    expect(same(subscription(), subscription(overrides))).toBe(false);
  });

  test("main and refs/heads/main differ from each other too", () => {
    expect(same(subscription({ inputs: { branch: "main" } }), subscription({ inputs: { branch: "refs/heads/main" } }))).toBe(false);
    expect(same(subscription({ inputs: { branch: "main" } }), subscription({ inputs: { branch: "main" } }))).toBe(true);
  });
});

describe("findDuplicateGroups: keep the newest enabled one", () => {
  test("the newest enabled copy is kept even when a newer disabled one exists", () => {
    const oldEnabled = subscription({ createdDate: "2025-01-01T00:00:00Z" });
    const newEnabled = subscription({ createdDate: "2026-01-01T00:00:00Z" });
    const newestDisabled = subscription({ createdDate: "2026-06-01T00:00:00Z", status: "disabledBySystem" });
    const [group] = findDuplicateGroups([oldEnabled, newestDisabled, newEnabled]);
    expect(group!.kept.id).toBe(newEnabled.id);
    expect(group!.duplicates.map((s) => s.id).sort()).toEqual([oldEnabled.id, newestDisabled.id].sort());
  });

  test("an absent status counts as enabled", () => {
    const noStatus = subscription({ status: undefined, createdDate: "2025-01-01T00:00:00Z" });
    const newerOnProbation = subscription({ status: "onProbation", createdDate: "2026-01-01T00:00:00Z" });
    expect(findDuplicateGroups([newerOnProbation, noStatus])[0]!.kept.id).toBe(noStatus.id);
  });

  test("without an enabled copy: one still delivering, then one a PUT revives, then the newest dead one", () => {
    const system = subscription({ status: "disabledBySystem", createdDate: "2026-03-01T00:00:00Z" });
    const user = subscription({ status: "disabledByUser", createdDate: "2025-03-01T00:00:00Z" });
    expect(findDuplicateGroups([system, user])[0]!.kept.id).toBe(user.id);
    const inactive = subscription({ status: "disabledByInactiveIdentity", createdDate: "2026-04-01T00:00:00Z" });
    expect(findDuplicateGroups([system, inactive])[0]!.kept.id).toBe(inactive.id);
  });

  test("same dates: the choice does not depend on input order", () => {
    const a = subscription();
    const b = subscription();
    expect(findDuplicateGroups([a, b])[0]!.kept.id).toBe(findDuplicateGroups([b, a])[0]!.kept.id);
  });

  test("subscriptions without a twin form no group", () => {
    expect(findDuplicateGroups([subscription(), subscription({ eventType: "git.push" })])).toEqual([]);
  });
});
