/**
 * @jest-environment jsdom
 *
 * What the Setup tab learns from the rest of the page: the service user and audit the Permissions tab found
 * (recorded from its audit source into the page's facts), the Service hooks tab's last report, the identity
 * remembered from an earlier visit; and the copy buttons.
 */
import * as React from "react";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { AdoError } from "../../../src/ado/http/errors";
import { audit } from "../../../src/core/audit/audit";
import { buildChecklist } from "../../../src/core/setup/checklist";
import { analyzeHooks, type HooksReport } from "../../../src/core/hooks/index";
import type { LastHooksReport } from "../../../src/hubs/data/hooksSource";
import { OrgSettingsPage } from "../../../src/hubs/org-settings/OrgSettingsPage";
import { ProjectSettingsPage } from "../../../src/hubs/project-settings/ProjectSettingsPage";
import { createHubFacts } from "../../../src/hubs/setup/hubFacts";
import { AUDIT_READY_MARK, recordAuditFacts } from "../../../src/hubs/setup/recordAuditFacts";
import { SetupView } from "../../../src/hubs/setup/SetupView";
import type { HubContext } from "../../../src/sdk/init";
import { snapshot as hooksSnapshot, subscription } from "../../core/hooks/builders";
import { coreBackedSource } from "../support/coreBackedSource";
import { fakeExtensionData, ORG, setupStoreOver } from "../support/setupFixtures";
import { IDS, NOW, smallOrgSnapshot } from "../support/smallOrg";

const step = (id: string) => document.querySelector<HTMLElement>(`[data-step="${id}"]`)!;
const stateOf = (id: string) => step(id).dataset.state;
const whyOf = (id: string) => within(step(id)).getByTestId("step-why").textContent;

async function settle(): Promise<void> {
  await act(async () => undefined);
}

function renderSetup(props: Partial<React.ComponentProps<typeof SetupView>> = {}) {
  const view = render(<SetupView organization={ORG} scopeLabel="every project in contoso" now={() => NOW} {...props} />);
  // New setups start on the service principal's route (setupSaved.test.tsx); these tests are about the service user's.
  fireEvent.click(screen.getByRole("radio", { name: /^Service user/ }));
  return view;
}

