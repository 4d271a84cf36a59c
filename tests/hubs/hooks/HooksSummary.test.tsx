/**
 * The Setup tab's view of the hooks analysis: hookHealthSummary over real reports, and the last report a page
 * read (withLastReport), which the Setup tab shows without reading again.
 */
import { buildChecklist } from "../../../src/core/setup/checklist";
import { analyzeHooks, type HooksReport, type HooksSnapshot } from "../../../src/core/hooks/index";
import { hookHealthSummary } from "../../../src/core/hooks/summary";
import * as core from "../../../src/core";
import { AuditCancelledError } from "../../../src/hubs/data/auditSource";
import { withLastReport, type HooksRead, type HooksReadOptions, type HooksSource } from "../../../src/hubs/data/hooksSource";
import { notification, P2, R2, snapshot, subscription } from "../../core/hooks/builders";

function everyState(): HooksSnapshot {
  const kept = subscription({ createdDate: "2026-06-01T00:00:00Z" });
  const duplicate = subscription({ createdDate: "2026-03-01T00:00:00Z" });
  // A disabled copy of the same hook is a duplicate first: counted once, as a duplicate.
  const deadDuplicate = subscription({ createdDate: "2026-07-01T00:00:00Z", status: "disabledBySystem" });
  const failing = subscription({ eventType: "git.pullrequest.updated" });
  const probation = subscription({ eventType: "git.push", status: "onProbation", probationRetries: 2 });
  const userOff = subscription({ eventType: "git.pullrequest.merged", status: "disabledByUser" });
  const inactive = subscription({ status: "disabledByInactiveIdentity", inputs: { projectId: P2, repository: R2 } });
  const strange = subscription({ eventType: "git.pullrequest.commented", status: "somethingNew" });
  const slack = subscription({ url: "https://hooks.slack.com/services/T/B/X" });
  return snapshot({
    subscriptions: [kept, duplicate, deadDuplicate, failing, probation, userOff, inactive, strange, slack],
    notifications: { [failing.id]: [notification("failed", "2026-11-19T10:00:00Z")], [kept.id]: [notification("succeeded", "2026-11-19T10:00:00Z")] },
  });
}

describe("hookHealthSummary", () => {
  test("counts each dbt Cloud subscription once, by the state the analysis gave it", () => {
    const report = analyzeHooks(everyState());
    const states = report.dbtSubscriptions.map((view) => view.state).sort();
    expect(states).toEqual(
      ["disabledByInactiveIdentity", "disabledByUser", "duplicate", "duplicate", "failing", "healthy", "onProbation", "unknownStatus"].sort(),
    );
    expect(hookHealthSummary(report)).toEqual({ total: 8, healthy: 1, failing: 2, disabled: 2, duplicates: 2 });
  });

  test("someone else's subscriptions are not counted; none at all is all zeros", () => {
    const onlySlack = analyzeHooks(snapshot({ subscriptions: [subscription({ url: "https://hooks.slack.com/services/T/B/X" })] }));
    expect(onlySlack.otherSubscriptions).toHaveLength(1);
    expect(hookHealthSummary(onlySlack)).toEqual({ total: 0, healthy: 0, failing: 0, disabled: 0, duplicates: 0 });
  });

  test("a report that is not one is refused with a clear error", () => {
    expect(() => hookHealthSummary({} as HooksReport)).toThrow(/needs a hooks report/);
    const report = analyzeHooks(snapshot({ subscriptions: [subscription()] }));
    const broken = { ...report, dbtSubscriptions: [{ ...report.dbtSubscriptions[0]!, state: "sleeping" }] } as unknown as HooksReport;
    expect(() => hookHealthSummary(broken)).toThrow(/Unknown hook state "sleeping"/);
  });

  test("is exported by the core and feeds the setup checklist's service hooks step", () => {
    expect(core.hookHealthSummary).toBe(hookHealthSummary);
    const facts = (report: HooksReport) =>
      buildChecklist({
        organization: { name: "contoso", url: "https://dev.azure.com/contoso/" },
        facts: { hooks: hookHealthSummary(report) },
        now: new Date("2026-11-20T00:00:00Z"),
      }).find((step) => step.id === "service-hooks")!;
    const broken = facts(analyzeHooks(everyState()));
    expect(broken.state).toBe("problem");
    expect(broken.why).toMatch(/2 duplicate subscriptions/);
    const clean = facts(analyzeHooks(snapshot({ subscriptions: [subscription()] })));
    expect(clean.state).toBe("done");
  });
});

describe("withLastReport", () => {
  function source(reports: HooksReport[], snap: HooksSnapshot): HooksSource & { reads: number } {
    const result = {
      reads: 0,
      async read(options: HooksReadOptions): Promise<HooksRead> {
        const report = reports[result.reads++]!;
        if (options.signal.aborted) throw new AuditCancelledError();
        return { snapshot: snap, report };
      },
      cleanUp: async () => ({
        results: [],
        after: { snapshot: snap, report: reports[0]! },
        remaining: { organization: "contoso", accessUrl: null, steps: [] },
      }),
    };
    return result;
  }
  const run = () => ({ signal: new AbortController().signal, onProgress: () => undefined });

  test("remembers the newest report read and tells listeners; a failed read keeps the last one", async () => {
    const snap = everyState();
    const first = analyzeHooks(snap);
    const second = analyzeHooks(snapshot({ subscriptions: [subscription()] }));
    const inner = source([first, second], snap);
    const service = withLastReport(inner);
    expect(service.lastReport()).toBeUndefined();
    const heard: HooksReport[] = [];
    const stop = service.onReport((report) => heard.push(report));
    await service.read(run());
    expect(service.lastReport()).toBe(first);
    await service.read(run());
    expect(service.lastReport()).toBe(second);
    expect(heard).toEqual([first, second]);

    stop();
    const aborted = new AbortController();
    aborted.abort();
    await expect(service.read({ signal: aborted.signal, onProgress: () => undefined })).rejects.toBeInstanceOf(AuditCancelledError);
    expect(service.lastReport()).toBe(second);
    expect(heard).toHaveLength(2);
  });

  test("a listener that throws does not fail the read or silence the others", async () => {
    const snap = everyState();
    const report = analyzeHooks(snap);
    const service = withLastReport(source([report], snap));
    const heard: string[] = [];
    service.onReport(() => {
      throw new Error("boom");
    });
    service.onReport((r) => heard.push(r.organization));
    await expect(service.read(run())).resolves.toMatchObject({ report });
    expect(heard).toEqual(["contoso"]);
  });

  test("a clean-up goes to the source as is, and its re-read becomes the newest report", async () => {
    const snap = everyState();
    const reRead = analyzeHooks(snapshot({ subscriptions: [subscription()] }));
    const inner = source([], snap);
    const calls: unknown[] = [];
    inner.cleanUp = async (plan) => {
      calls.push(plan);
      return { results: [], after: { snapshot: snap, report: reRead }, remaining: plan };
    };
    const plan = { organization: "contoso", accessUrl: null, steps: [] };
    const service = withLastReport(inner);
    await service.cleanUp(plan, run());
    expect(calls).toEqual([plan]);
    expect(service.lastReport()).toBe(reRead);
  });
});
