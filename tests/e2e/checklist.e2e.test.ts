/**
 * The Setup checklist can be completed, in Chromium through the local Azure DevOps host, on the demo organization's
 * project Analytics (its own emulator: this file writes): grant what the service user lacks and delete the duplicate
 * subscription from the hub, type the app's values and save them, give every tick (each saves itself, with no Save),
 * and the checklist says the setup is complete. A reload of the page finds every tick and value again, because the
 * host keeps extension data as Azure DevOps does. The README's screenshot of the completed checklist goes to
 * images/screenshots/setup-complete-light.png when UPDATE_SCREENSHOTS=1.
 */
import type { Frame, Page } from "playwright-core";
import { chromiumOrSkip, hubFrame, openHub, runAxe, saveScreenshot, startHubHarness, waitForHub, type HubHarness } from "./support/harness";

const SERVICE_USER = "svc-dbt@contoso.com";
const APP = "00000000-0000-4000-8000-00000000a001";
const TENANT = "00000000-0000-4000-8000-00000000c001";
const DAY_MS = 86_400_000;
const e2e = chromiumOrSkip();

e2e("the Setup checklist reaches 'all done' in the demo", () => {
  jest.setTimeout(180_000);
  let hub: HubHarness;
  let page: Page;

  beforeAll(async () => {
    hub = await startHubHarness();
    page = await hub.newPage({ width: 1440, height: 900 });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  const frame = (): Frame => hubFrame(page, "project-settings");
  const stateOf = (id: string) => frame().locator(`[data-step="${id}"]`).getAttribute("data-state");

  test("the service user's missing permissions are granted from the Permissions tab, and the check is run again", async () => {
    await openHub(page, hub.devhost.hostUrl, "hub=project-settings-hub&theme=light&project=Analytics");
    const hubPage = frame();
    await hubPage.getByRole("tab", { name: "Permissions" }).click();
    await hubPage.getByLabel("Service user or service principal").fill(SERVICE_USER);
    await hubPage.getByRole("button", { name: "Check permissions" }).click();
    await hubPage.getByTestId("summary").waitFor({ timeout: 30_000 });
    await hubPage.getByRole("button", { name: "Grant missing permissions" }).click();
    await hubPage.locator('[data-testid="caller-check"][data-status="allowed"]').waitFor({ timeout: 30_000 });
    await hubPage.getByRole("button", { name: "Apply 1 change…" }).click();
    await hubPage.getByRole("button", { name: "Confirm: apply 1 change" }).click();
    await hubPage.locator('[data-testid="grant-result"][data-outcome="applied"]').waitFor({ timeout: 30_000 });
    await hubPage.getByRole("button", { name: "Close" }).last().click();
    await hubPage.getByTestId("grant-panel").waitFor({ state: "detached" });
    await hubPage.getByRole("button", { name: "Check again" }).click();
    await hubPage.getByText("dbt Cloud has every", { exact: false }).waitFor({ timeout: 30_000 });
  });

  test("the duplicate subscription is deleted from the Service hooks tab", async () => {
    const hubPage = frame();
    await hubPage.getByRole("tab", { name: "Service hooks" }).click();
    await hubPage.getByRole("button", { name: "Delete duplicates (1)…" }).click();
    await hubPage.getByRole("button", { name: "Delete 1 subscription" }).click();
    await hubPage.getByTestId("hooks-outcome").waitFor({ timeout: 30_000 });
    expect(await hubPage.getByTestId("hooks-outcome").innerText()).toMatch(/^1 deleted\./);
  });

  test("with the values saved and every tick given, the checklist says the setup is complete", async () => {
    const hubPage = frame();
    await hubPage.getByRole("tab", { name: "Setup" }).click();
    await hubPage.getByLabel("Application (client) ID", { exact: true }).fill(APP);
    await hubPage.getByLabel("Directory (tenant) ID", { exact: true }).fill(TENANT);
    await hubPage.getByLabel("dbt Cloud access URL", { exact: true }).fill("acme.us1.dbt.com");
    await hubPage.getByLabel("dbt Cloud account ID", { exact: true }).fill("70403103931811");
    await hubPage.getByLabel("Client secret expires on", { exact: true }).fill(new Date(Date.now() + 365 * DAY_MS).toISOString().slice(0, 10));
    await hubPage.getByRole("button", { name: "Save" }).click();
    await hubPage.getByText(/^Saved .+ by /).waitFor();
    // What Azure DevOps can tell, it told: the service user, its permissions, the service hooks.
    for (const id of ["choose-service-user", "service-user-permissions", "service-hooks", "register-app", "access-url", "client-secret"]) {
      expect(`${id}: ${await stateOf(id)}`).toBe(`${id}: done`);
    }
    expect(await hubPage.getByTestId("setup-progress").getAttribute("data-complete")).toBeNull();

    // The rest is a tick each, by keyboard; each saves itself.
    const unticked = hubPage.locator('.dbt-setup [role="checkbox"][aria-checked="false"]');
    const ticks = await unticked.count();
    expect(ticks).toBeGreaterThanOrEqual(9);
    for (let given = 0; given < ticks; given++) {
      const box = unticked.first();
      const stepId = await box.evaluate((element) => element.closest("[data-step]")!.getAttribute("data-step"));
      await box.press("Space");
      await hubPage.locator(`[data-step="${stepId}"] [data-testid="tick-save"][data-phase="saved"]`).waitFor();
    }
    expect(await unticked.count()).toBe(0);
    const progress = hubPage.getByTestId("setup-progress");
    expect(await progress.getAttribute("data-complete")).toBe("true");
    const total = await hubPage.locator("[data-step]").count();
    expect(await progress.innerText()).toBe(`All ${total} steps done: the setup is complete.`);
    expect(await hubPage.locator('[data-step]:not([data-state="done"])').count()).toBe(0);
    // No Save was needed for the ticks.
    expect(await hubPage.getByRole("button", { name: "Save" }).getAttribute("aria-disabled")).toBe("true");
    await progress.evaluate((element) => element.scrollIntoView({ block: "center" }));
    await saveScreenshot(page, "setup-complete-light", { readme: true });
    expect(await runAxe(hubPage, "setup-complete-light")).toEqual([]);
  });

  test("a reload of the page finds every tick and value again", async () => {
    await page.reload();
    await waitForHub(page);
    const hubPage = frame();
    await hubPage.getByText(/^Saved .+ by /).waitFor();
    expect(await hubPage.locator('.dbt-setup [role="checkbox"][aria-checked="false"]').count()).toBe(0);
    expect(await hubPage.locator('.dbt-setup [role="checkbox"][aria-checked="true"]').count()).toBeGreaterThanOrEqual(9);
    expect(await hubPage.getByLabel("dbt Cloud access URL", { exact: true }).inputValue()).toBe("acme.us1.dbt.com");
    expect(await stateOf("multitenant")).toBe("done");
  });

  test("no script errors in the page", () => {
    expect(hub.pageErrors).toEqual([]);
  });
});
