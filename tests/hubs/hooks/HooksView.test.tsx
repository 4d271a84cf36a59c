/**
 * @jest-environment jsdom
 */
/**
 * The Service hooks tab over real core reports: small hook snapshots analysed by the real analyzeHooks, plans
 * made by the real planHooksCleanup, and a source that applies a plan to its snapshot with the core's own
 * pre-write checks (what src/ado does over HTTP).
 */
import * as React from "react";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import {
  analyzeHooks,
  checkBeforeDelete,
  planHooksCleanup,
  checkBeforeEnable,
  type HooksPlan,
  type HooksSnapshot,
  type StepResult,
} from "../../../src/core/hooks/index";
import { AuditCancelledError } from "../../../src/hubs/data/auditSource";
import type { HooksCleanupResult, HooksRead, HooksReadOptions, HooksSource } from "../../../src/hubs/data/hooksSource";
import { HooksView } from "../../../src/hubs/hooks/HooksView";
import { notification, P1, P2, P3, R1, R2, R3, snapshot as baseSnapshot, subscription } from "../../core/hooks/builders";

const P4 = "7a8b9c0d-0000-4000-8000-00000000000d";
const R4 = "2b3c4d5e-3b4a-4000-8000-0000000000a4";
const SLACK = "https://hooks.slack.com/services/T000/B000/XXXX";
const LOOKALIKE = "https://getdbt.com.evil.example/hooks/azure/abc";

/**
 * Analytics (P1): a healthy pull-request hook with an older duplicate, a failing one, one a user disabled,
 *   a look-alike copy of the healthy one, and two identical Slack hooks;
 * Marketing (P2): one disabled by the system after failures;
 * Docs (P3): the caller lacks View subscriptions (cannot see);
 * Ops (P4): visible, a repository, no dbt Cloud subscription (none).
 */
function fixture() {
  const kept = subscription({ createdDate: "2026-06-01T00:00:00Z" });
  const duplicate = subscription({ createdDate: "2026-03-01T00:00:00Z" });
  const failing = subscription({ eventType: "git.pullrequest.updated", inputs: { notificationType: "PushNotification" } });
  const userOff = subscription({ eventType: "git.push", status: "disabledByUser", inputs: { branch: "main" } });
  const systemOff = subscription({ status: "disabledBySystem", inputs: { projectId: P2, repository: R2 } });
  const lookalike = subscription({ url: LOOKALIKE, createdDate: "2026-07-01T00:00:00Z" });
  const slackA = subscription({ eventType: "git.push", url: SLACK });
  const slackB = subscription({ eventType: "git.push", url: SLACK });
  const snapshot: HooksSnapshot = baseSnapshot({
    projects: [
      { id: P1, name: "Analytics", visibility: "private" },
      { id: P2, name: "Marketing", visibility: "private" },
      { id: P3, name: "Docs", visibility: "private" },
      { id: P4, name: "Ops", visibility: "private" },
    ],
    repositories: [
      { id: R1, name: "dbt-models", projectId: P1, isDisabled: false },
      { id: R2, name: "dbt-marketing", projectId: P2, isDisabled: false },
      { id: R3, name: "handbook", projectId: P3, isDisabled: false },
      { id: R4, name: "ops-dbt", projectId: P4, isDisabled: false },
    ],
    subscriptions: [kept, duplicate, failing, userOff, systemOff, lookalike, slackA, slackB],
    notifications: {
      [kept.id]: [notification("succeeded", "2026-11-20T10:00:00Z")],
      [duplicate.id]: [notification("succeeded", "2026-11-20T10:00:01Z")],
      [failing.id]: [
        notification("succeeded", "2026-11-18T10:00:00Z"),
        notification("failed", "2026-11-19T10:00:00Z", {
          errorMessage: "The remote server returned an error: (502) Bad Gateway.",
          response: "HTTP/1.1 502 Bad Gateway\r\n\r\n",
          requestAttempts: 3,
        }),
      ],
      [userOff.id]: [],
      [systemOff.id]: [notification("failed", "2026-10-02T10:00:00Z", { errorMessage: "The remote server returned an error: (410) Gone." })],
    },
    canViewSubscriptions: { [P1]: true, [P2]: true, [P3]: false, [P4]: true },
  });
  return {
    snapshot,
    ids: {
      kept: kept.id,
      duplicate: duplicate.id,
      failing: failing.id,
      userOff: userOff.id,
      systemOff: systemOff.id,
      lookalike: lookalike.id,
      slackA: slackA.id,
      slackB: slackB.id,
    },
  };
}

