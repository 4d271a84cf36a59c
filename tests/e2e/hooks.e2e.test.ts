/**
 * The Service hooks tab in real Chromium, framed cross-origin by the local Azure DevOps host, against its own
 * emulator with the demo organization (its deletions stay here): dbt Cloud's subscriptions with the states the
 * core computes from the same organization, the non-dbt ones apart (the look-alike host among them), one
 * subscription's deliveries in a panel, deleting the duplicates through the preview and seeing them gone after
 * the re-read, the project hub scoped to its project, and axe with no serious or critical violation. The README's
 * Service hooks screenshot goes to images/screenshots/hooks-light.png when UPDATE_SCREENSHOTS=1.
 */
import type { Frame, Page } from "playwright-core";
import type { OrgSeed } from "../../emulator";
import { patAuth } from "../../src/ado/http/auth";
import { AdoGateway } from "../../src/ado/gateway";
import { parseOrganization } from "../../src/ado/organization";
import { analyzeHooks, type HooksReport } from "../../src/core/hooks/index";
import {
  chromiumOrSkip,
  hubFrame as framedHub,
  openHub,
  runAxe,
  saveScreenshot,
  startHubHarness,
  type HubFile,
  type HubHarness,
} from "./support/harness";

const LOOKALIKE_HOST = "getdbt.com.evil.example";
const e2e = chromiumOrSkip();

