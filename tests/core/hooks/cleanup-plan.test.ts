import {
  analyzeHooks,
  checkBeforeDelete,
  checkBeforeEnable,
  duplicateKey,
  planHooksCleanup,
  type DeleteStep,
  type HooksReport,
} from "../../../src/core/hooks/index";
import { snapshot, subscription } from "./builders";

describe("planHooksCleanup", () => {
  test("deletes every duplicate (keeping the newest enabled one) and re-enables what a user disabled", () => {
    const old = subscription({ createdDate: "2025-01-01T00:00:00Z" });
    const kept = subscription({ createdDate: "2026-01-01T00:00:00Z" });
    const userDisabled = subscription({ eventType: "git.pullrequest.updated", status: "disabledByUser" });
    const systemDisabled = subscription({ eventType: "git.push", status: "disabledBySystem" });
    const other = subscription({ url: "https://hooks.slack.com/services/T/B/X" });
    const otherTwin = subscription({ url: "https://hooks.slack.com/services/T/B/X" });
    const snap = snapshot({ subscriptions: [old, kept, userDisabled, systemDisabled, other, otherTwin] });
    const plan = planHooksCleanup(snap, analyzeHooks(snap));
    expect(plan.steps.map((step) => [step.kind, step.subscription.id])).toEqual([
      ["delete", old.id],
      ["enable", userDisabled.id],
    ]);
    const del = plan.steps[0] as DeleteStep;
    expect(del.keepId).toBe(kept.id);
    expect(del.duplicateKey).toBe(duplicateKey(old));
    expect(del.subscription).toMatchObject({
      project: { name: "Analytics" },
      repository: { name: "dbt-models" },
      eventType: "git.pullrequest.created",
    });
  });

  test("a user-disabled duplicate is deleted, not re-enabled", () => {
    const kept = subscription({ createdDate: "2026-01-01T00:00:00Z" });
    const userDisabled = subscription({ createdDate: "2026-02-01T00:00:00Z", status: "disabledByUser" });
    const snap = snapshot({ subscriptions: [kept, userDisabled] });
    expect(planHooksCleanup(snap, analyzeHooks(snap)).steps.map((step) => [step.kind, step.subscription.id])).toEqual([["delete", userDisabled.id]]);
  });

  test("guard: a report that labels someone else's subscription a duplicate does not get it deleted", () => {
    const dbt = subscription();
    const slack = subscription({ url: "https://hooks.slack.com/services/T/B/X" });
    const snap = snapshot({ subscriptions: [dbt, slack] });
    const report = analyzeHooks(snap);
    const forged: HooksReport = {
      ...report,
      dbtSubscriptions: [
        ...report.dbtSubscriptions,
        { ...report.dbtSubscriptions[0]!, id: slack.id, state: "duplicate", duplicateOf: dbt.id },
        { ...report.dbtSubscriptions[0]!, id: dbt.id, state: "duplicate", duplicateOf: slack.id },
      ],
    };
    expect(planHooksCleanup(snap, forged).steps).toEqual([]);
  });

  test("guard: a 'duplicate' whose filters differ from the copy kept is not deleted", () => {
    const a = subscription();
    const b = subscription({ inputs: { branch: "main" } });
    const snap = snapshot({ subscriptions: [a, b] });
    const report = analyzeHooks(snap);
    const forged: HooksReport = {
      ...report,
      dbtSubscriptions: report.dbtSubscriptions.map((view) => (view.id === b.id ? { ...view, state: "duplicate", duplicateOf: a.id } : view)),
    };
    expect(planHooksCleanup(snap, forged).steps).toEqual([]);
  });

  test("guard: a 'disabledByUser' label on a subscription the system disabled is not re-enabled", () => {
    const dead = subscription({ status: "disabledBySystem" });
    const snap = snapshot({ subscriptions: [dead] });
    const report = analyzeHooks(snap);
    const forged: HooksReport = { ...report, dbtSubscriptions: report.dbtSubscriptions.map((view) => ({ ...view, state: "disabledByUser" })) };
    expect(planHooksCleanup(snap, forged).steps).toEqual([]);
  });

  test("a clean organization plans nothing", () => {
    const snap = snapshot({ subscriptions: [subscription(), subscription({ status: "disabledBySystem", eventType: "git.push" })] });
    expect(planHooksCleanup(snap, analyzeHooks(snap)).steps).toEqual([]);
  });
});

describe("checks right before a write", () => {
  const kept = subscription({ createdDate: "2026-01-01T00:00:00Z" });
  const dup = subscription({ createdDate: "2025-01-01T00:00:00Z" });
  const snap = snapshot({ subscriptions: [kept, dup] });
  const step = planHooksCleanup(snap, analyzeHooks(snap)).steps[0] as DeleteStep;

  test("proceed when both copies are still as planned", () => {
    expect(checkBeforeDelete(step, dup, kept)).toEqual({ verdict: "proceed" });
  });

  test("already gone (404) counts as done", () => {
    expect(checkBeforeDelete(step, undefined, kept)).toEqual({ verdict: "done", reason: "already deleted" });
  });

  test("refuse when the target no longer points at dbt Cloud", () => {
    const moved = { ...dup, consumerInputs: { url: "https://getdbt.com.evil.example/x" } };
    expect(checkBeforeDelete(step, moved, kept)).toMatchObject({ verdict: "refuse", reason: expect.stringMatching(/no longer points at dbt Cloud/) });
  });

  test("refuse when the subscription's filters changed", () => {
    const changed = { ...dup, publisherInputs: { ...dup.publisherInputs, branch: "main" } };
    expect(checkBeforeDelete(step, changed, kept).verdict).toBe("refuse");
  });

  test("refuse when the copy to keep is gone or changed, so the last copy is never deleted", () => {
    expect(checkBeforeDelete(step, dup, undefined)).toMatchObject({ verdict: "refuse", reason: expect.stringMatching(/may be the last one/) });
    const keptChanged = { ...kept, eventType: "git.push" };
    expect(checkBeforeDelete(step, dup, keptChanged).verdict).toBe("refuse");
  });

  test.each([
    ["disabledByUser", "proceed"],
    ["enabled", "done"],
    [undefined, "done"],
    ["disabledBySystem", "refuse"],
    ["disabledByInactiveIdentity", "refuse"],
    ["onProbation", "refuse"],
  ])("re-enable when the status is now %p -> %s", (status, verdict) => {
    expect(checkBeforeEnable(subscription({ status })).verdict).toBe(verdict);
  });

  test("re-enable refuses a subscription that is gone or no longer dbt Cloud's", () => {
    expect(checkBeforeEnable(undefined).verdict).toBe("refuse");
    expect(checkBeforeEnable(subscription({ status: "disabledByUser", url: "https://example.com/x" })).verdict).toBe("refuse");
  });
});
