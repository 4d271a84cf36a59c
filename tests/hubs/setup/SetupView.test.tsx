/**
 * @jest-environment jsdom
 *
 * The Setup tab over the real core: the states, links, values and messages on screen are those
 * buildChecklist / buildLinks / the validators compute for what was typed, with a fixed clock.
 */
import * as React from "react";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { buildChecklist, OWNER_LABELS, type ChecklistInput } from "../../../src/core/setup/checklist";
import { validateApplicationId } from "../../../src/core/setup/validate";
import { SetupView, type SetupViewProps } from "../../../src/hubs/setup/SetupView";
import { APP, fakeExtensionData, ORG, setupStoreOver, TENANT, USER_OBJECT_ID } from "../support/setupFixtures";

const NOW = new Date("2026-06-01T12:00:00Z");

async function renderSetup(props: Partial<SetupViewProps> = {}) {
  const view = render(<SetupView organization={ORG} scopeLabel="every project in contoso" now={() => NOW} userName="Contoso Admin" {...props} />);
  // Let the saved settings (and the remembered identity) arrive.
  await act(async () => undefined);
  // New setups start on the service principal's route (setupSaved.test.tsx); these tests are about the steps
  // of the service user's.
  fireEvent.click(screen.getByRole("radio", { name: /^Service user/ }));
  return view;
}

function step(id: string): HTMLElement {
  const found = document.querySelector<HTMLElement>(`[data-step="${id}"]`);
  if (!found) throw new Error(`No step ${id}`);
  return found;
}

const stateOf = (id: string) => step(id).dataset.state;
const whyOf = (id: string) => within(step(id)).getByTestId("step-why").textContent;

function linkIn(stepId: string, linkId: string): string | null {
  const anchor = step(stepId).querySelector(`[data-link="${linkId}"] a`);
  return anchor ? anchor.getAttribute("href") : null;
}

