import { analyzeHooks, deliveryHealth, isCreatedByServiceUser, type DbtHookView, type HooksReport } from "../../../src/core/hooks/index";
import { ALICE, notification, P1, P2, P3, R1, R2, snapshot, subscription, SVC } from "./builders";

function only(report: HooksReport): DbtHookView {
  expect(report.dbtSubscriptions).toHaveLength(1);
  return report.dbtSubscriptions[0]!;
}

describe("state, severity and action per status", () => {
  test.each([
    [undefined, "healthy", "ok", "none"],
    ["enabled", "healthy", "ok", "none"],
    ["onProbation", "onProbation", "warning", "watch"],
    ["disabledByUser", "disabledByUser", "error", "reEnable"],
    ["disabledBySystem", "disabledBySystem", "error", "reconnect"],
    ["disabledByInactiveIdentity", "disabledByInactiveIdentity", "error", "reconnect"],
    ["somethingNew", "unknownStatus", "warning", "check"],
  ])("status %p -> %s / %s / %s", (status, state, severity, action) => {
    const report = analyzeHooks(snapshot({ subscriptions: [subscription({ status })] }));
    const view = only(report);
    expect([view.state, view.severity, view.action]).toEqual([state, severity, action]);
    expect(report.ok).toBe(severity !== "error");
  });

  test("absent status is reported as enabled, and the raw value kept as null", () => {
    const view = only(analyzeHooks(snapshot({ subscriptions: [subscription({ status: undefined })] })));
    expect(view.status).toBe("enabled");
    expect(view.reportedStatus).toBeNull();
  });

  test("system- and identity-disabled: the advice says updating does not revive it and links to permissions and dbt Cloud", () => {
    for (const status of ["disabledBySystem", "disabledByInactiveIdentity"]) {
      const view = only(analyzeHooks(snapshot({ subscriptions: [subscription({ status })] }), { accessUrl: "abc123.us1.dbt.com" }));
      expect(view.advice).toMatch(/does not revive it/);
      expect(view.advice).toMatch(/reconnect the repository in dbt Cloud/);
      const urls = view.links.map((link) => link.url);
      expect(urls).toContain(`https://dev.azure.com/contoso/Analytics/_settings/repositories?repo=${R1}&_a=permissionsMid`);
      expect(urls).toContain("https://abc123.us1.dbt.com/");
      expect(urls).toContain("https://dev.azure.com/contoso/Analytics/_settings/serviceHooks");
    }
  });

  test("with a dbt account id the dbt Cloud link goes to the account's projects", () => {
    const report = analyzeHooks(snapshot({ subscriptions: [subscription({ status: "disabledBySystem" })] }), { dbtAccountId: 42 });
    expect(only(report).links.map((link) => link.url)).toContain("https://abc123.us1.dbt.com/settings/accounts/42/pages/projects");
  });

  test("disabled by a user: the advice is to re-enable, not to reconnect", () => {
    const view = only(analyzeHooks(snapshot({ subscriptions: [subscription({ status: "disabledByUser" })] })));
    expect(view.advice).toMatch(/Re-enable it/);
    expect(view.advice).not.toMatch(/reconnect/i);
  });

  test("on probation: retries and the last error are in the advice", () => {
    const hook = subscription({ status: "onProbation", probationRetries: 3, lastProbationRetryDate: "2026-06-01T08:00:00Z" });
    const report = analyzeHooks(
      snapshot({
        subscriptions: [hook],
        notifications: { [hook.id]: [notification("failed", "2026-06-01T08:00:00Z", { errorMessage: "The remote server returned 503" })] },
      }),
    );
    const view = only(report);
    expect(view.probationRetries).toBe(3);
    expect(view.advice).toContain("3 probation retries");
    expect(view.advice).toContain("The remote server returned 503");
    expect(report.findings.filter((f) => f.subscriptionId === hook.id).map((f) => f.id)).toEqual(["hook-on-probation"]);
  });
});