describe("the Permissions tab's findings", () => {
  test("a found service user and its audit become the service user, permission and idle steps", async () => {
    const facts = createHubFacts();
    const source = recordAuditFacts(coreBackedSource(smallOrgSnapshot(), { now: NOW }), facts);
    renderSetup({ facts });
    await settle();
    expect(stateOf("choose-service-user")).toBe("todo");

    await act(async () => {
      const identity = await source.resolveIdentity("svc-dbt@contoso.com");
      await source.runAudit(identity, { signal: new AbortController().signal, onProgress: () => undefined });
    });
    const report = audit(smallOrgSnapshot(), { now: NOW });
    expect(report.ok).toBe(false);
    const expected = buildChecklist({
      organization: ORG,
      route: "serviceUser",
      now: NOW,
      facts: {
        serviceUser: { chosen: true, found: true, displayName: report.identity.displayName, principalName: "svc-dbt@contoso.com" },
        audit: { ok: report.ok, findings: report.findings },
      },
    });
    for (const id of ["choose-service-user", "service-user-permissions", "service-user-idle"] as const) {
      const want = expected.find((s) => s.id === id)!;
      expect({ id, state: stateOf(id), why: whyOf(id) }).toEqual({ id, state: want.state, why: want.why });
    }
    expect(stateOf("choose-service-user")).toBe("done");
    expect(stateOf("service-user-permissions")).toBe("problem");
    // 80 days without sign-in in the small organization: a warning, so the relink step is to do.
    expect(stateOf("service-user-idle")).toBe("todo");
  });

  test("an identity that does not exist is a problem on the service user step", async () => {
    const facts = createHubFacts();
    const source = recordAuditFacts(coreBackedSource(smallOrgSnapshot(), { now: NOW }), facts);
    renderSetup({ facts });
    await act(async () => {
      await expect(source.resolveIdentity(" nobody@contoso.com ")).rejects.toThrow(AdoError);
    });
    expect(stateOf("choose-service-user")).toBe("problem");
    expect(whyOf("choose-service-user")).toBe(
      "nobody@contoso.com was not found in this organization. Add it under Organization settings > Users with Basic access.",
    );
  });

  test("an ambiguous name says nothing about the service user, and another identity drops the old audit", async () => {
    const facts = createHubFacts();
    const source = recordAuditFacts(coreBackedSource(smallOrgSnapshot(), { now: NOW, ambiguousQuery: "dbt" }), facts);
    const identity = await source.resolveIdentity("svc-dbt@contoso.com");
    await source.runAudit(identity, { signal: new AbortController().signal, onProgress: () => undefined });
    const before = facts.current();
    await expect(source.resolveIdentity("dbt")).rejects.toThrow(/more than one identity/);
    expect(facts.current()).toBe(before);
    await expect(source.resolveIdentity("nobody")).rejects.toThrow(/No user or service principal/);
    expect(facts.current()).toEqual({ serviceUser: { chosen: true, found: false, principalName: "nobody" }, audit: undefined });
  });

  test("the recorder passes results through unchanged and marks when the audit's data is ready", async () => {
    const facts = createHubFacts();
    const inner = coreBackedSource(smallOrgSnapshot(), { now: NOW });
    const source = recordAuditFacts(inner, facts);
    const mark = jest.fn();
    const original = Object.getOwnPropertyDescriptor(performance, "mark");
    Object.defineProperty(performance, "mark", { value: mark, configurable: true });
    try {
      const identity = await source.resolveIdentity("svc-dbt@contoso.com");
      expect(mark).not.toHaveBeenCalled();
      const report = await source.runAudit(identity, { signal: new AbortController().signal, onProgress: () => undefined });
      expect(report).toEqual(audit(smallOrgSnapshot(), { now: NOW }));
      expect(mark.mock.calls).toEqual([[AUDIT_READY_MARK]]);
    } finally {
      if (original) Object.defineProperty(performance, "mark", original);
      else delete (performance as { mark?: unknown }).mark;
    }
  });

  test("a service user remembered from an earlier visit is chosen but not looked up yet", async () => {
    renderSetup({ facts: createHubFacts(), memory: { load: async () => "svc-dbt@contoso.com", save: async () => undefined } });
    await settle();
    expect(stateOf("choose-service-user")).toBe("unknown");
    expect(whyOf("choose-service-user")).toBe("svc-dbt@contoso.com was not looked up yet.");
  });
});

