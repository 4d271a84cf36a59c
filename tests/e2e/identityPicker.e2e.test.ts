/**
 * Picking the identity on the Permissions tab in real Chromium, framed cross-origin by the local Azure DevOps host,
 * against the emulator's demo organization: typing suggests users and service principals (name, sign-in name,
 * kind) in a combobox; the keyboard picks one and the check runs for exactly that identity. axe-core runs with
 * the list open, dark and light.
 */
import type { Frame, Page } from "playwright-core";
import { chromiumOrSkip, hubFrame as framedHub, openHub, runAxe, saveScreenshot, startHubHarness, type HubHarness } from "./support/harness";

const e2e = chromiumOrSkip();

e2e("suggestions while typing the identity, in Chromium", () => {
  jest.setTimeout(120_000);
  let hub: HubHarness;
  let page: Page;

  beforeAll(async () => {
    hub = await startHubHarness();
    page = await hub.newPage({ width: 1024, height: 700 });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  async function permissionsTab(theme: "dark" | "light"): Promise<Frame> {
    await openHub(page, hub.devhost.hostUrl, `hub=org-settings-hub&theme=${theme}`);
    const frame = framedHub(page, "org-settings");
    await frame.getByRole("tab", { name: "Permissions" }).click();
    return frame;
  }

  test("dark: the start of a sign-in name suggests the user, with its kind; arrows and Enter pick it; the check runs", async () => {
    const frame = await permissionsTab("dark");
    const box = frame.getByRole("combobox", { name: "Service user or service principal" });
    await box.pressSequentially("svc-d", { delay: 20 });
    const listbox = frame.getByRole("listbox", { name: "Suggested identities" });
    await listbox.waitFor();
    expect(await box.getAttribute("aria-expanded")).toBe("true");
    const option = listbox.getByRole("option").filter({ hasText: "svc-dbt@contoso.com" });
    expect(await option.innerText()).toMatch(/User/);
    // Nothing covers or clips the option: what is at its centre is the option itself.
    expect(
      await option.evaluate((element) => {
        const box = element.getBoundingClientRect();
        return element.contains(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2));
      }),
    ).toBe(true);
    expect(await runAxe(frame, "identity-suggestions-dark")).toEqual([]);
    await saveScreenshot(page, "identity-suggestions-dark");

    const options = await listbox.getByRole("option").allInnerTexts();
    const index = options.findIndex((text) => text.includes("svc-dbt@contoso.com"));
    for (let i = 0; i <= index; i++) await box.press("ArrowDown");
    expect(await option.getAttribute("aria-selected")).toBe("true");
    await box.press("Enter");
    expect(await box.inputValue()).toBe("svc-dbt@contoso.com");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    await box.press("Enter");
    await frame.getByTestId("summary").waitFor({ timeout: 30_000 });
    expect(await frame.getByTestId("summary").innerText()).toContain("svc-dbt@contoso.com");
  });

  test("light: a service principal is suggested as one; Escape closes the list and keeps what was typed", async () => {
    const frame = await permissionsTab("light");
    const principal = hub.seed.servicePrincipals![0];
    const box = frame.getByRole("combobox", { name: "Service user or service principal" });
    await box.fill("");
    await box.pressSequentially(principal.displayName.slice(0, 8), { delay: 20 });
    const option = frame.getByRole("option").filter({ hasText: principal.displayName });
    await option.waitFor();
    expect(await option.innerText()).toContain("Service principal");
    expect(await runAxe(frame, "identity-suggestions-light")).toEqual([]);
    await box.press("Escape");
    expect(await box.getAttribute("aria-expanded")).toBe("false");
    expect(await box.inputValue()).toBe(principal.displayName.slice(0, 8));
  });

  test("no script errors in the pages", () => {
    expect(hub.pageErrors).toEqual([]);
  });
});