describe("delivery history", () => {
  test("enabled but the newest finished delivery failed -> failing, with the last error and when", () => {
    const hook = subscription();
    const history = [
      notification("succeeded", "2026-06-01T10:00:00Z"),
      notification("failed", "2026-06-02T10:00:00Z", { errorMessage: "Connection\nrefused", response: "HTTP/1.1 502" }),
      notification("pending", "2026-06-03T10:00:00Z"),
      notification("filtered", "2026-06-03T11:00:00Z"),
    ];
    const view = only(analyzeHooks(snapshot({ subscriptions: [hook], notifications: { [hook.id]: history } })));
    expect(view.state).toBe("failing");
    expect(view.delivery).toMatchObject({
      historyRead: true,
      recent: 4,
      succeeded: 1,
      failed: 1,
      pending: 1,
      lastResult: "failed",
      lastDeliveryDate: "2026-06-02T10:00:00Z",
      lastSuccessDate: "2026-06-01T10:00:00Z",
      lastFailure: { date: "2026-06-02T10:00:00Z", message: "Connection refused" },
    });
  });

  test("an old failure followed by a success is healthy, the failure still counted", () => {
    const hook = subscription();
    const history = [notification("failed", "2026-06-01T10:00:00Z"), notification("succeeded", "2026-06-02T10:00:00Z")];
    const view = only(analyzeHooks(snapshot({ subscriptions: [hook], notifications: { [hook.id]: history } })));
    expect(view.state).toBe("healthy");
    expect(view.delivery.failed).toBe(1);
    expect(view.delivery.lastFailure?.message).toBe("no error message was recorded");
  });

  test("numeric results and the response line when there is no message", () => {
    const health = deliveryHealth(subscription(), [
      { id: 1, result: 20, createdDate: "2026-06-01T00:00:00Z", details: { response: "HTTP/1.1 404 Not Found\r\nServer: x" } },
    ]);
    expect(health.lastResult).toBe("failed");
    expect(health.lastFailure?.message).toBe("HTTP/1.1 404 Not Found");
  });

  test("history not read: nothing is claimed", () => {
    const health = deliveryHealth(subscription({ lastSuccessfulAttemptDate: "2026-05-05T00:00:00Z" }), undefined);
    expect(health).toEqual({ historyRead: false, recent: 0, succeeded: 0, failed: 0, pending: 0, lastSuccessDate: "2026-05-05T00:00:00Z" });
  });
});

describe("duplicates in the report", () => {
  test("the newest enabled copy stays; the others are duplicates pointing at it, with a delete action", () => {
    const old = subscription({ createdDate: "2025-01-01T00:00:00Z" });
    const kept = subscription({ createdDate: "2026-01-01T00:00:00Z" });
    const dead = subscription({ createdDate: "2026-02-01T00:00:00Z", status: "disabledBySystem" });
    const report = analyzeHooks(snapshot({ subscriptions: [old, kept, dead] }));
    const byId = new Map(report.dbtSubscriptions.map((view) => [view.id, view]));
    expect(byId.get(kept.id)).toMatchObject({ state: "healthy", duplicateOf: null });
    expect(byId.get(kept.id)!.duplicates.sort()).toEqual([old.id, dead.id].sort());
    for (const id of [old.id, dead.id]) expect(byId.get(id)).toMatchObject({ state: "duplicate", action: "delete", duplicateOf: kept.id });
    expect(report.summary).toMatchObject({ dbt: 3, healthy: 1, duplicates: 2, unhealthy: 0 });
    expect(
      report.findings
        .filter((f) => f.id === "hook-duplicate")
        .map((f) => f.subscriptionId)
        .sort(),
    ).toEqual([old.id, dead.id].sort());
    expect(report.ok).toBe(false);
  });

  test("differing filters are listed side by side, not as duplicates", () => {
    const report = analyzeHooks(
      snapshot({
        subscriptions: [subscription(), subscription({ inputs: { branch: "main" } }), subscription({ eventType: "git.pullrequest.updated" })],
      }),
    );
    expect(report.dbtSubscriptions.map((view) => view.state)).toEqual(["healthy", "healthy", "healthy"]);
    expect(report.ok).toBe(true);
  });

  test("a non-dbt twin of a dbt subscription is never a duplicate of it", () => {
    const dbt = subscription();
    const lookalike = subscription({ url: "https://cloud.getdbt.com.evil.example/hooks/azure/abc" });
    const report = analyzeHooks(snapshot({ subscriptions: [dbt, lookalike] }));
    expect(report.dbtSubscriptions.map((view) => view.id)).toEqual([dbt.id]);
    expect(report.otherSubscriptions.map((view) => view.id)).toEqual([lookalike.id]);
    expect(report.otherSubscriptions[0]!.targetHost).toBe("cloud.getdbt.com.evil.example");
  });
});

