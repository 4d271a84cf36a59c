/**
 * @jest-environment jsdom
 */
/**
 * The Permissions tab's "Grant missing permissions" panel over a small in-memory organization: plans are the
 * real core's (planGrants) for the state the panel reads, writes change that state, and the matrix is
 * re-audited by the core after applying.
 */
import "../support/textEncoding";
import * as React from "react";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { AdoError } from "../../../src/ado/http/errors";
import { renderAzScript } from "../../../src/core/grant/az-script";
import { planGrants, type GrantPlan, type GrantScope } from "../../../src/core/grant/planner";
import { PermissionsView } from "../../../src/hubs/components/PermissionsView";
import { ORGANIZATION_GRANT_SCOPES, PROJECT_GRANT_SCOPES } from "../../../src/hubs/grant/GrantAction";
import type { ClipboardLike } from "../../../src/hubs/grant/clipboard";
import { NOW, P2, completeTestOrg, grantHub, grantTestOrg, type GrantHub, type GrantHubOptions } from "../support/grantHub";

const SERVICE_USER = "svc-dbt@contoso.com";

/** Lets pending promises (reads, plans, caller checks, writes) settle inside act(). */
async function settle(): Promise<void> {
  await act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

async function renderView(options: GrantHubOptions & { scopes?: readonly GrantScope[]; clipboard?: ClipboardLike } = {}): Promise<GrantHub> {
  const hub = grantHub(grantTestOrg(), options);
  render(
    <PermissionsView
      source={hub.auditSource}
      scopeLabel="every project in contoso"
      grant={{ source: hub.grantSource, scopes: options.scopes ?? ORGANIZATION_GRANT_SCOPES, clipboard: options.clipboard }}
    />,
  );
  fireEvent.change(screen.getByLabelText("Service user or service principal"), { target: { value: SERVICE_USER } });
  fireEvent.click(screen.getByRole("button", { name: "Check permissions" }));
  await screen.findByTestId("summary");
  return hub;
}

async function openGrant(): Promise<HTMLElement> {
  fireEvent.click(screen.getByRole("button", { name: "Grant missing permissions" }));
  const panel = await screen.findByTestId("grant-panel");
  await waitFor(() => expect(panel.dataset.step).toBe("preview"));
  await settle();
  return panel;
}

/** The changes as the panel lists them: "membership <group>" or "ace <token> <allow>", with their status. */
function listedChanges(panel: HTMLElement): string[] {
  return within(panel)
    .getAllByTestId("grant-change")
    .map((row) => (row.dataset.kind === "membership" ? `membership ${row.dataset.group}` : `ace ${row.dataset.token} ${row.dataset.allow}`));
}

function listedStatuses(panel: HTMLElement): string[] {
  return within(panel)
    .getAllByTestId("grant-change")
    .map((row) => row.dataset.status ?? "");
}

function planned(plan: GrantPlan): string[] {
  return plan.changes.map((change) => (change.kind === "membership" ? `membership ${change.groupName}` : `ace ${change.token} ${change.allow}`));
}

function matrixCell(permission: string, project: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`button[data-permission="${permission}"][data-project="${project}"]:not([data-repository])`);
  if (!found) throw new Error(`No cell ${permission} for ${project}`);
  return found;
}

async function applyAndConfirm(panel: HTMLElement, changes: number): Promise<void> {
  fireEvent.click(screen.getByRole("button", { name: `Apply ${changes} ${changes === 1 ? "change" : "changes"}…` }));
  expect(screen.getByTestId("grant-confirm").textContent).toContain(`Write ${changes} changes to contoso as Contoso Admin?`);
  fireEvent.click(screen.getByRole("button", { name: `Confirm: apply ${changes} changes` }));
  await waitFor(() => expect(within(panel).getByTestId("grant-result")).toBeTruthy());
  await settle();
}

