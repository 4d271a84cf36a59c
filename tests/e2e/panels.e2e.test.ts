/**
 * The hubs' panels and dialogs at 1024×700, 1440×900 and 1920×1080, by keyboard, in Chromium through the local
 * Azure DevOps host over the emulator's demo organization (its own emulator; nothing is written here): every footer
 * button is inside the viewport and is what a click at its centre reaches, in the Grant panel's preview and its
 * confirmation ("Confirm: apply N changes" / "Back"), the reason panel, a subscription's deliveries and the
 * delete-duplicates dialog; Escape steps back out of the confirmation, then closes, and focus returns to the control
 * that opened each; a tab keeps its result, filters and expansions across tab switches; axe stays clean, light and dark.
 */
import type { Frame, Locator, Page } from "playwright-core";
import { chromiumOrSkip, hubFrame, openHub, runAxe, saveScreenshot, startHubHarness, type HubFile, type HubHarness } from "./support/harness";

const SERVICE_USER = "svc-dbt@contoso.com";
const SIZES: [number, number][] = [
  [1024, 700],
  [1440, 900],
  [1920, 1080],
];
const e2e = chromiumOrSkip();

e2e("panels, Escape and tab state in Chromium at three window sizes", () => {
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

  async function checkServiceUser(query: string, file: HubFile): Promise<Frame> {
    await openHub(page, hub.devhost.hostUrl, query);
    const frame = hubFrame(page, file);
    await frame.getByRole("tab", { name: "Permissions" }).click();
    await frame.getByLabel("Service user or service principal").fill(SERVICE_USER);
    await frame.getByRole("button", { name: "Check permissions" }).click();
    await frame.getByTestId("summary").waitFor({ timeout: 30_000 });
    return frame;
  }

  /** Resizes the window and waits until the framed hub has laid out at the new size. */
  async function resize(frame: Frame, width: number, height: number): Promise<void> {
    await page.setViewportSize({ width, height });
    const frameHeight = await page.evaluate(() => document.querySelector("iframe")!.getBoundingClientRect().height);
    await frame.waitForFunction((expected) => Math.abs(window.innerHeight - expected) <= 2, frameHeight);
  }

  /**
   * Every button of `buttons` lies inside the hub frame's viewport, and the element at its centre is the button
   * itself (nothing covers it, nothing cuts it off): the failure names the button and where it is.
   */
  async function expectOnScreenAndClickable(buttons: Locator): Promise<void> {
    // Panels slide in: measure once their animation has ended.
    await buttons.first().waitFor();
    await buttons.first().evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished.catch(() => undefined))));
    const problems = await buttons.evaluateAll((elements) =>
      elements.flatMap((element) => {
        const box = element.getBoundingClientRect();
        const name = element.textContent?.trim() || element.getAttribute("aria-label") || "?";
        const inside = box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
        const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
        const reachable = hit !== null && (hit === element || element.contains(hit));
        return inside && reachable && box.height > 0
          ? []
          : [
              `"${name}" at ${Math.round(box.top)}–${Math.round(box.bottom)} of ${window.innerHeight}` +
                (reachable ? "" : ` is covered by ${hit?.outerHTML.slice(0, 100) ?? "nothing"}`),
            ];
      }),
    );
    expect(await buttons.count()).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  }

  /** Waits until `locator` (the opener) has the keyboard focus again. */
  async function expectFocused(locator: Locator): Promise<void> {
    await locator.evaluate(
      (element) =>
        new Promise<void>((resolve, reject) => {
          const started = Date.now();
          const poll = () => {
            if (document.activeElement === element) resolve();
            else if (Date.now() - started > 5_000) reject(new Error(`focus is on ${document.activeElement?.outerHTML.slice(0, 120) ?? "nothing"}`));
            else setTimeout(poll, 50);
          };
          poll();
        }),
    );
  }

  const footerButtons = (frame: Frame): Locator => frame.locator(".bolt-panel-footer button");

  /** Escape, pressed where the keyboard focus is inside the hub (as a person would, in the framed page). */
  async function pressEscape(frame: Frame): Promise<void> {
    await frame.locator(":focus").press("Escape");
  }

  test("the organization hub checks the service user", async () => {
    await checkServiceUser("hub=org-settings-hub&theme=light", "org-settings");
  });

  test.each(SIZES)(
    "at %ix%i the Grant panel's footer is on screen in preview and confirmation; Escape steps back, then closes, focus returns",
    async (width, height) => {
      const frame = hubFrame(page, "org-settings");
      await resize(frame, width, height);
      const opener = frame.getByRole("button", { name: "Grant missing permissions" });
      await opener.press("Enter");
      await frame.locator('[data-testid="caller-check"][data-status="allowed"]').waitFor({ timeout: 30_000 });
      await expectOnScreenAndClickable(footerButtons(frame));

      const apply = frame.getByRole("button", { name: "Apply 5 changes…" });
      await apply.press("Enter");
      const confirm = frame.getByRole("button", { name: "Confirm: apply 5 changes" });
      await expectFocused(confirm);
      await expectOnScreenAndClickable(footerButtons(frame));
      expect(await footerButtons(frame).allInnerTexts()).toEqual(["Confirm: apply 5 changes", "Back"]);
      if (width === 1024) {
        await saveScreenshot(page, "grant-confirm-1024");
        expect(await runAxe(frame, "grant-confirm-1024")).toEqual([]);
      }

      // Escape leaves the confirmation first (nothing written), with focus back on Apply…
      await pressEscape(frame);
      await confirm.waitFor({ state: "detached" });
      await expectFocused(apply);
      expect(await frame.getByTestId("grant-panel").getAttribute("data-step")).toBe("preview");
      // …then closes the panel, with focus back on the button that opened it.
      await pressEscape(frame);
      await frame.getByTestId("grant-panel").waitFor({ state: "detached" });
      await expectFocused(opener);
      expect(hub.emulator.stats.byRoute["POST accesscontrolentries"] ?? 0).toBe(0);
    },
  );

  test.each(SIZES)("at %ix%i the reason panel closes with Escape and focus returns to its cell", async (width, height) => {
    const frame = hubFrame(page, "org-settings");
    await resize(frame, width, height);
    const cell = frame.locator('button[data-project="Marketing"][data-permission="EditSubscriptions"]:not([data-repository])');
    await cell.press("Enter");
    await frame.getByTestId("reason-panel").waitFor();
    await expectOnScreenAndClickable(frame.locator(".bolt-panel-callout-content").getByRole("button", { name: "Close" }));
    await pressEscape(frame);
    await frame.getByTestId("reason-panel").waitFor({ state: "detached" });
    await expectFocused(cell);
  });

  test("switching tabs keeps the check, the filter and the expansions", async () => {
    const frame = hubFrame(page, "org-settings");
    await frame.getByRole("switch", { name: /Problems only/ }).click();
    await frame.getByRole("button", { name: "Expand Analytics" }).click();
    const before = await frame.getByTestId("summary").innerText();
    await frame.getByRole("tab", { name: "Setup" }).click();
    await frame.locator("[data-step]").first().waitFor();
    await frame.getByRole("tab", { name: "Service hooks" }).click();
    await frame.getByTestId("hooks-summary").waitFor({ timeout: 30_000 });
    await frame.getByRole("tab", { name: "Permissions" }).click();
    expect(await frame.getByTestId("summary").innerText()).toBe(before);
    expect(await frame.getByLabel("Service user or service principal").inputValue()).toBe(SERVICE_USER);
    expect(await frame.getByRole("switch", { name: /Problems only/ }).getAttribute("aria-checked")).toBe("true");
    expect(await frame.getByRole("button", { name: "Collapse Analytics" }).getAttribute("aria-expanded")).toBe("true");
    // The Service hooks tab kept its read too: it shows at once, with no progress bar.
    await frame.getByRole("tab", { name: "Service hooks" }).click();
    expect(await frame.getByTestId("hooks-summary").isVisible()).toBe(true);
    expect(await frame.getByRole("button", { name: "Cancel" }).count()).toBe(0);
  });

  test.each(SIZES)(
    "at %ix%i a subscription's deliveries and the delete-duplicates dialog keep their buttons on screen; Escape returns focus",
    async (width, height) => {
      const frame = hubFrame(page, "org-settings");
      await resize(frame, width, height);
      const deliveries = frame.getByRole("button", { name: /^Deliveries and advice/ }).first();
      await deliveries.press("Enter");
      await frame.getByTestId("hook-panel").waitFor();
      await expectOnScreenAndClickable(frame.locator(".bolt-panel-callout-content").getByRole("button", { name: "Close" }));
      await pressEscape(frame);
      await frame.getByTestId("hook-panel").waitFor({ state: "detached" });
      await expectFocused(deliveries);

      const deleteDuplicates = frame.getByRole("button", { name: /^Delete duplicates \(\d+\)…$/ });
      await deleteDuplicates.press("Enter");
      await frame.getByTestId("cleanup-preview").waitFor();
      await expectOnScreenAndClickable(frame.locator(".bolt-dialog-footer button, .bolt-panel-footer button"));
      if (width === 1024) expect(await runAxe(frame, "hooks-dialog-1024")).toEqual([]);
      await pressEscape(frame);
      await frame.getByTestId("cleanup-preview").waitFor({ state: "detached" });
      await expectFocused(deleteDuplicates);
    },
  );

  test.each(SIZES)("dark, project hub at %ix%i: the confirmation footer is on screen and axe finds nothing serious", async (width, height) => {
    await page.setViewportSize({ width, height });
    const frame = await checkServiceUser("hub=project-settings-hub&theme=dark&project=Analytics", "project-settings");
    await resize(frame, width, height);
    const opener = frame.getByRole("button", { name: "Grant missing permissions" });
    await opener.press("Enter");
    await frame.locator('[data-testid="caller-check"][data-status="allowed"]').waitFor({ timeout: 30_000 });
    await frame.getByRole("button", { name: "Apply 1 change…" }).press("Enter");
    await expectOnScreenAndClickable(footerButtons(frame));
    expect(await footerButtons(frame).allInnerTexts()).toEqual(["Confirm: apply 1 change", "Back"]);
    if (width === 1024) await saveScreenshot(page, "grant-confirm-dark-1024");
    expect(await runAxe(frame, `grant-confirm-dark-${width}`)).toEqual([]);
    await pressEscape(frame);
    await pressEscape(frame);
    await frame.getByTestId("grant-panel").waitFor({ state: "detached" });
    await expectFocused(opener);
  });

  test.each(SIZES)("dark, organization hub at %ix%i: the confirmation footer is on screen and axe finds nothing serious", async (width, height) => {
    await page.setViewportSize({ width, height });
    const frame = await checkServiceUser("hub=org-settings-hub&theme=dark", "org-settings");
    await resize(frame, width, height);
    await frame.getByRole("button", { name: "Grant missing permissions" }).press("Enter");
    await frame.locator('[data-testid="caller-check"][data-status="allowed"]').waitFor({ timeout: 30_000 });
    await frame.getByRole("button", { name: "Apply 5 changes…" }).press("Enter");
    await expectOnScreenAndClickable(footerButtons(frame));
    expect(await runAxe(frame, `grant-confirm-org-dark-${width}`)).toEqual([]);
    await pressEscape(frame);
    await pressEscape(frame);
    await frame.getByTestId("grant-panel").waitFor({ state: "detached" });
  });

  test("no script errors in the pages", () => {
    expect(hub.pageErrors).toEqual([]);
  });
});
