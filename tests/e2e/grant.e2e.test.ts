/**
 * "Grant missing permissions" in real Chromium, framed cross-origin by the local Azure DevOps host, against
 * the emulator's demo organization (its own emulator, so these writes never reach other test files): choose
 * the service user, open the panel, check the preview (Readers membership for HR, allows routed down to the
 * repositories where a group deny or switched-off inheritance requires it, Marketing's Edit Subscription
 * blocked), confirm, and watch the matrix turn complete except the blocked cell. axe-core runs on the open
 * panel. Screenshots go to test-results/e2e/.
 */
import type { Frame, Page } from "playwright-core";
import type { OrgSeed } from "../../emulator";
import {
  chromiumOrSkip,
  hubFrame as framedHub,
  matrixCells as cells,
  openHub,
  runAxe,
  saveScreenshot,
  startHubHarness,
  type HubFile,
  type HubHarness,
  type MatrixCell as Cell,
} from "./support/harness";

const SERVICE_USER = "svc-dbt@contoso.com";
const e2e = chromiumOrSkip();

interface ListedChange {
  kind: string;
  token?: string;
  group?: string;
  allow?: string;
  status?: string;
}

e2e("granting the missing permissions from the settings hubs in Chromium", () => {
  jest.setTimeout(120_000);
  let hub: HubHarness;
  let seed: OrgSeed;
  let page: Page;

  const project = (name: string) => seed.projects.find((p) => p.name === name)!;
  const repository = (projectName: string, name: string) => project(projectName).repositories.find((r) => r.name === name)!;

  beforeAll(async () => {
    // Its own emulator, signed in as the Project Collection Administrator: the caller check lets this admin apply.
    hub = await startHubHarness();
    seed = hub.seed;
    // Tall enough that the virtualized matrix and change table render every row.
    page = await hub.newPage({ width: 1366, height: 2000 });
  });

  afterAll(async () => {
    await hub?.stop();
  });

  const hubFrame = (file: HubFile = "org-settings"): Frame => framedHub(page, file);

  /** Opens a hub through the host, goes to the Permissions tab (the hubs open on Setup) and checks the service user. */
  async function checkServiceUser(query: string, file: HubFile = "org-settings"): Promise<Frame> {
    await openHub(page, hub.devhost.hostUrl, query);
    const frame = hubFrame(file);
    await frame.getByRole("tab", { name: "Permissions" }).click();
    await frame.getByLabel("Service user or service principal").fill(SERVICE_USER);
    await frame.getByRole("button", { name: "Check permissions" }).click();
    await frame.getByTestId("summary").waitFor({ timeout: 30_000 });
    return frame;
  }

  async function openPreview(frame: Frame): Promise<void> {
    await frame.getByRole("button", { name: "Grant missing permissions" }).click();
    await frame.locator('[data-testid="grant-panel"][data-step="preview"]').waitFor({ timeout: 30_000 });
  }

  async function listedChanges(frame: Frame): Promise<ListedChange[]> {
    return frame.$$eval('[data-testid="grant-change"]', (rows) =>
      rows.map((row) => {
        const data = (row as HTMLElement).dataset;
        return { kind: data.kind ?? "", token: data.token, group: data.group, allow: data.allow, status: data.status };
      }),
    );
  }

  async function expectAccessible(frame: Frame, label: string): Promise<void> {
    expect(await runAxe(frame, label)).toEqual([]);
  }

  const screenshot = (name: string) => saveScreenshot(page, name);

  test("the project hub offers the project and repository scopes and plans for its own project only", async () => {
    const frame = await checkServiceUser("hub=project-settings-hub&theme=light&project=Analytics", "project-settings");
    await openPreview(frame);
    const radios = frame.getByRole("radio");
    expect(await radios.allInnerTexts()).toEqual(["Each project", "Each repository"]);
    const analytics = project("Analytics").id;
    const changes = await listedChanges(frame);
    expect(changes.map((c) => `${c.token} ${c.allow}`)).toEqual([`repoV2/${analytics}/${repository("Analytics", "ml-experiments").id} 16390`]);
    expect(await frame.getByTestId("grant-blocked").count()).toBe(0);
    await frame.getByRole("button", { name: "Close" }).last().click();
    await frame.getByTestId("grant-panel").waitFor({ state: "detached" });
    expect(hub.emulator.stats.byRoute["POST accesscontrolentries"] ?? 0).toBe(0);
  });

  test("the service user's matrix shows the demo's gaps", async () => {
    const frame = await checkServiceUser("hub=org-settings-hub&theme=light");
    await frame.getByRole("button", { name: "Expand all" }).click();
    const missing = (await cells(frame)).filter((c) => c.effective !== "allow");
    expect(missing.length).toBe((seed.expectedGaps ?? []).length);
  });

  test("the preview lists the demo plan and its blocked item; axe finds nothing serious", async () => {
    const frame = hubFrame();
    await openPreview(frame);
    const panel = frame.getByTestId("grant-panel");
    await frame.locator('[data-testid="caller-check"][data-status="allowed"]').waitFor({ timeout: 30_000 });
    expect(await frame.getByTestId("caller-check").innerText()).toContain("Contoso Admin may make these changes.");
    expect(await frame.getByRole("radio", { name: "Each project" }).getAttribute("aria-checked")).toBe("true");

    const hr = project("HR").id;
    const marketing = project("Marketing").id;
    const changes = await listedChanges(frame);
    expect(changes.map((c) => (c.kind === "membership" ? `membership ${c.group}` : `ace ${c.token} ${c.allow}`))).toEqual([
      "membership [HR]\\Readers",
      `ace repoV2/${hr} 4`,
      `ace repoV2/${marketing} 4`,
      // Inheritance is off on ml-experiments, and a group denies Contribute on repoV2/{Finance}: the allows go
      // on those repositories, where they win.
      `ace repoV2/${project("Analytics").id}/${repository("Analytics", "ml-experiments").id} 16390`,
      `ace repoV2/${project("Finance").id}/${repository("Finance", "finance-reports").id} 4`,
    ]);
    expect(changes.every((c) => c.status === "planned")).toBe(true);
    const panelText = await panel.innerText();
    expect(panelText).toContain("inheritance is switched off");
    expect(panelText).toContain("Finance Restricted Access");

    const blocked = frame.getByTestId("grant-blocked");
    expect(await blocked.count()).toBe(1);
    expect(await blocked.getAttribute("data-project")).toBe("Marketing");
    expect(await blocked.getAttribute("data-permission")).toBe("EditSubscriptions");
    expect(await frame.getByTestId("grant-blocked-reason").innerText()).toMatch(/explicit Deny on PublisherSecurity\/.+ for the identity itself/i);

    await screenshot("grant-preview");
    await expectAccessible(frame, "grant-preview");
  });

  test("confirm applies the plan, and every cell turns Allowed except the blocked one", async () => {
    const frame = hubFrame();
    await frame.getByRole("button", { name: "Apply 5 changes…" }).click();
    expect(await frame.getByTestId("grant-confirm").innerText()).toContain("Write 5 changes to contoso as Contoso Admin?");
    await frame.getByRole("button", { name: "Confirm: apply 5 changes" }).click();
    await frame.locator('[data-testid="grant-result"][data-outcome="applied"]').waitFor({ timeout: 30_000 });
    await frame.getByTestId("grant-refreshed").waitFor({ timeout: 30_000 });
    expect(await frame.getByTestId("grant-success").innerText()).toBe("Applied 5 changes: 5 written, 0 already in place.");
    expect(await frame.getByTestId("grant-refreshed").innerText()).toBe(
      "The matrix was refreshed: every required permission is now allowed except the 1 blocked permission.",
    );
    expect((await listedChanges(frame)).map((c) => c.status)).toEqual(["written", "written", "written", "written", "written"]);
    await screenshot("grant-result");
    await expectAccessible(frame, "grant-result");

    await frame.getByRole("button", { name: "Close" }).last().click();
    await frame.getByTestId("grant-panel").waitFor({ state: "detached" });
    const all = await cells(frame);
    const disabled = (c: Cell) => c.repository !== undefined && repository(c.project, c.repository).isDisabled === true;
    const notAllowed = all
      .filter((c) => c.effective !== "allow" && !disabled(c))
      .map((c) => `${c.project}/${c.repository ?? ""}/${c.permission}=${c.effective}`);
    expect(notAllowed).toEqual(["Marketing//EditSubscriptions=deny"]);
    // Every project and enabled repository is on screen (expanded), so nothing is missed.
    const repositories = seed.projects.reduce((n, p) => n + p.repositories.length, 0);
    expect(all.length).toBe(seed.projects.length * 4 + repositories * 3);
    // The emulator (its own evaluator) was written to: one membership and four ACEs.
    expect(hub.emulator.stats.byRoute["PUT memberships"]).toBe(1);
    expect(hub.emulator.stats.byRoute["POST accesscontrolentries"]).toBe(4);
  });

  test("dark theme: the panel of an applied plan lists only the blocked item, and axe finds nothing serious", async () => {
    const frame = await checkServiceUser("hub=org-settings-hub&theme=dark");
    await openPreview(frame);
    expect(await frame.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe("rgb(30, 30, 30)");
    expect(await frame.getByTestId("grant-summary").innerText()).toContain("1 missing permission, blocked: no allow can fix it.");
    expect(await listedChanges(frame)).toEqual([]);
    expect(await frame.getByTestId("grant-blocked").getAttribute("data-permission")).toBe("EditSubscriptions");
    expect(await frame.getByRole("button", { name: /^Apply/ }).count()).toBe(0);
    await screenshot("grant-dark");
    await expectAccessible(frame, "grant-dark");
  });

  test("no script errors in the page", () => {
    expect(hub.pageErrors).toEqual([]);
  });
});