describe("names, creator and filters", () => {
  test("project and repository names, branch and other filters, redacted target", () => {
    const hook = subscription({
      url: "https://user:pw@cloud.getdbt.com/hooks/azure/abc?token=s3cret",
      inputs: { branch: "main", notificationType: "PushNotification" },
    });
    const view = only(analyzeHooks(snapshot({ subscriptions: [hook] })));
    expect(view.project).toEqual({ id: P1, name: "Analytics" });
    expect(view.repository).toEqual({ id: R1, name: "dbt-models" });
    expect(view.branch).toBe("main");
    expect(view.filters).toEqual({ notificationType: "PushNotification" });
    expect(view.target).toBe("https://cloud.getdbt.com/hooks/azure/abc?…");
    expect(JSON.stringify(view)).not.toContain("s3cret");
  });

  test("an unknown repository keeps its id and a null name; no repository filter means any", () => {
    const unknown = subscription({ inputs: { repository: "deadbeef-0000-4000-8000-000000000000" } });
    const any = subscription({ inputs: { repository: "" }, eventType: "git.push" });
    const report = analyzeHooks(snapshot({ subscriptions: [unknown, any] }));
    const byId = new Map(report.dbtSubscriptions.map((view) => [view.id, view]));
    expect(byId.get(unknown.id)!.repository).toEqual({ id: "deadbeef-0000-4000-8000-000000000000", name: null });
    expect(byId.get(any.id)!.repository).toEqual({ id: null, name: null });
  });

  test.each([
    [SVC, { id: SVC.id }, true],
    [SVC, { principalName: "SVC-DBT@contoso.com" }, true],
    [ALICE, { id: SVC.id, principalName: SVC.uniqueName }, false],
    [{ id: SVC.id }, { principalName: SVC.uniqueName }, null],
    [undefined, { id: SVC.id }, null],
    [SVC, undefined, null],
    [{ descriptor: "aad.AbC" }, { subjectDescriptor: "aad.abc" }, false],
    [{ descriptor: "aad.AbC" }, { subjectDescriptor: "aad.AbC" }, true],
  ])("createdBy %j vs service user %j -> %p", (createdBy, serviceUser, expected) => {
    expect(isCreatedByServiceUser(createdBy, serviceUser)).toBe(expected);
  });

  test("a kept subscription created by someone else is a warning; unknown service user gives no such finding", () => {
    const hook = subscription({ createdBy: ALICE });
    const withUser = analyzeHooks(snapshot({ subscriptions: [hook], serviceUser: { id: SVC.id, principalName: SVC.uniqueName } }));
    expect(only(withUser).creator).toEqual({ id: ALICE.id, displayName: "Alice Admin", uniqueName: "alice@contoso.com", isServiceUser: false });
    const about = (report: HooksReport) => report.findings.filter((f) => f.subscriptionId === hook.id).map((f) => [f.id, f.severity]);
    expect(about(withUser)).toEqual([["hook-not-created-by-service-user", "warning"]]);
    expect(withUser.ok).toBe(true);
    expect(about(analyzeHooks(snapshot({ subscriptions: [hook] })))).toEqual([]);
  });
});

