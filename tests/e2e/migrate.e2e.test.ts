/**
 * "Migrate to a service principal" on the Setup tab in real Chromium, framed cross-origin by the local Azure DevOps
 * host, against the emulator's demo organization (its own emulator: these writes never reach other test files).
 * Name the service user and the app's service principal, compare (parity matrix, the plan, what still depends on
 * the service user), confirm and apply; the service principal then has every permission and the service user's
 * own entries are untouched. Dark first, then light after applying; axe-core runs on the open panel in both;
 * Escape closes the panel and returns focus to the button that opened it.
 */
import type { Frame, Page } from "playwright-core";
import type { OrgSeed } from "../../emulator";
import { chromiumOrSkip, hubFrame as framedHub, openHub, runAxe, saveScreenshot, startHubHarness, type HubHarness } from "./support/harness";

const SERVICE_USER = "svc-dbt@contoso.com";
const WRITES = ["POST accesscontrolentries", "PUT memberships"];
const e2e = chromiumOrSkip();

e2e("migrating from the service user to the service principal from the Setup tab in Chromium", () => {
  jest.setTimeout(120_000);
  let hub: HubHarness;
  let seed: OrgSeed;
  let page: Page;
  let principal: string;

  beforeAll(async () => {
    hub = await startHubHarness();
    seed = hub.seed;
    principal = seed.servicePrincipals![0].displayName;
    page = await hub.newPage({ width: 1440, height: 900 });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  const writes = () => WRITES.reduce((sum, route) => sum + (hub.emulator.stats.byRoute[route] ?? 0), 0);
  const panelStep = (frame: Frame) => frame.getByTestId("migrate-panel").getAttribute("data-step");

  /** The service user's own ACEs as the emulator holds them, to prove nothing of it was written. */
  async function serviceUserEntries(): Promise<string> {
    const response = await fetch(
      `${hub.orgUrl}/_apis/accesscontrollists/2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87?token=repoV2&recurse=true&api-version=7.1`,
      { headers: { Authorization: `Basic ${Buffer.from(`:${seed.tokens.find((t) => t.kind === "pat")!.token}`).toString("base64")}` } },
    );
    const body = (await response.json()) as { value: { token: string; acesDictionary: Record<string, { allow: number; deny: number }> }[] };
    return JSON.stringify(
      body.value.flatMap((acl) =>
        Object.entries(acl.acesDictionary)
          .filter(([descriptor]) => descriptor.toLowerCase().endsWith(`\\${SERVICE_USER}`))
          .map(([, ace]) => [acl.token, ace.allow, ace.deny]),
      ),
    );
  }

  async function openPanel(frame: Frame): Promise<void> {
    const open = frame.getByRole("button", { name: "Migrate to a service principal…" });
    await open.focus();
    await open.press("Enter");
    await frame.getByTestId("migrate-panel").waitFor();
  }

  async function compare(frame: Frame): Promise<void> {
    await frame.getByLabel("Service user (today)", { exact: true }).fill(SERVICE_USER);
    await frame.getByLabel("Service principal (the Entra app)", { exact: true }).fill(principal);
    await frame.getByRole("button", { name: "Compare" }).click();
    await frame.locator('[data-testid="migrate-panel"][data-step="preview"]').waitFor({ timeout: 30_000 });
  }

  test("a pair the wrong way round is refused in the panel's own words", async () => {
    await openHub(page, hub.devhost.hostUrl, "hub=org-settings-hub&theme=dark");
    const frame = framedHub(page, "org-settings");
    await frame.getByRole("tab", { name: "Setup" }).waitFor();
    await openPanel(frame);
    await frame.getByLabel("Service user (today)", { exact: true }).fill(principal);
    await frame.getByLabel("Service principal (the Entra app)", { exact: true }).fill(SERVICE_USER);
    await frame.getByRole("button", { name: "Compare" }).click();
    const error = await frame.getByTestId("migrate-error").innerText();
    expect(error).toContain("The first identity must be a service user");
    expect(error).not.toContain("--");
    expect(await panelStep(frame)).toBe("names");
  });

  test("dark: the preview shows both side by side, the plan and the dependencies; nothing is written; axe is clean", async () => {
    const frame = framedHub(page, "org-settings");
    await compare(frame);
    const rows = frame.getByTestId("parity-row");
    expect(await rows.count()).toBeGreaterThan(0);
    const missing = await frame.locator('[data-testid="parity-row"]:not([data-to="allow"])').count();
    expect(missing).toBeGreaterThan(0);
    expect(await frame.getByTestId("parity-summary").innerText()).toContain(`The service principal lacks ${missing} of`);
    expect(await frame.getByTestId("grant-change").count()).toBeGreaterThan(0);
    expect(await frame.getByTestId("migrate-hooks-at-risk").locator("li").count()).toBeGreaterThan(0);
    expect(await frame.getByTestId("migrate-memberships").innerText()).toContain("dbt Integration Accounts");
    expect(writes()).toBe(0);
    expect(await runAxe(frame, "migrate-preview-dark")).toEqual([]);
    await saveScreenshot(page, "migrate-preview-dark");
  });

  test("confirm applies the service principal's grants; it then has every permission; the service user is untouched", async () => {
    const frame = framedHub(page, "org-settings");
    const before = await serviceUserEntries();
    const changes = await frame.getByTestId("grant-change").count();
    // Footer buttons are pressed from the keyboard: the panel's slide-in can still cover them from the pointer on a
    // busy machine (panels.e2e.test.ts checks the footers' hit-testing once the panel has settled).
    await frame.getByRole("button", { name: `Apply ${changes} ${changes === 1 ? "change" : "changes"}…` }).press("Enter");
    expect(await frame.getByTestId("migrate-confirm").innerText()).toContain(`for ${principal}`);
    // Escape steps back from the confirmation without closing the panel.
    await page.keyboard.press("Escape");
    await frame.getByTestId("migrate-confirm").waitFor({ state: "detached" });
    expect(await panelStep(frame)).toBe("preview");
    // Focus went to Confirm when it was asked, and back to Apply.
    await frame.waitForFunction((text) => document.activeElement?.textContent === text, `Apply ${changes} changes…`);
    await page.keyboard.press("Enter");
    const confirm = frame.getByRole("button", { name: `Confirm: apply ${changes} changes` });
    const footer = await confirm.boundingBox();
    expect(footer && footer.y + footer.height).toBeLessThanOrEqual(900);
    await confirm.press("Enter");
    await frame.locator('[data-testid="migrate-result"][data-result="complete"]').waitFor({ timeout: 30_000 });
    expect(await frame.getByTestId("migrate-result").innerText()).toContain(`${principal} now has every permission dbt Cloud needs.`);
    expect(writes()).toBe(changes);
    expect(await serviceUserEntries()).toBe(before);
  });

  test("light: comparing again shows the service principal complete, nothing left to apply; Escape returns focus", async () => {
    await page.getByRole("button", { name: "Light", exact: true }).press("Enter");
    const frame = framedHub(page, "org-settings");
    await frame.getByRole("button", { name: "Compare other identities" }).press("Enter");
    await compare(frame);
    expect(await frame.getByTestId("parity-summary").innerText()).toMatch(/^The service principal has all \d+ required permissions\.$/);
    expect(await frame.locator('[data-testid="parity-row"]:not([data-to="allow"])').count()).toBe(0);
    expect(await frame.getByRole("button", { name: /^Apply / }).count()).toBe(0);
    expect(await runAxe(frame, "migrate-complete-light")).toEqual([]);
    await saveScreenshot(page, "migrate-complete-light");
    await page.keyboard.press("Escape");
    await frame.getByTestId("migrate-panel").waitFor({ state: "detached" });
    await frame.waitForFunction(() => document.activeElement?.textContent === "Migrate to a service principal…");
  });

  test("no script errors in the pages", () => {
    expect(hub.pageErrors).toEqual([]);
  });
});