/** Reads analyse the current snapshot with the real core; apply re-checks each step with the core and changes the snapshot. */
class CoreHooksSource implements HooksSource {
  reads = 0;
  applied: HooksPlan[] = [];
  failNextRead?: Error;
  constructor(public snapshot: HooksSnapshot) {}

  async read(options: HooksReadOptions): Promise<HooksRead> {
    this.reads++;
    options.onProgress({ message: "Reading subscriptions", requests: 3 });
    await Promise.resolve();
    if (options.signal.aborted) throw new AuditCancelledError();
    if (this.failNextRead) {
      const error = this.failNextRead;
      this.failNextRead = undefined;
      throw error;
    }
    const snapshot = JSON.parse(JSON.stringify(this.snapshot)) as HooksSnapshot;
    return { snapshot, report: analyzeHooks(snapshot, { accessUrl: options.accessUrl }) };
  }

  async apply(plan: HooksPlan): Promise<StepResult[]> {
    this.applied.push(plan);
    const find = (id: string) => this.snapshot.subscriptions.find((s) => s.id.toLowerCase() === id.toLowerCase());
    return plan.steps.map((step): StepResult => {
      const check =
        step.kind === "delete"
          ? checkBeforeDelete(step, find(step.subscription.id), find(step.keepId))
          : checkBeforeEnable(find(step.subscription.id));
      if (check.verdict !== "proceed") return { step, outcome: "refused", message: check.verdict === "refuse" ? check.reason : "" };
      if (step.kind === "delete") {
        this.snapshot.subscriptions = this.snapshot.subscriptions.filter((s) => s.id !== step.subscription.id);
        return { step, outcome: "deleted", message: "" };
      }
      find(step.subscription.id)!.status = "enabled";
      return { step, outcome: "enabled", message: "" };
    });
  }

  /** As the flow does: apply, then re-read. */
  async cleanUp(plan: HooksPlan, options: HooksReadOptions): Promise<HooksCleanupResult> {
    const results = await this.apply(plan);
    const after = await this.read(options);
    return { results, after, remaining: planHooksCleanup(after.snapshot, after.report) };
  }
}

async function renderView(source: HooksSource, props: Partial<React.ComponentProps<typeof HooksView>> = {}) {
  const view = render(<HooksView source={source} scopeLabel="every project in contoso" showProjectFilter={true} {...props} />);
  await screen.findByTestId("hooks-summary");
  return view;
}

/** The dbt Cloud rows on screen: id -> state. */
function dbtRows(): Record<string, string> {
  const rows: Record<string, string> = {};
  for (const cell of document.querySelectorAll<HTMLElement>("[data-hook-id][data-state]")) {
    if (cell.closest("[data-testid=hook-panel]")) continue;
    rows[cell.dataset.hookId!] = cell.dataset.state!;
  }
  return rows;
}

function otherRows(): string[] {
  return [...document.querySelectorAll<HTMLElement>("[data-other-hook-id]")].map((cell) => cell.dataset.otherHookId!).sort();
}

function rowOf(id: string): HTMLElement {
  const cell = document.querySelector<HTMLElement>(`[data-hook-id="${id}"][data-state]`);
  if (!cell) throw new Error(`No row for ${id}`);
  return cell.closest<HTMLElement>("tr") ?? cell.closest<HTMLElement>("[role=row]")!;
}

async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

/** Opens a filter dropdown and picks the option whose text starts with `text`. */
async function pickFilter(label: string, text: string): Promise<void> {
  const toggle = screen.getByRole("button", { name: new RegExp(label) });
  fireEvent.click(toggle);
  const options = await screen.findAllByRole("option");
  const option = options.find((candidate) => candidate.textContent?.startsWith(`${text} (`));
  if (!option) throw new Error(`No option "${text}" in ${label}: ${options.map((o) => o.textContent).join(", ")}`);
  fireEvent.click(option);
  await settle();
  // Multi-select keeps the callout open; Escape closes it as a user would.
  fireEvent.keyDown(document.activeElement ?? document.body, { key: "Escape", code: "Escape", keyCode: 27 });
  await settle();
}