describe("the grant panel's preview", () => {
  test("lists every change of the core's plan for the state it read, at the project scope by default", async () => {
    const hub = await renderView();
    const panel = await openGrant();
    const expected = planGrants(hub.state(), { scope: "project", now: NOW });
    expect(listedChanges(panel)).toEqual(planned(expected));
    // What this organization needs: Finance's Readers, hooks allows per project, and a repository-level allow
    // where inheritance is switched off.
    expect(listedChanges(panel)[0]).toBe("membership [Finance]\\Readers");
    expect(listedChanges(panel)).toContain(`ace repoV2/${P2} 4`);
    const jaffle = within(panel)
      .getAllByTestId("grant-change")
      .find((row) => row.dataset.token?.split("/").length === 3);
    expect(jaffle?.textContent).toContain("inheritance is switched off");
    expect(listedStatuses(panel).every((status) => status === "planned")).toBe(true);
    expect(within(panel).getByTestId("grant-summary").textContent).toContain("13 missing permissions: 12 fixed by 5 changes");
    expect(within(panel).getByTestId("grant-summary").textContent).toContain("1 disabled repository left out");
    expect(hub.reads).toBe(1);
  });

  test("lists every blocked item with the evaluator's reason and the change to make by hand", async () => {
    const hub = await renderView();
    const panel = await openGrant();
    const [blocked] = planGrants(hub.state(), { scope: "project", now: NOW }).blocked;
    const items = within(panel).getAllByTestId("grant-blocked");
    expect(items.map((item) => `${item.dataset.project}|${item.dataset.permission}`)).toEqual(["Finance|EditSubscriptions"]);
    expect(within(items[0]).getByTestId("grant-blocked-reason").textContent).toBe(blocked.reason);
    expect(blocked.reason).toMatch(/explicit Deny .* for the identity itself/);
    expect(items[0].textContent).toContain("Remove the Deny of Edit Subscription");
    expect(items[0].textContent).toContain("az devops security permission reset");
  });

  test("choosing another scope re-plans from the same read", async () => {
    const hub = await renderView();
    const panel = await openGrant();
    fireEvent.click(screen.getByRole("radio", { name: "Each repository" }));
    await settle();
    expect(listedChanges(panel)).toEqual(planned(planGrants(hub.state(), { scope: "repo", now: NOW })));
    expect(listedChanges(panel).some((change) => change.startsWith(`ace repoV2/${P2}/`))).toBe(true);
    fireEvent.click(screen.getByRole("radio", { name: "Organization" }));
    await settle();
    expect(listedChanges(panel)).toEqual(planned(planGrants(hub.state(), { scope: "org", now: NOW })));
    expect(listedChanges(panel)).toContain("ace PublisherSecurity 7");
    expect(hub.reads).toBe(1);
  });

  test("the project hub offers the project and repository scopes only", async () => {
    await renderView({ scopes: PROJECT_GRANT_SCOPES });
    await openGrant();
    expect(screen.getAllByRole("radio").map((radio) => radio.textContent)).toEqual(["Each project", "Each repository"]);
    expect(screen.queryByRole("radio", { name: "Organization" })).toBeNull();
    expect(screen.getByRole("radio", { name: "Each project" }).getAttribute("aria-checked")).toBe("true");
  });

  test("Escape closes the panel before anything is applied, and nothing is written", async () => {
    const hub = await renderView();
    const panel = await openGrant();
    fireEvent.keyDown(panel, { key: "Escape", keyCode: 27, which: 27 });
    await waitFor(() => expect(screen.queryByTestId("grant-panel")).toBeNull());
    expect(hub.applied).toEqual([]);
  });

  test("Escape in the confirmation steps back to the preview, with focus on Apply; the next Escape closes", async () => {
    const hub = await renderView();
    await openGrant();
    fireEvent.click(screen.getByRole("button", { name: "Apply 5 changes…" }));
    const confirm = screen.getByRole("button", { name: "Confirm: apply 5 changes" });
    expect(document.activeElement).toBe(confirm);
    fireEvent.keyDown(confirm, { key: "Escape", keyCode: 27, which: 27 });
    await waitFor(() => expect(screen.queryByTestId("grant-confirm")).toBeNull());
    expect(screen.getByTestId("grant-panel").dataset.step).toBe("preview");
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Apply 5 changes…" }));
    fireEvent.keyDown(document.activeElement!, { key: "Escape", keyCode: 27, which: 27 });
    await waitFor(() => expect(screen.queryByTestId("grant-panel")).toBeNull());
    expect(hub.applied).toEqual([]);
  });
});

