/**
 * Subscriptions on a getdbt.com host after dbt's end of support for integrations there (2026-11-01), and
 * subscriptions whose host only looks like dbt Cloud's: the analysis flags both, with the new access URL to use,
 * and the setup checklist's service hooks step agrees.
 */
import { analyzeHooks, legacyHostOf, lookAlikeOf } from "../../../src/core/hooks/index";
import { hookHealthSummary } from "../../../src/core/hooks/summary";
import { buildChecklist } from "../../../src/core/setup/checklist";
import { ORG, snapshot, subscription } from "./builders";

const BEFORE_END = new Date("2026-10-31T12:00:00Z");
const AFTER_END = new Date("2026-11-01T00:00:00Z");
const LEGACY_URL = "https://cloud.getdbt.com/hooks/azure/70403103931811/pull-request";

describe("a dbt Cloud subscription on a getdbt.com host", () => {
  test("after 2026-11-01 it is an error that names the new access URL, even while it delivers", () => {
    const hook = subscription({ url: LEGACY_URL });
    const report = analyzeHooks(snapshot({ subscriptions: [hook] }), { now: AFTER_END, accessUrl: "acme.us1.dbt.com" });
    const view = report.dbtSubscriptions[0]!;
    expect(view.state).toBe("healthy");
    expect(view.legacyHost).toEqual({ host: "cloud.getdbt.com", pastEndOfSupport: true, newAccessHost: "acme.us1.dbt.com" });
    expect(view.severity).toBe("error");
    expect(view.action).toBe("reconnect");
    expect(view.advice).toContain("It still posts to cloud.getdbt.com: dbt Cloud stopped supporting integrations on getdbt.com hosts on 2026-11-01");
    expect(view.advice).toContain("Open dbt Cloud at acme.us1.dbt.com and reconnect the repository there");
    expect(report.findings.find((finding) => finding.id === "hook-legacy-host")).toMatchObject({ severity: "error", subscriptionId: hook.id });
    expect(report.ok).toBe(false);
  });

  test("before 2026-11-01 it is a warning; without a current access URL it says where to find one", () => {
    const report = analyzeHooks(snapshot({ subscriptions: [subscription({ url: LEGACY_URL })] }), { now: BEFORE_END });
    const view = report.dbtSubscriptions[0]!;
    expect(view.legacyHost).toEqual({ host: "cloud.getdbt.com", pastEndOfSupport: false, newAccessHost: null });
    expect(view.severity).toBe("warning");
    expect(view.advice).toContain("supports integrations on getdbt.com hosts only until 2026-11-01");
    expect(view.advice).toContain("your account-scoped access URL (dbt Cloud > Account settings > Access URLs");
    expect(report.ok).toBe(true);
  });

  test("a current host, and a duplicate that is deleted anyway, are not flagged", () => {
    const kept = subscription({ url: LEGACY_URL });
    const copy = subscription({ url: LEGACY_URL });
    const current = subscription({ url: "https://acme.us1.dbt.com/hooks/azure/1/pull-request", eventType: "git.pullrequest.updated" });
    const report = analyzeHooks(snapshot({ subscriptions: [kept, copy, current] }), { now: AFTER_END });
    const byId = new Map(report.dbtSubscriptions.map((view) => [view.id, view]));
    expect(byId.get(current.id)!.legacyHost).toBeNull();
    expect(report.dbtSubscriptions.filter((view) => view.legacyHost !== null)).toHaveLength(1);
    expect(report.findings.filter((finding) => finding.id === "hook-legacy-host")).toHaveLength(1);
  });

  test("the setup checklist's service hooks step is a problem after the date, to do before it, with the new host", () => {
    const hooks = (now: Date) =>
      hookHealthSummary(analyzeHooks(snapshot({ subscriptions: [subscription({ url: LEGACY_URL })] }), { now, accessUrl: "acme.us1.dbt.com" }));
    const step = (now: Date) => buildChecklist({ organization: ORG, now, facts: { hooks: hooks(now) } }).find((s) => s.id === "service-hooks")!;
    expect(step(AFTER_END).state).toBe("problem");
    expect(step(AFTER_END).why).toBe(
      "Of 1 dbt Cloud subscription: 1 subscription still posts to a getdbt.com host, which dbt stopped supporting for integrations on " +
        "2026-11-01 (reconnect the repositories in dbt Cloud at acme.us1.dbt.com).",
    );
    expect(step(BEFORE_END).state).toBe("todo");
  });

  test("legacyHostOf ignores hosts outside getdbt.com and a getdbt.com access URL as the new one", () => {
    expect(legacyHostOf("acme.us1.dbt.com", AFTER_END)).toBeNull();
    expect(legacyHostOf("emea.getdbt.com", AFTER_END, "cloud.getdbt.com")).toEqual({
      host: "emea.getdbt.com",
      pastEndOfSupport: true,
      newAccessHost: null,
    });
  });
});

describe("a subscription whose host looks like dbt Cloud's", () => {
  test.each([
    ["https://getdbt.com.evil.example/hooks", "getdbt.com"],
    ["https://cloud-getdbt.example/hooks", "getdbt.com"],
    ["https://dbt.com.attacker.net/x", "dbt.com"],
    ["https://acme-dbt-com.example/x", "dbt.com"],
  ])("%s imitates %s", (url, mark) => {
    expect(lookAlikeOf(url)).toBe(mark);
  });

  test.each([["https://hooks.slack.com/x"], ["https://cloud.getdbt.com/x"], ["https://abc.us1.dbt.com/x"], [""]])("%s is not a look-alike", (url) => {
    expect(lookAlikeOf(url)).toBeNull();
  });

  test("the configured single-tenant access URL is dbt Cloud's, not a look-alike", () => {
    expect(lookAlikeOf("https://dbt.contoso-getdbt.example/x", "dbt.contoso-getdbt.example")).toBeNull();
  });

  test("it stays apart from dbt Cloud's, is flagged, and raises a warning naming the host", () => {
    const lookalike = subscription({ url: "https://getdbt.com.evil.example/hooks/azure/abc" });
    const report = analyzeHooks(snapshot({ subscriptions: [lookalike] }), { now: AFTER_END });
    expect(report.dbtSubscriptions).toEqual([]);
    expect(report.otherSubscriptions[0]).toMatchObject({ id: lookalike.id, targetHost: "getdbt.com.evil.example", lookAlike: "getdbt.com" });
    const finding = report.findings.find((f) => f.id === "hook-look-alike-host")!;
    expect(finding).toMatchObject({ severity: "warning", subscriptionId: lookalike.id });
    expect(finding.message).toContain("posts to getdbt.com.evil.example, which looks like getdbt.com but is not dbt Cloud's");
  });
});