function type(label: string, value: string): void {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function typeAll(): void {
  type("Application (client) ID", APP);
  type("Directory (tenant) ID", TENANT);
  type("dbt Cloud access URL", "abc123.us1.dbt.com");
  type("dbt Cloud account ID", "12345");
}

const renderedStates = () => [...document.querySelectorAll<HTMLElement>("[data-step]")].map((el) => [el.dataset.step, el.dataset.state]);

describe("the checklist before anything is typed", () => {
  test("shows the core's steps and states, grouped Entra admin, Azure DevOps admin, dbt Cloud admin", async () => {
    await renderSetup();
    const expected: ChecklistInput = { organization: ORG, route: "serviceUser", now: NOW, facts: { serviceUser: { chosen: false } } };
    expect(renderedStates()).toEqual(buildChecklist(expected).map((s) => [s.id, s.state]));
    const headings = screen.getAllByRole("heading", { level: 2 }).map((h) => h.textContent);
    const owners = headings.filter((h) => Object.values(OWNER_LABELS).includes(h ?? ""));
    expect(owners).toEqual([OWNER_LABELS.entraAdmin, OWNER_LABELS.adoAdmin, OWNER_LABELS.dbtAdmin]);
  });

  test("what Azure DevOps cannot tell here is unknown, with the page to look at", async () => {
    await renderSetup();
    expect(stateOf("connect-directory")).toBe("unknown");
    expect(linkIn("connect-directory", "ado.organizationAad")).toBe("https://dev.azure.com/contoso/_settings/organizationAad");
    expect(stateOf("service-hooks")).toBe("unknown");
    expect(stateOf("choose-service-user")).toBe("todo");
    expect(stateOf("service-user-permissions")).toBe("unknown");
    expect(stateOf("multitenant")).toBe("manual");
    // Where on this page those facts are read; without a hooks source there is no Service hooks tab to name.
    expect(within(step("choose-service-user")).getByTestId("step-hint").textContent).toBe("Check the service user on the Permissions tab.");
    expect(within(step("service-hooks")).queryByTestId("step-hint")).toBeNull();
  });

  test("the organization name for dbt Cloud is the bare name, with a copy button", async () => {
    await renderSetup({ organization: { name: "contoso", url: "https://dev.azure.com/contoso/" } });
    const addApp = step("add-app-to-dbt");
    expect(within(addApp).getByTestId("value-dbt.organizationName").textContent).toBe("contoso");
    expect(within(addApp).getByRole("button", { name: "Copy dbt Cloud > Azure DevOps Organization" })).toBeTruthy();
  });

  test("there is no field for the client secret, only for its expiry date", async () => {
    await renderSetup();
    const labels = screen.getAllByRole("textbox").map((input) => input.getAttribute("aria-label"));
    expect(labels).toEqual([
      "Application (client) ID",
      "Directory (tenant) ID",
      "dbt Cloud access URL",
      "dbt Cloud account ID",
      "Client secret expires on",
      "Service user's Entra object ID (optional)",
    ]);
  });
});

describe("typing the app, tenant, access URL and account id", () => {
  test("gives the deep links for exactly those values", async () => {
    await renderSetup();
    type("Application (client) ID", APP.toUpperCase());
    type("Directory (tenant) ID", TENANT);
    type("dbt Cloud access URL", "https://abc123.us1.dbt.com/deploy/12345/projects");
    type("dbt Cloud account ID", "12345");
    const blade = (name: string) =>
      `https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/${name}/appId/${APP}`;
    expect(linkIn("register-app", "entra.appOverview")).toBe(blade("Overview"));
    expect(linkIn("multitenant", "entra.appAuthentication")).toBe(blade("Authentication"));
    expect(linkIn("api-permission", "entra.appApiPermissions")).toBe(blade("CallAnAPI"));
    expect(linkIn("client-secret", "entra.appCredentials")).toBe(blade("Credentials"));
    expect(linkIn("add-app-to-dbt", "dbt.integrations")).toBe("https://abc123.us1.dbt.com/settings/accounts/12345/pages/integrations");
    expect(stateOf("register-app")).toBe("done");
    expect(stateOf("access-url")).toBe("done");
    // Links open in a new tab, away from Azure DevOps.
    const anchor = step("register-app").querySelector<HTMLAnchorElement>('[data-link="entra.appOverview"] a')!;
    expect([anchor.target, anchor.rel]).toEqual(["_blank", "noopener noreferrer"]);
  });

  test("shows both redirect URIs for the access URL, and the values dbt Cloud's form asks for", async () => {
    await renderSetup();
    typeAll();
    const redirect = step("redirect-uris");
    expect(within(redirect).getByTestId("value-entra.redirectUri").textContent).toBe("https://abc123.us1.dbt.com/complete/azure_active_directory");
    expect(within(redirect).getByTestId("value-entra.redirectUriServiceUser").textContent).toBe(
      "https://abc123.us1.dbt.com/complete/azure_active_directory_service_user",
    );
    const addApp = step("add-app-to-dbt");
    expect(within(addApp).getByTestId("value-dbt.applicationId").textContent).toBe(APP);
    expect(within(addApp).getByTestId("value-dbt.tenantId").textContent).toBe(TENANT);
  });

  test.each([
    ["a cell host", "abc123.eu2.dbt.com"],
    ["an account-scoped host", "abc123.dbt.com"],
    ["a single-tenant host on the customer's domain", "dbt.acme-corp.example"],
  ])("accepts %s", async (_, host) => {
    await renderSetup();
    type("dbt Cloud access URL", host);
    expect(screen.queryAllByRole("alert")).toEqual([]);
    expect(within(step("redirect-uris")).getByTestId("value-entra.redirectUri").textContent).toBe(`https://${host}/complete/azure_active_directory`);
  });

  test("a getdbt.com access URL adds the migration step", async () => {
    await renderSetup();
    expect(document.querySelector('[data-step="account-url-migration"]')).toBeNull();
    type("dbt Cloud access URL", "cloud.getdbt.com");
    expect(stateOf("account-url-migration")).toBe("todo");
    expect(whyOf("account-url-migration")).toContain("until 2026-11-01");
  });
});

describe("validation", () => {
  test.each([
    ["Application (client) ID", "1234", (validateApplicationId("1234") as { message: string }).message],
    ["Directory (tenant) ID", "contoso.onmicrosoft.com", '"contoso.onmicrosoft.com" is a domain name'],
    ["Directory (tenant) ID", "Abc8Q~x1y2z3w4v5u6t7s8r9q0p1o2n3m4l5k6j7", "This looks like a client secret Value"],
    ["dbt Cloud access URL", "10.0.0.1", '"10.0.0.1" is an IP address'],
    ["dbt Cloud access URL", "login.dbt.com", "login.dbt.com is dbt's sign-in page"],
    ["dbt Cloud account ID", "https://cloud.getdbt.com/deploy/accounts/42/", 'Type only the account id, not the whole URL: "42".'],
    ["Client secret expires on", "3/14/2027", 'Client secret expiry date "3/14/2027" is not an ISO date.'],
    ["Service user's Entra object ID (optional)", "svc-dbt@contoso.com", "Service user's Entra object id must be a GUID"],
  ])("%s %p shows the core's message and blocks saving", async (label, value, message) => {
    await renderSetup({ store: setupStoreOver(fakeExtensionData()) });
    type(label, value);
    const alerts = screen.getAllByRole("alert").map((alert) => alert.textContent ?? "");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain(message);
    expect(screen.getByRole("button", { name: "Save" }).getAttribute("aria-disabled")).toBe("true");
    expect(screen.getByText("Correct the fields marked in red to save.")).toBeTruthy();
  });

  test("a wrong value becomes a problem on its step, and its links are left out", async () => {
    await renderSetup();
    type("Application (client) ID", "1234");
    expect(stateOf("register-app")).toBe("problem");
    expect(linkIn("register-app", "entra.appOverview")).toBeNull();
    expect(linkIn("register-app", "entra.appRegistrations")).toBe(
      "https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade",
    );
  });

  test("the service user's object id gives the link to its Authentication methods", async () => {
    await renderSetup();
    expect(linkIn("service-user-mfa", "entra.userAuthMethods")).toBeNull();
    type("Service user's Entra object ID (optional)", USER_OBJECT_ID);
    expect(linkIn("service-user-mfa", "entra.userAuthMethods")).toBe(
      `https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/UserAuthMethods/userId/${USER_OBJECT_ID}`,
    );
  });
});

describe("manual confirmations", () => {
  test.each([
    ["multitenant", "The app's supported account types are Multitenant"],
    ["api-permission", "The app has only the Azure DevOps user_impersonation permission (Microsoft Graph User.Read removed)"],
    ["service-user-mfa", "MFA is disabled for the service user"],
  ])("ticking %s turns it from manual to done, and unticking back", async (id, label) => {
    await renderSetup();
    expect(stateOf(id)).toBe("manual");
    const box = within(step(id)).getByRole("checkbox", { name: label });
    fireEvent.click(box);
    expect(stateOf(id)).toBe("done");
    expect(box.getAttribute("aria-checked")).toBe("true");
    fireEvent.click(box);
    expect(stateOf(id)).toBe("manual");
  });

  test("redirect URIs are confirmed for one access URL; changing it makes the confirmation a problem", async () => {
    await renderSetup();
    const before = within(step("redirect-uris")).getByRole("checkbox");
    expect(before.getAttribute("aria-disabled")).toBe("true");
    type("dbt Cloud access URL", "cloud.getdbt.com");
    fireEvent.click(within(step("redirect-uris")).getByRole("checkbox", { name: "Both redirect URIs for cloud.getdbt.com are on the app" }));
    expect(stateOf("redirect-uris")).toBe("done");
    type("dbt Cloud access URL", "abc123.dbt.com");
    expect(stateOf("redirect-uris")).toBe("problem");
    expect(whyOf("redirect-uris")).toContain("confirmed for cloud.getdbt.com, but the access URL is now abc123.dbt.com");
    const again = within(step("redirect-uris")).getByRole("checkbox", { name: "Both redirect URIs for abc123.dbt.com are on the app" });
    expect(again.getAttribute("aria-checked")).toBe("false");
  });
});

describe("the client secret's expiry (clock fixed at 2026-06-01T12:00Z)", () => {
  test.each([
    ["2026-06-20", "warning", "The client secret expires in 19 days (2026-06-20)."],
    ["2026-07-01", "warning", "The client secret expires in 30 days (2026-07-01)."],
    ["2026-05-31", "error", "The client secret expired on 2026-05-31"],
  ])("%s gives a %s-level alert", async (date, severity, message) => {
    await renderSetup();
    type("Client secret expires on", date);
    const alert = screen.getByTestId("secret-alert");
    expect(alert.textContent).toContain(message);
    expect(alert.closest(".bolt-messagebar")?.classList.contains(`severity-${severity}`)).toBe(true);
    expect(stateOf("client-secret")).toBe(severity === "error" ? "problem" : "todo");
  });

  test("more than 30 days ahead there is no warning", async () => {
    await renderSetup();
    type("Client secret expires on", "2026-07-02");
    expect(screen.queryByTestId("secret-alert")).toBeNull();
    expect(stateOf("client-secret")).toBe("done");
    expect(whyOf("client-secret")).toBe("The client secret expires on 2026-07-02, in 31 days.");
  });
});