describe("projects: visibility and gaps", () => {
  test("an empty list where the caller lacks ViewSubscriptions is 'cannot see', not 'none' (an error)", () => {
    const report = analyzeHooks(snapshot({ subscriptions: [subscription()], canViewSubscriptions: { [P1]: true, [P2]: false } }));
    const marketing = report.projects.find((project) => project.id === P2)!;
    expect(marketing.visibility).toBe("cannotSee");
    expect(marketing.missingDbtSubscription).toBe(false);
    const finding = report.findings.find((f) => f.projectId === P2)!;
    expect(finding).toMatchObject({ id: "hooks-cannot-see", severity: "error" });
    expect(finding.message).toMatch(/Cannot see/);
    expect(report.summary.projectsCannotSee).toBe(1);
    expect(report.ok).toBe(false);
  });

  test("a permission check answering false is overruled by subscriptions that did come back", () => {
    const report = analyzeHooks(snapshot({ subscriptions: [subscription()], canViewSubscriptions: { [P1]: false, [P2]: true } }));
    expect(report.projects.find((project) => project.id === P1)!.visibility).toBe("visible");
  });

  test("an unchecked empty project is a warning, not an error", () => {
    const report = analyzeHooks(snapshot({ subscriptions: [subscription()], canViewSubscriptions: { [P1]: true } }));
    expect(report.projects.find((project) => project.id === P2)!.visibility).toBe("unchecked");
    expect(report.findings.map((f) => [f.id, f.severity])).toEqual([["hooks-visibility-unchecked", "warning"]]);
  });

  test("a visible project with repositories but no dbt subscription is a gap while dbt is used elsewhere", () => {
    const other = subscription({ url: "https://hooks.slack.com/services/T/B/X", inputs: { projectId: P2, repository: R2 } });
    const report = analyzeHooks(snapshot({ subscriptions: [subscription(), other] }));
    const marketing = report.projects.find((project) => project.id === P2)!;
    expect(marketing).toMatchObject({
      visibility: "visible",
      repositories: 1,
      dbtSubscriptions: 0,
      otherSubscriptions: 1,
      missingDbtSubscription: true,
    });
    expect(report.findings.map((f) => [f.id, f.projectId])).toEqual([["hooks-missing-in-project", P2]]);
    expect(report.ok).toBe(true);
  });

  test("no gap for a project without enabled repositories", () => {
    const report = analyzeHooks(
      snapshot({
        projects: [
          { id: P1, name: "Analytics", visibility: "private" },
          { id: P3, name: "Docs", visibility: "private" },
        ],
        repositories: [
          { id: R1, name: "dbt-models", projectId: P1, isDisabled: false },
          { id: R2, name: "old", projectId: P3, isDisabled: true },
        ],
        subscriptions: [subscription()],
        canViewSubscriptions: { [P1]: true, [P3]: true },
      }),
    );
    expect(report.projects.find((project) => project.id === P3)!.missingDbtSubscription).toBe(false);
    expect(report.findings).toEqual([]);
  });

  test("no dbt subscription anywhere: one warning (with the --access-url hint), not one gap per project", () => {
    const custom = subscription({ url: "https://dbt.internal.contoso.com/hooks/azure/1" });
    const report = analyzeHooks(snapshot({ subscriptions: [custom] }));
    expect(report.findings.map((f) => f.id)).toEqual(["no-dbt-hooks"]);
    expect(report.findings[0]!.message).toMatch(/access URL/);
    const configured = analyzeHooks(snapshot({ subscriptions: [custom] }), { accessUrl: "https://dbt.internal.contoso.com" });
    expect(configured.dbtSubscriptions.map((view) => view.id)).toEqual([custom.id]);
    expect(configured.accessUrl).toBe("dbt.internal.contoso.com");
  });

  test("a bad access URL is refused with the parser's message", () => {
    expect(() => analyzeHooks(snapshot(), { accessUrl: "login.dbt.com" })).toThrow(/sign-in page/);
  });
});