describe("service hooks health from the Service hooks tab's last report", () => {
  function reportsOf(initial?: HooksReport): LastHooksReport & { emit(report: HooksReport): void } {
    const listeners = new Set<(report: HooksReport) => void>();
    let last = initial;
    return {
      lastReport: () => last,
      onReport(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      emit(report) {
        last = report;
        for (const listener of listeners) listener(report);
      },
    };
  }

  test("a disabled subscription is a problem; a clean read later makes it done", async () => {
    const broken = analyzeHooks(
      hooksSnapshot({ subscriptions: [subscription(), subscription({ eventType: "git.push", status: "disabledByUser" })] }),
    );
    const hooks = reportsOf(broken);
    renderSetup({ hooks });
    await settle();
    expect(stateOf("service-hooks")).toBe("problem");
    expect(whyOf("service-hooks")).toBe("Of 2 dbt Cloud subscriptions: 1 subscription disabled.");

    await act(async () => hooks.emit(analyzeHooks(hooksSnapshot({ subscriptions: [subscription()] }))));
    expect(stateOf("service-hooks")).toBe("done");
    expect(whyOf("service-hooks")).toBe("1 dbt Cloud subscription, all enabled and delivering.");
  });

  test("without a report the health is unknown", async () => {
    renderSetup({ hooks: reportsOf(undefined) });
    await settle();
    expect(stateOf("service-hooks")).toBe("unknown");
    expect(whyOf("service-hooks")).toBe("Service hook subscriptions were not read.");
    expect(within(step("service-hooks")).getByTestId("step-hint").textContent).toBe("Open the Service hooks tab to read them.");
  });
});

test("a copy button copies exactly the value shown, and says so", async () => {
  renderSetup();
  fireEvent.change(screen.getByLabelText("dbt Cloud access URL"), { target: { value: "abc123.us1.dbt.com" } });
  const copied: string[] = [];
  const execCommand = jest.fn((command: string) => {
    if (command === "copy") copied.push(window.getSelection()?.toString() ?? "");
    return true;
  });
  Object.defineProperty(document, "execCommand", { value: execCommand, configurable: true });
  try {
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Copy Redirect URI (Web): service user" }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(copied).toEqual(["https://abc123.us1.dbt.com/complete/azure_active_directory_service_user"]);
    expect(screen.getByTestId("copy-announcement").textContent).toBe("Copied Redirect URI (Web): service user");
  } finally {
    delete (document as { execCommand?: unknown }).execCommand;
  }
});

describe("the hub pages", () => {
  const CONTEXT: HubContext = {
    contributionId: "dbt-ado-doctor.dbt-ado-doctor.org-settings-hub",
    user: { id: "u", name: "admin@contoso.com", displayName: "Contoso Admin", descriptor: "aad.x" },
    organization: { id: "o", name: "contoso" },
    extension: { id: "dbt-ado-doctor.dbt-ado-doctor", publisherId: "dbt-ado-doctor", extensionId: "dbt-ado-doctor", version: "0.1.0" },
  };

  test("the organization hub opens on Setup, and Setup shows what the Permissions tab found", async () => {
    const facts = createHubFacts();
    const services = {
      auditSource: recordAuditFacts(coreBackedSource(smallOrgSnapshot(), { now: NOW }), facts),
      facts,
      setupSettings: setupStoreOver(fakeExtensionData()),
      organizationUrl: "http://127.0.0.1:8603/contoso/",
    };
    render(<OrgSettingsPage context={CONTEXT} services={services} />);
    await settle();
    const tabs = screen.getAllByRole("tab");
    expect(tabs[0].textContent).toBe("Setup");
    expect(tabs.map((t) => t.textContent)).toContain("Permissions");
    // Deep links are built on the organization URL the host gave.
    expect(step("connect-directory").querySelector("a")?.getAttribute("href")).toBe("http://127.0.0.1:8603/contoso/_settings/organizationAad");
    // A new setup starts on the route dbt recommends.
    expect(screen.getByTestId("route-choice").dataset.route).toBe("servicePrincipal");
    fireEvent.change(screen.getByLabelText("dbt Cloud account ID"), { target: { value: "12345" } });

    fireEvent.click(screen.getByRole("tab", { name: "Permissions" }));
    fireEvent.change(screen.getByLabelText("Service user or service principal"), { target: { value: "svc-dbt@contoso.com" } });
    await act(async () => {
      fireEvent.click(screen.getByRole("button", { name: "Check permissions" }));
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    await screen.findByTestId("summary");
    fireEvent.click(screen.getByRole("tab", { name: "Setup" }));
    await settle();
    // The identity checked is a user: with no route chosen, the tab follows it to the service user's route.
    expect(screen.getByTestId("route-choice").dataset.route).toBe("serviceUser");
    expect(stateOf("choose-service-user")).toBe("done");
    expect(stateOf("service-user-permissions")).toBe("problem");
    // What was typed but not saved is still there after the visit to another tab.
    expect((screen.getByLabelText("dbt Cloud account ID") as HTMLInputElement).value).toBe("12345");
    expect(screen.getByTestId("save-status").textContent).toBe("Unsaved changes");
  });

  test("the project hub links its own project's settings pages", async () => {
    const context = { ...CONTEXT, project: { id: IDS.analytics, name: "Analytics" } };
    render(<ProjectSettingsPage context={context} services={{ auditSource: coreBackedSource(smallOrgSnapshot(), { now: NOW }) }} />);
    await settle();
    expect(screen.getAllByRole("tab")[0].textContent).toBe("Setup");
    expect(step("service-hooks").querySelector('[data-link="ado.projectServiceHooks"] a')?.getAttribute("href")).toBe(
      "https://dev.azure.com/contoso/Analytics/_settings/serviceHooks",
    );
    expect(screen.getByText(/cover the project Analytics/)).toBeTruthy();
  });
});