e2e("the Service hooks tab in Chromium through the local Azure DevOps host", () => {
  jest.setTimeout(120_000);
  let hub: HubHarness;
  let seed: OrgSeed;
  let page: Page;
  /** What the core makes of the demo organization, read over HTTP before the hub changes anything. */
  let expected: HooksReport;

  beforeAll(async () => {
    hub = await startHubHarness();
    seed = hub.seed;
    const gateway = AdoGateway.forOrganization({ org: parseOrganization(hub.orgUrl), auth: patAuth("demo-admin-pat") });
    expected = analyzeHooks(await gateway.readHooksSnapshot());
    // Tall enough for every row of the (virtualized) tables to be rendered at once.
    page = await hub.newPage({ width: 1366, height: 2400 });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  async function openHooksTab(query: string, file: HubFile): Promise<Frame> {
    await openHub(page, hub.devhost.hostUrl, query);
    const frame = framedHub(page, file);
    await frame.getByRole("tab", { name: "Service hooks" }).click();
    await frame.getByTestId("hooks-summary").waitFor({ timeout: 30_000 });
    return frame;
  }

  const hubFrame = (): Frame => framedHub(page, "org-settings");

  /** The dbt Cloud rows on screen: id -> state. */
  async function dbtRows(frame: Frame): Promise<Record<string, string>> {
    return frame.$$eval("table [data-hook-id][data-state]", (cells) =>
      Object.fromEntries(cells.map((c) => [(c as HTMLElement).dataset.hookId!, (c as HTMLElement).dataset.state!])),
    );
  }

  async function otherRows(frame: Frame): Promise<{ id: string; host: string }[]> {
    return frame.$$eval("[data-other-hook-id]", (cells) =>
      cells.map((c) => ({ id: (c as HTMLElement).dataset.otherHookId!, host: (c as HTMLElement).dataset.targetHost! })),
    );
  }

  async function expectAccessible(frame: Frame, label: string): Promise<void> {
    expect(await runAxe(frame, label)).toEqual([]);
  }

  const screenshot = (name: string) => saveScreenshot(page, name);

  test("the demo organization has what this tab must show", () => {
    const states = new Set(expected.dbtSubscriptions.map((view) => view.state));
    for (const state of ["healthy", "onProbation", "disabledByUser", "disabledBySystem", "disabledByInactiveIdentity", "duplicate"]) {
      expect([...states]).toContain(state);
    }
    expect(expected.otherSubscriptions.map((view) => view.targetHost)).toContain(LOOKALIKE_HOST);
  });

  test("dbt Cloud's subscriptions are listed with the core's states, the others apart", async () => {
    const frame = await openHooksTab("hub=org-settings-hub&theme=light", "org-settings");
    expect(await dbtRows(frame)).toEqual(Object.fromEntries(expected.dbtSubscriptions.map((view) => [view.id, view.state])));
    const others = await otherRows(frame);
    expect(others.map((o) => o.id).sort()).toEqual(expected.otherSubscriptions.map((view) => view.id).sort());
    expect(others.map((o) => o.host)).toEqual(expect.arrayContaining([LOOKALIKE_HOST, "hooks.slack.com"]));
    // The look-alike is not among dbt Cloud's rows.
    const lookalike = expected.otherSubscriptions.find((view) => view.targetHost === LOOKALIKE_HOST)!;
    expect(Object.keys(await dbtRows(frame))).not.toContain(lookalike.id);
    // The look-alike is flagged as suspicious, not listed as plain "Enabled".
    const suspicious = frame.locator(`tr:has([data-other-hook-id="${lookalike.id}"]) [data-suspicious]`);
    expect(await suspicious.getAttribute("data-suspicious")).toBe("getdbt.com");
    expect(await suspicious.innerText()).toMatch(/^Suspicious\s+Looks like getdbt\.com, is not dbt Cloud; enabled$/);
    // Subscriptions still on cloud.getdbt.com after 2026-11-01 are flagged with where to move.
    const legacy = expected.dbtSubscriptions.filter((view) => view.legacyHost !== null);
    expect(legacy.length).toBeGreaterThan(0);
    const flagged = await frame.$$eval("[data-legacy-host]", (cells) => cells.map((c) => (c as HTMLElement).dataset.hookId!).sort());
    expect(flagged).toEqual(legacy.map((view) => view.id).sort());
    expect(await frame.locator(`[data-hook-id="${legacy[0]!.id}"]`).innerText()).toContain("Still on cloud.getdbt.com: move to your new access URL");
    const counts = await frame.getByTestId("hooks-counts").innerText();
    expect(counts).toMatch(/1\s+duplicate/);
    expect(counts).toMatch(new RegExp(`${legacy.length}\\s+still on getdbt\\.com`));
    expect(await frame.getByTestId("hooks-summary").innerText()).not.toContain("Nothing needs to be fixed");
    expect(await frame.locator('li[data-project="Analytics"]').getAttribute("data-hooks")).toBe("some");
    await screenshot("hooks-org-light");
    // The README's view: the summary, the gaps and the first rows, the legacy-host and look-alike flags among them.
    await page.setViewportSize({ width: 1366, height: 1700 });
    await saveScreenshot(page, "hooks-light", { readme: true });
    await page.setViewportSize({ width: 1366, height: 2400 });
    await expectAccessible(frame, "hooks-org-light");
  });

  test("one subscription's delivery history opens in a panel", async () => {
    const frame = hubFrame();
    const probation = expected.dbtSubscriptions.find((view) => view.state === "onProbation")!;
    const row = frame.locator("tr", { has: frame.locator(`[data-hook-id="${probation.id}"]`) });
    await row.getByRole("button", { name: /^Deliveries and advice/ }).click();
    const panel = frame.getByTestId("hook-panel");
    await panel.waitFor();
    expect(await panel.getAttribute("data-hook-id")).toBe(probation.id);
    const results = await panel.locator("[data-result]").evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.result));
    expect(results).toEqual(["failed", "failed", "succeeded"]);
    expect(await panel.getByTestId("delivery-error").first().innerText()).toBe(probation.delivery.lastFailure!.message);
    expect(await panel.getByTestId("hook-advice").innerText()).toBe(probation.advice);
    // Words, not raw values: the event type, the status, the dates in the reader's locale.
    expect(await frame.locator(`[id$="dbt-hook-panel-title"]`).innerText()).toBe("Pull request updated");
    const panelText = await panel.innerText();
    expect(panelText).not.toMatch(/onProbation|\d{4}-\d{2}-\d{2}T\d{2}:|dbt-ado/);
    expect(panelText).toContain("On probation");
    await screenshot("hooks-delivery-panel");
    await expectAccessible(frame, "hooks-delivery-panel");
    await frame.getByRole("button", { name: "Close" }).click();
    await panel.waitFor({ state: "detached" });
  });

  test("deleting the duplicates goes through a preview that lists exactly them; after the re-read they are gone", async () => {
    const frame = hubFrame();
    const duplicates = expected.dbtSubscriptions.filter((view) => view.state === "duplicate").map((view) => view.id);
    await frame.getByRole("button", { name: `Delete duplicates (${duplicates.length})…` }).click();
    const preview = frame.getByTestId("cleanup-preview");
    await preview.waitFor();
    const listed = await preview
      .locator("li[data-subscription-id]")
      .evaluateAll((items) => items.map((i) => `${(i as HTMLElement).dataset.stepKind} ${(i as HTMLElement).dataset.subscriptionId}`));
    expect(listed.sort()).toEqual(duplicates.map((id) => `delete ${id}`).sort());
    await expectAccessible(frame, "hooks-delete-preview");
    // Nothing is written before the confirmation.
    for (const id of duplicates) expect(hub.emulator.state(seed.organization.name).subscriptions.has(id.toLowerCase())).toBe(true);

    await frame
      .getByRole("button", { name: duplicates.length === 1 ? "Delete 1 subscription" : `Delete ${duplicates.length} subscriptions` })
      .click();
    await frame.getByTestId("hooks-outcome").waitFor({ timeout: 30_000 });
    expect(await frame.getByTestId("hooks-outcome").innerText()).toMatch(new RegExp(`^${duplicates.length} deleted\\.`));
    await frame.waitForFunction((gone) => gone.every((id) => !document.querySelector(`[data-hook-id="${id}"]`)), duplicates, { timeout: 30_000 });
    const after = await dbtRows(frame);
    const remaining = expected.dbtSubscriptions.filter((view) => !duplicates.includes(view.id)).map((view) => view.id);
    expect(Object.keys(after).sort()).toEqual(remaining.sort());
    expect(Object.values(after)).not.toContain("duplicate");
    const state = hub.emulator.state(seed.organization.name);
    for (const id of duplicates) expect(state.subscriptions.has(id.toLowerCase())).toBe(false);
    for (const view of [...expected.otherSubscriptions, ...expected.dbtSubscriptions.filter((v) => !duplicates.includes(v.id))]) {
      expect(state.subscriptions.has(view.id.toLowerCase())).toBe(true);
    }
    expect((await otherRows(frame)).length).toBe(expected.otherSubscriptions.length);
    expect(await frame.getByRole("button", { name: "Delete duplicates", exact: true }).isDisabled()).toBe(true);
    await screenshot("hooks-after-delete");
  });

  test("the project hub shows only its project, in the dark theme too", async () => {
    const frame = await openHooksTab("hub=project-settings-hub&project=Analytics&theme=dark", "project-settings");
    const analytics = seed.projects.find((p) => p.name === "Analytics")!;
    const projects = await frame.locator("li[data-project]").evaluateAll((items) => items.map((i) => (i as HTMLElement).dataset.project));
    expect(projects).toEqual(["Analytics"]);
    const rows = await dbtRows(frame);
    const expectedHere = expected.dbtSubscriptions
      .filter((view) => view.project.id === analytics.id.toLowerCase() && view.state !== "duplicate")
      .map((view) => view.id);
    expect(Object.keys(rows).sort()).toEqual(expectedHere.sort());
    expect(await frame.getByRole("button", { name: /Filter by project/ }).count()).toBe(0);
    await screenshot("hooks-project-dark");
    await expectAccessible(frame, "hooks-project-dark");
  });

  test("no script errors in the pages", () => {
    expect(hub.pageErrors).toEqual([]);
  });
});
