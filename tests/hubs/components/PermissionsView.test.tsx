/**
 * @jest-environment jsdom
 */
import * as React from "react";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { PermissionsView, type QueryMemory } from "../../../src/hubs/components/PermissionsView";
import { coreBackedSource } from "../support/coreBackedSource";
import { IDS, NOW, largeOrgSnapshot, smallOrgSnapshot } from "../support/smallOrg";

function cell(permission: string, project: string, repository?: string): HTMLElement {
  const selector =
    `button[data-permission="${permission}"][data-project="${project}"]` +
    (repository ? `[data-repository="${repository}"]` : ":not([data-repository])");
  const found = document.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`No cell ${permission} for ${project}${repository ? `/${repository}` : ""}`);
  return found;
}

/** Types the query and submits it, letting the source's promises settle inside act(). */
async function check(query: string): Promise<void> {
  fireEvent.change(screen.getByLabelText("Service user or service principal"), { target: { value: query } });
  await act(async () => {
    fireEvent.click(screen.getByRole("button", { name: "Check permissions" }));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

async function renderChecked(options: { memory?: QueryMemory } = {}) {
  const source = coreBackedSource(smallOrgSnapshot(), { now: NOW });
  const view = render(<PermissionsView source={source} scopeLabel="every project in contoso" memory={options.memory} />);
  await check("svc-dbt@contoso.com");
  await screen.findByTestId("summary");
  return { source, view };
}

describe("Permissions view over a real audit", () => {
  test("before a check it explains what to do", () => {
    render(<PermissionsView source={coreBackedSource(smallOrgSnapshot(), { now: NOW })} scopeLabel="every project in contoso" />);
    expect(screen.getByText("Check the dbt Cloud service user")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Check permissions" }).getAttribute("aria-disabled")).toBe("true");
  });

  test("the matrix shows each project's results as the core computed them", async () => {
    await renderChecked();
    expect(cell("GENERIC_READ", "Analytics").dataset.effective).toBe("allow");
    expect(cell("EditSubscriptions", "Marketing").dataset.effective).toBe("notSet");
    expect(cell("ViewSubscriptions", "Marketing").dataset.effective).toBe("allow");
    expect(cell("EditSubscriptions", "Finance").dataset.effective).toBe("allow");
    expect(cell("EditSubscriptions", "Marketing").textContent).toContain("Not set");
    // Repository rows only appear once a project is expanded.
    expect(document.querySelector('[data-repository="legacy"]')).toBeNull();
  });

  test("summary and findings come from the report", async () => {
    await renderChecked();
    expect(screen.getByTestId("projects-complete").textContent).toBe("1 of 3 projects complete");
    expect(screen.getByTestId("repositories-complete").textContent).toContain("3 of 4 repositories complete");
    expect(screen.getByTestId("repositories-complete").textContent).toContain("1 disabled repository not counted");
    const finding = document.querySelector('[data-finding="inactive-service-user"]');
    expect(finding?.textContent).toMatch(/80 days/);
  });

  test("expanding a project lists its repositories with their own results", async () => {
    await renderChecked();
    fireEvent.click(screen.getByRole("button", { name: "Expand Analytics" }));
    expect(cell("GenericContribute", "Analytics", "legacy").dataset.effective).toBe("deny");
    expect(cell("GenericContribute", "Analytics", "dbt-models").dataset.effective).toBe("allow");
    expect(cell("GenericRead", "Analytics", "archive").dataset.effective).toBe("notSet");
    expect(screen.getByText("disabled, not counted")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Collapse Analytics" }));
    expect(document.querySelector('[data-repository="legacy"]')).toBeNull();
  });

  test("a denied cell opens the reason: explicit deny, its token, and the group it comes through", async () => {
    await renderChecked();
    fireEvent.click(screen.getByRole("button", { name: "Expand Analytics" }));
    fireEvent.click(cell("GenericContribute", "Analytics", "legacy"));
    const panel = await screen.findByTestId("reason-panel");
    expect(within(panel).getByText("Denied")).toBeTruthy();
    expect(panel.textContent).toContain(`repoV2/${IDS.analytics}/${IDS.legacy}`);
    expect(panel.textContent).toContain("Set explicitly on");
    expect(within(panel).getByTestId("reason-path").textContent).toBe("dbt Service User → [contoso]\\Legacy Lockdown");
  });

  test("an inherited allow names the ancestor token and the whole group chain", async () => {
    await renderChecked();
    fireEvent.click(screen.getByRole("button", { name: "Expand Analytics" }));
    fireEvent.click(cell("GenericRead", "Analytics", "dbt-models"));
    const panel = await screen.findByTestId("reason-panel");
    expect(panel.textContent).toContain(`Inherited from repoV2/${IDS.analytics}`);
    expect(within(panel).getByTestId("reason-path").textContent).toBe("dbt Service User → [contoso]\\dbt Integration → [Analytics]\\Contributors");
    fireEvent.click(screen.getByRole("button", { name: "Close" }));
    await waitFor(() => expect(screen.queryByTestId("reason-panel")).toBeNull());
  });

  test("a not-set cell says that nothing allows it", async () => {
    await renderChecked();
    fireEvent.click(cell("EditSubscriptions", "Marketing"));
    const panel = await screen.findByTestId("reason-panel");
    expect(panel.textContent).toContain("No access control entry allows or denies this bit");
    expect(panel.textContent).toContain(`PublisherSecurity/${IDS.marketing}`);
  });

  test("problems only hides complete projects and repositories", async () => {
    await renderChecked();
    fireEvent.click(screen.getByRole("button", { name: "Expand all" }));
    expect(document.querySelector('[data-project="Finance"]')).not.toBeNull();
    fireEvent.click(screen.getByRole("switch", { name: /Problems only/ }));
    expect(document.querySelector('[data-project="Finance"]')).toBeNull();
    expect(document.querySelector('[data-repository="dbt-models"]')).toBeNull();
    expect(document.querySelector('[data-repository="legacy"]')).not.toBeNull();
    expect(document.querySelector('[data-project="Marketing"]')).not.toBeNull();
  });

  test("progress is visible while reading, and cancel stops without a report", async () => {
    const source = coreBackedSource(smallOrgSnapshot(), { now: NOW, gated: true });
    render(<PermissionsView source={source} scopeLabel="every project in contoso" />);
    await check("svc-dbt@contoso.com");
    await act(() => source.started);
    expect(screen.getByTestId("progress-message").textContent).toBe("Reading 3 projects");
    expect(screen.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("1");
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    expect(await screen.findByText(/Reading was cancelled/)).toBeTruthy();
    await act(async () => source.release());
    expect(screen.queryByTestId("summary")).toBeNull();
    expect(source.audits).toBe(0);
  });

  test("an ambiguous name offers the candidates, and picking one checks it", async () => {
    const source = coreBackedSource(smallOrgSnapshot(), { now: NOW, ambiguousQuery: "dbt" });
    render(<PermissionsView source={source} scopeLabel="every project in contoso" />);
    await check("dbt");
    expect((await screen.findByTestId("error-message")).textContent).toContain("matches more than one identity");
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "dbt Service User <svc-dbt@contoso.com>" }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    await screen.findByTestId("summary");
    expect((screen.getByLabelText("Service user or service principal") as HTMLInputElement).value).toBe("svc-dbt@contoso.com");
  });

  test("an unknown identity shows the gateway's message", async () => {
    render(<PermissionsView source={coreBackedSource(smallOrgSnapshot(), { now: NOW })} scopeLabel="every project in contoso" />);
    await check("nobody@contoso.com");
    expect((await screen.findByTestId("error-message")).textContent).toBe(
      'No user or service principal matching "nobody@contoso.com" was found in contoso.',
    );
  });

  test("the last identity is remembered and offered next time", async () => {
    const saved: string[] = [];
    const memory: QueryMemory = { load: async () => "svc-dbt@contoso.com", save: async (q) => saved.push(q) };
    const first = render(<PermissionsView source={coreBackedSource(smallOrgSnapshot(), { now: NOW })} scopeLabel="x" memory={memory} />);
    await waitFor(() => expect((screen.getByLabelText("Service user or service principal") as HTMLInputElement).value).toBe("svc-dbt@contoso.com"));
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Check permissions" }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    await screen.findByTestId("summary");
    expect(saved).toEqual(["svc-dbt@contoso.com"]);
    first.unmount();
  });
});

describe("a large organization", () => {
  test("10,000 repository rows: the table renders only a window of them", async () => {
    const snapshot = largeOrgSnapshot(100, 100);
    render(<PermissionsView source={coreBackedSource(snapshot, { now: NOW })} scopeLabel="every project in contoso" />);
    await check("svc-dbt@contoso.com");
    await screen.findByTestId("summary", {}, { timeout: 10000 });
    expect(screen.getByTestId("repositories-complete").textContent).toContain("9000 of 10000 repositories complete");
    fireEvent.click(screen.getByRole("button", { name: "Expand all" }));
    // Rendering is bounded by the window, not by 10,100 rows (how fast is measured by npm run bench).
    const rendered = document.querySelectorAll("tr.bolt-table-row").length;
    expect(rendered).toBeGreaterThan(0);
    expect(rendered).toBeLessThan(500);
  });
});