describe("when Azure DevOps does not answer", () => {
  test("a failed read says why and Try again reads again", async () => {
    const hub = await renderView();
    const read = hub.grantSource.readState;
    let failures = 1;
    hub.grantSource.readState = (identity, run) =>
      failures-- > 0 ? Promise.reject(new AdoError("network", "Could not reach https://dev.azure.com/contoso/ (ECONNRESET)")) : read(identity, run);
    fireEvent.click(screen.getByRole("button", { name: "Grant missing permissions" }));
    const message = await screen.findByTestId("grant-read-error");
    expect(message.textContent).toBe("Could not read the organization to plan: Could not reach https://dev.azure.com/contoso/ (ECONNRESET).");
    expect(screen.queryByRole("button", { name: /^Apply/ })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    const panel = screen.getByTestId("grant-panel");
    await waitFor(() => expect(panel.dataset.step).toBe("preview"));
    expect(listedChanges(panel)).toEqual(planned(planGrants(hub.state(), { scope: "project", now: NOW })));
  });

  test("a caller check that fails says so, and Apply is still offered (the writes themselves will tell)", async () => {
    const hub = await renderView();
    hub.grantSource.checkCaller = () => Promise.reject(new AdoError("server", "HTTP 500 from _apis/permissions"));
    const panel = await openGrant();
    const check = within(panel).getByTestId("caller-check");
    expect(check.dataset.status).toBe("failed");
    expect(check.textContent).toContain("Could not check whether you may make these changes: HTTP 500 from _apis/permissions.");
    expect(screen.getByRole("button", { name: "Apply 5 changes…" })).toBeTruthy();
  });
});

describe("applying", () => {
  test("confirm applies the plan, shows progress and the result, and the matrix is refreshed", async () => {
    let release: () => void = () => undefined;
    let gate = new Promise<void>((resolve) => (release = resolve));
    const hub = await renderView({ beforeChange: (index) => (index === 2 ? gate : Promise.resolve()) });
    expect(matrixCell("GENERIC_READ", "Finance").dataset.effective).toBe("notSet");
    expect(matrixCell("ViewSubscriptions", "Analytics").dataset.effective).toBe("notSet");
    const panel = await openGrant();
    const plan = planGrants(hub.state(), { scope: "project", now: NOW });
    const readsBefore = hub.reads;

    fireEvent.click(screen.getByRole("button", { name: "Apply 5 changes…" }));
    // Keyboard users land on the confirmation, and can go back.
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Confirm: apply 5 changes" }));
    fireEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(screen.queryByTestId("grant-confirm")).toBeNull();
    expect(hub.applied).toEqual([]);
    fireEvent.click(screen.getByRole("button", { name: "Apply 5 changes…" }));
    fireEvent.click(screen.getByRole("button", { name: "Confirm: apply 5 changes" }));
    await settle();
    // Paused before the third write: two done, the third in progress.
    expect(within(panel).getByTestId("grant-progress").textContent).toContain("2 of 5 changes done");
    expect(within(panel).getByRole("progressbar", { name: "Apply progress" }).getAttribute("aria-valuenow")).toBe("2");
    expect(listedStatuses(panel)).toEqual(["written", "written", "applying", "planned", "planned"]);
    expect(screen.getByRole("button", { name: "Close" }).getAttribute("aria-disabled")).toBe("true");
    // Writing cannot be interrupted half-way: Escape does not close the panel now.
    fireEvent.keyDown(panel, { key: "Escape", keyCode: 27, which: 27 });
    expect(screen.getByTestId("grant-panel")).toBe(panel);
    expect(panel.contains(document.activeElement)).toBe(true);
    release();
    gate = Promise.resolve();
    await waitFor(() => expect(within(panel).getByTestId("grant-result").dataset.outcome).toBe("applied"));
    await settle();

    expect(planned(hub.applied[0])).toEqual(planned(plan));
    expect(hub.written).toHaveLength(5);
    expect(listedStatuses(panel)).toEqual(["written", "written", "written", "written", "written"]);
    expect(within(panel).getByTestId("grant-success").textContent).toBe("Applied 5 changes: 5 written, 0 already in place.");
    // The apply re-read the new state once, and the matrix shows its audit.
    expect(hub.reads).toBe(readsBefore + 1);
    expect(within(panel).getByTestId("grant-refreshed").textContent).toBe(
      "The matrix was refreshed: every required permission is now allowed except the 1 blocked permission.",
    );
    expect(matrixCell("GENERIC_READ", "Finance").dataset.effective).toBe("allow");
    expect(matrixCell("ViewSubscriptions", "Analytics").dataset.effective).toBe("allow");
    expect(matrixCell("EditSubscriptions", "Finance").dataset.effective).toBe("deny");
    expect(screen.queryByRole("button", { name: "Retry" })).toBeNull();
  });

  test("a failure mid-apply shows what was and was not applied, refreshes, and Retry finishes the job", async () => {
    const hub = await renderView({ failAt: { index: 2, message: "Access denied: the caller lacks ManagePermissions on PublisherSecurity" } });
    const panel = await openGrant();
    const plan = planGrants(hub.state(), { scope: "project", now: NOW });
    await applyAndConfirm(panel, 5);

    const result = within(panel).getByTestId("grant-result");
    expect(result.dataset.outcome).toBe("failed");
    expect(within(panel).getByTestId("grant-failure").textContent).toContain("Applied 2 of 5 changes, then change 3 failed.");
    expect(within(panel).getByTestId("grant-failure-message").textContent).toBe(
      "Access denied: the caller lacks ManagePermissions on PublisherSecurity.",
    );
    expect(within(panel).getByTestId("grant-failure").textContent).toContain("Not applied: 3 changes (the failed one and the 2 changes after it)");
    expect(listedStatuses(panel)).toEqual(["written", "written", "failed", "notAttempted", "notAttempted"]);
    expect(planned({ ...plan, changes: hub.written } as GrantPlan)).toEqual(planned(plan).slice(0, 2));
    // The matrix shows the partial state: the first change (Finance Readers) took effect.
    expect(matrixCell("GENERIC_READ", "Finance").dataset.effective).toBe("allow");
    expect(matrixCell("ViewSubscriptions", "Finance").dataset.effective).toBe("notSet");
    expect(within(panel).getByTestId("grant-refreshed").textContent).toMatch(
      /^The matrix was refreshed: \d+ permissions the plan covers are still missing/,
    );

    hub.heal();
    fireEvent.click(screen.getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(panel.dataset.step).toBe("preview"));
    await settle();
    // Planned again from the state after the partial apply: exactly the changes not applied.
    expect(listedChanges(panel)).toEqual(planned(plan).slice(2));
    expect(within(panel).getByTestId("grant-replanned").textContent).toBe("Planned again from the current state: 3 changes still to make.");
    await applyAndConfirm(panel, 3);
    expect(within(panel).getByTestId("grant-result").dataset.outcome).toBe("applied");
    expect(matrixCell("ViewSubscriptions", "Finance").dataset.effective).toBe("allow");
    expect(planned({ ...plan, changes: hub.written } as GrantPlan)).toEqual(planned(plan));
  });
});

describe("a caller who cannot apply", () => {
  const refusing = (plan: GrantPlan) => ({
    caller: "Dana Lee",
    canApply: false,
    refused: [
      `Dana Lee may not manage permissions (Git Repositories bits 8192) on ${plan.changes.filter((c) => c.kind === "ace" && c.namespace === "gitRepositories").length} tokens`,
      "Dana Lee may not manage the membership of [Finance]\\Readers",
    ],
    unchecked: [],
  });

  test("sees why, no Apply, and only the az script", async () => {
    const copied: string[] = [];
    const hub = await renderView({ callerCheck: refusing, clipboard: { writeText: async (text) => void copied.push(text) } });
    const panel = await openGrant();
    const check = within(panel).getByTestId("caller-check");
    expect(check.dataset.status).toBe("refused");
    expect(check.textContent).toContain("Dana Lee cannot apply this plan:");
    expect(check.textContent).toContain("Dana Lee may not manage permissions (Git Repositories bits 8192) on 2 tokens");
    expect(check.textContent).toContain("Dana Lee may not manage the membership of [Finance]\\Readers");
    expect(check.textContent).toContain("Copy the az script and hand it to a Project Collection Administrator");
    expect(screen.queryByRole("button", { name: /^Apply/ })).toBeNull();

    fireEvent.click(screen.getByRole("button", { name: "Copy az script" }));
    await settle();
    const plan = planGrants(hub.state(), { scope: "project", now: NOW });
    expect(copied).toEqual([renderAzScript(plan)]);
    expect(copied[0]).toContain(`az devops security group membership add`);
    expect(within(panel).getByTestId("script-copied").textContent).toBe(
      `Copied the az script (${renderAzScript(plan).split("\n").length} lines) to the clipboard.`,
    );
    expect(hub.applied).toEqual([]);
  });

  test("when the frame may not use the clipboard, the script is shown selected in a read-only field", async () => {
    const blocked: ClipboardLike = { writeText: () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError")) };
    const hub = await renderView({ callerCheck: refusing, clipboard: blocked });
    const panel = await openGrant();
    fireEvent.click(screen.getByRole("radio", { name: "Each repository" }));
    await settle();
    fireEvent.click(screen.getByRole("button", { name: "Copy az script" }));
    await settle();
    expect(within(panel).getByTestId("script-fallback").textContent).toContain("press Ctrl+C");
    const field = screen.getByLabelText("az script") as HTMLTextAreaElement;
    expect(field.readOnly).toBe(true);
    // The script of the scope on screen, selected whole.
    expect(field.value).toBe(renderAzScript(planGrants(hub.state(), { scope: "repo", now: NOW })));
    expect(document.activeElement).toBe(field);
    expect([field.selectionStart, field.selectionEnd]).toEqual([0, field.value.length]);
  });
});

test("with nothing missing the Grant action is disabled", async () => {
  const complete = grantHub(completeTestOrg());
  render(
    <PermissionsView source={complete.auditSource} scopeLabel="x" grant={{ source: complete.grantSource, scopes: ORGANIZATION_GRANT_SCOPES }} />,
  );
  fireEvent.change(screen.getByLabelText("Service user or service principal"), { target: { value: SERVICE_USER } });
  fireEvent.click(screen.getByRole("button", { name: "Check permissions" }));
  await screen.findByTestId("summary");
  expect(screen.getByRole("button", { name: "Grant missing permissions" }).getAttribute("aria-disabled")).toBe("true");
});

test("without a grant source the view offers no Grant action", async () => {
  const hub = grantHub(grantTestOrg());
  render(<PermissionsView source={hub.auditSource} scopeLabel="x" />);
  fireEvent.change(screen.getByLabelText("Service user or service principal"), { target: { value: SERVICE_USER } });
  fireEvent.click(screen.getByRole("button", { name: "Check permissions" }));
  await screen.findByTestId("summary");
  expect(screen.queryByRole("button", { name: "Grant missing permissions" })).toBeNull();
});