describe("Service hooks tab over a real analysis", () => {
  test("every dbt Cloud subscription is a row with the state the core gave it; the others are listed apart", async () => {
    const { snapshot, ids } = fixture();
    const source = new CoreHooksSource(snapshot);
    await renderView(source);
    const report = analyzeHooks(snapshot);
    expect(dbtRows()).toEqual(Object.fromEntries(report.dbtSubscriptions.map((view) => [view.id, view.state])));
    expect(dbtRows()).toEqual({
      [ids.kept]: "healthy",
      [ids.duplicate]: "duplicate",
      [ids.failing]: "failing",
      [ids.userOff]: "disabledByUser",
      [ids.systemOff]: "disabledBySystem",
    });
    // The look-alike host is not dbt Cloud's, though its path and filters copy the healthy one.
    expect(otherRows()).toEqual([ids.lookalike, ids.slackA, ids.slackB].sort());
    const lookalike = document.querySelector<HTMLElement>(`[data-other-hook-id="${ids.lookalike}"]`)!;
    expect(lookalike.dataset.targetHost).toBe("getdbt.com.evil.example");
    const counts = screen.getByTestId("hooks-counts");
    expect(counts.querySelector('[data-count="healthy"]')!.textContent).toBe("1 healthy");
    expect(counts.querySelector('[data-count="duplicates"]')!.textContent).toBe("1 duplicate");
    expect(counts.querySelector('[data-count="disabled"]')!.textContent).toBe("2 disabled");
    expect(counts.querySelector('[data-count="failing"]')!.textContent).toBe("1 failing");
    expect(counts.querySelector('[data-count="other"]')!.textContent).toMatch(/^3 not dbt Cloud/);
  });

  test("a project the caller cannot see is shown apart from one that has none, with the analysis' words and the page to fix it", async () => {
    const { snapshot } = fixture();
    await renderView(new CoreHooksSource(snapshot));
    const project = (name: string) => document.querySelector<HTMLElement>(`li[data-project="${name}"]`)!;
    expect(project("Docs").dataset.hooks).toBe("cannotSee");
    expect(within(project("Docs")).getByTestId("project-hooks-state").textContent).toBe("Cannot see");
    expect(project("Docs").textContent).toMatch(/you lack View subscriptions/);
    expect(project("Ops").dataset.hooks).toBe("none");
    expect(within(project("Ops")).getByTestId("project-hooks-state").textContent).toBe("None");
    expect(project("Analytics").dataset.hooks).toBe("some");
    const link = within(project("Docs")).getByRole("link", { name: /Service hooks of Docs/ });
    expect(link.getAttribute("href")).toBe("https://dev.azure.com/contoso/Docs/_settings/serviceHooks");

    const gaps = screen.getByTestId("hooks-gaps");
    const cannotSee = gaps.querySelector<HTMLElement>('[data-finding="hooks-cannot-see"]')!;
    expect(cannotSee.dataset.project).toBe("Docs");
    expect(cannotSee.textContent).toMatch(/Cannot see the service hook subscriptions of Docs/);
    const missing = gaps.querySelector<HTMLElement>('[data-finding="hooks-missing-in-project"]')!;
    expect(missing.dataset.project).toBe("Ops");
    expect(within(missing).getByRole("link").getAttribute("href")).toBe("https://dev.azure.com/contoso/Ops/_settings/serviceHooks");
    // Findings about one subscription are in its row and panel, not repeated as gaps.
    expect(gaps.querySelector('[data-finding="hook-duplicate"]')).toBeNull();
  });

  test("filters: health, status and project narrow the lists; the others have no health and keep to status and project", async () => {
    const { snapshot, ids } = fixture();
    await renderView(new CoreHooksSource(snapshot));
    await pickFilter("Filter by health", "Duplicate");
    expect(dbtRows()).toEqual({ [ids.duplicate]: "duplicate" });
    expect(otherRows()).toHaveLength(3);

    await pickFilter("Filter by health", "Disabled by Azure DevOps");
    expect(Object.keys(dbtRows()).sort()).toEqual([ids.duplicate, ids.systemOff].sort());

    await pickFilter("Filter by project", "Marketing");
    expect(dbtRows()).toEqual({ [ids.systemOff]: "disabledBySystem" });
    expect(otherRows()).toEqual([]);
    expect(screen.getByTestId("other-hooks").textContent).toMatch(/None matches the filters/);
  });

  test("the status filter", async () => {
    const { snapshot, ids } = fixture();
    await renderView(new CoreHooksSource(snapshot));
    await pickFilter("Filter by status", "Disabled by user");
    expect(dbtRows()).toEqual({ [ids.userOff]: "disabledByUser" });
    expect(otherRows()).toEqual([]);
  });

  test("one subscription's deliveries and advice open in a panel", async () => {
    const { snapshot, ids } = fixture();
    await renderView(new CoreHooksSource(snapshot));
    fireEvent.click(within(rowOf(ids.failing)).getByRole("button", { name: /^Deliveries and advice/ }));
    const panel = await screen.findByTestId("hook-panel");
    expect(panel.dataset.hookId).toBe(ids.failing);
    const view = analyzeHooks(snapshot).dbtSubscriptions.find((v) => v.id === ids.failing)!;
    expect(within(panel).getByTestId("hook-advice").textContent).toBe(view.advice);
    const deliveries = [...within(panel).getByTestId("hook-deliveries").querySelectorAll<HTMLElement>("li")];
    // Newest first, with the recorded error and the consumer's answer.
    expect(deliveries.map((li) => li.dataset.result)).toEqual(["failed", "succeeded"]);
    expect(within(deliveries[0]!).getByTestId("delivery-error").textContent).toBe("The remote server returned an error: (502) Bad Gateway.");
    expect(deliveries[0]!.textContent).toMatch(/HTTP\/1\.1 502 Bad Gateway · 3 attempt/);
    expect(panel.textContent).toContain("2 read");
    expect(within(panel).getByRole("link", { name: "Service hooks of Analytics" }).getAttribute("href")).toBe(
      "https://dev.azure.com/contoso/Analytics/_settings/serviceHooks",
    );
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    await waitFor(() => expect(screen.queryByTestId("hook-panel")).toBeNull());
  });

  test("the delete preview lists exactly the duplicates, never someone else's; confirming deletes them and reads again", async () => {
    const { snapshot, ids } = fixture();
    const source = new CoreHooksSource(snapshot);
    await renderView(source);
    fireEvent.click(screen.getByRole("button", { name: "Delete duplicates (1)…" }));
    const preview = await screen.findByTestId("cleanup-preview");
    const listed = [...preview.querySelectorAll<HTMLElement>("li[data-subscription-id]")];
    expect(listed.map((li) => [li.dataset.stepKind, li.dataset.subscriptionId])).toEqual([["delete", ids.duplicate]]);
    // The look-alike copy of the kept hook and the identical Slack pair are never offered.
    for (const other of [ids.lookalike, ids.slackA, ids.slackB, ids.kept]) expect(preview.textContent).not.toContain(`${other} ·`);
    expect(preview.textContent).toContain(ids.kept);
    expect(source.applied).toEqual([]);

    const readsBefore = source.reads;
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Delete 1 subscription" }));
    });
    await waitFor(() => expect(screen.getByTestId("hooks-outcome").textContent).toMatch(/^1 deleted\./));
    expect(source.applied).toHaveLength(1);
    expect(source.applied[0]!.steps.map((step) => [step.kind, step.subscription.id])).toEqual([["delete", ids.duplicate]]);
    expect(source.reads).toBe(readsBefore + 1);
    await waitFor(() => expect(dbtRows()[ids.duplicate]).toBeUndefined());
    expect(dbtRows()[ids.kept]).toBe("healthy");
    expect(otherRows()).toEqual([ids.lookalike, ids.slackA, ids.slackB].sort());
    expect(screen.queryByTestId("cleanup-preview")).toBeNull();
    expect(screen.getByRole("button", { name: "Delete duplicates" }).getAttribute("aria-disabled")).toBe("true");
  });

  test("cancelling the preview writes nothing", async () => {
    const { snapshot } = fixture();
    const source = new CoreHooksSource(snapshot);
    await renderView(source);
    fireEvent.click(screen.getByRole("button", { name: "Delete duplicates (1)…" }));
    await screen.findByTestId("cleanup-preview");
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByTestId("cleanup-preview")).toBeNull());
    expect(source.applied).toEqual([]);
  });

  test("re-enable is offered only for a subscription a user disabled, and goes through a preview", async () => {
    const { snapshot, ids } = fixture();
    const source = new CoreHooksSource(snapshot);
    await renderView(source);
    const offered = Object.keys(dbtRows()).filter((id) => within(rowOf(id)).queryByRole("button", { name: /^Re-enable/ }) !== null);
    expect(offered).toEqual([ids.userOff]);

    fireEvent.click(within(rowOf(ids.userOff)).getByRole("button", { name: /^Re-enable/ }));
    const preview = await screen.findByTestId("cleanup-preview");
    expect(
      [...preview.querySelectorAll<HTMLElement>("li[data-subscription-id]")].map((li) => [li.dataset.stepKind, li.dataset.subscriptionId]),
    ).toEqual([["enable", ids.userOff]]);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Re-enable" }));
    });
    await waitFor(() => expect(dbtRows()[ids.userOff]).toBe("healthy"));
    expect(screen.getByTestId("hooks-outcome").textContent).toMatch(/^1 re-enabled\./);
    expect(source.applied.map((plan) => plan.steps.map((step) => step.kind))).toEqual([["enable"]]);
  });

  test("a step the core refuses at write time is reported, not hidden", async () => {
    const { snapshot, ids } = fixture();
    const source = new CoreHooksSource(snapshot);
    await renderView(source);
    fireEvent.click(screen.getByRole("button", { name: "Delete duplicates (1)…" }));
    await screen.findByTestId("cleanup-preview");
    // Someone deletes the copy that was to be kept between the preview and the confirmation.
    source.snapshot.subscriptions = source.snapshot.subscriptions.filter((s) => s.id !== ids.kept);
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Delete 1 subscription" }));
    });
    const outcome = await screen.findByTestId("hooks-outcome");
    expect(outcome.textContent).toMatch(/1 not changed/);
    expect(outcome.querySelector('[data-outcome="refused"]')!.textContent).toMatch(/may be the last one/);
    await waitFor(() => expect(dbtRows()[ids.duplicate]).toBe("healthy"));
  });

  test("a failed read says why; reading again recovers", async () => {
    const { snapshot } = fixture();
    const source = new CoreHooksSource(snapshot);
    source.failNextRead = new Error("The Azure DevOps token was rejected.");
    render(<HooksView source={source} scopeLabel="the project Analytics" showProjectFilter={false} />);
    expect((await screen.findByTestId("hooks-error")).textContent).toBe("The Azure DevOps token was rejected.");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Read again" }));
    });
    await screen.findByTestId("hooks-summary");
    expect(screen.queryByTestId("hooks-error")).toBeNull();
    // The project hub has no project filter.
    expect(screen.queryByRole("button", { name: /Filter by project/ })).toBeNull();
  });
  test("a change that cannot run at all is reported after the re-read, and nothing is claimed done", async () => {
    const { snapshot, ids } = fixture();
    const source = new CoreHooksSource(snapshot);
    source.apply = async () => {
      throw new Error("The Azure DevOps token was rejected.");
    };
    await renderView(source);
    const readsBefore = source.reads;
    fireEvent.click(screen.getByRole("button", { name: "Delete duplicates (1)…" }));
    await screen.findByTestId("cleanup-preview");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Delete 1 subscription" }));
    });
    await waitFor(() => expect(source.reads).toBe(readsBefore + 1));
    await screen.findByTestId("hooks-summary");
    expect(screen.getByTestId("hooks-outcome").textContent).toMatch(/could not be completed: The Azure DevOps token was rejected\./);
    expect(dbtRows()[ids.duplicate]).toBe("duplicate");
  });

  test("reading can be cancelled; nothing is shown as read", async () => {
    const { snapshot } = fixture();
    const source = new CoreHooksSource(snapshot);
    source.read = (options: HooksReadOptions) =>
      new Promise<HooksRead>((_, reject) => options.signal.addEventListener("abort", () => reject(new AuditCancelledError()), { once: true }));
    render(<HooksView source={source} scopeLabel="every project in contoso" showProjectFilter={true} />);
    fireEvent.click(await screen.findByRole("button", { name: "Cancel" }));
    await screen.findByText(/Reading was cancelled\. Nothing was changed/);
    expect(screen.queryByTestId("hooks-summary")).toBeNull();
    expect(screen.getByRole("button", { name: "Read again" }).getAttribute("aria-disabled")).not.toBe("true");
  });
  test("a filter value that is gone after a re-read stops hiding rows", async () => {
    const { snapshot, ids } = fixture();
    await renderView(new CoreHooksSource(snapshot));
    await pickFilter("Filter by health", "Duplicate");
    expect(Object.keys(dbtRows())).toEqual([ids.duplicate]);
    fireEvent.click(screen.getByRole("button", { name: "Delete duplicates (1)…" }));
    await screen.findByTestId("cleanup-preview");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Delete 1 subscription" }));
    });
    await waitFor(() => expect(Object.keys(dbtRows()).sort()).toEqual([ids.kept, ids.failing, ids.userOff, ids.systemOff].sort()));
  });
});
