/**
 * @jest-environment jsdom
 *
 * The Setup tab's settings through the product's settings store over a fake extension data service
 * (JSON in, JSON out, as over HTTP): saved, read back on the next visit, never holding a secret.
 */
import * as React from "react";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { readSetupRecord, type SetupSettingsStore } from "../../../src/hubs/setup/setupRecord";
import { SetupView } from "../../../src/hubs/setup/SetupView";
import { APP, EXTENSION_ID, fakeExtensionData, ORG, setupStoreOver, storedSetup, TENANT } from "../support/setupFixtures";

const NOW = new Date("2026-06-01T12:00:00Z");
const SECRET = "Abc8Q~x1y2z3w4v5u6t7s8r9q0p1o2n3m4l5k6j7";

async function renderSetup(store: SetupSettingsStore | undefined) {
  const view = render(<SetupView organization={ORG} scopeLabel="every project in contoso" store={store} now={() => NOW} userName="Contoso Admin" />);
  await act(async () => undefined);
  return view;
}

function type(label: string, value: string): void {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

const inputValue = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;
const step = (id: string) => document.querySelector<HTMLElement>(`[data-step="${id}"]`)!;
/** The save line shows the date in the reader's locale and time zone. */
const SAVED_LINE = `Saved ${new Date("2026-06-01T12:00:00.000Z").toLocaleDateString(undefined, { dateStyle: "medium" })} by Contoso Admin`;
const saveButton = () => screen.getByRole("button", { name: "Save" });

async function save(): Promise<void> {
  await act(async () => {
    fireEvent.click(saveButton());
  });
}

test("saved settings come back on the next visit, exactly as typed and ticked", async () => {
  const data = fakeExtensionData();
  const first = await renderSetup(setupStoreOver(data));
  expect(screen.getByTestId("save-status").textContent).toBe("Nothing saved yet");
  expect(saveButton().getAttribute("aria-disabled")).toBe("true");

  fireEvent.click(screen.getByRole("radio", { name: /^Service user/ }));
  type("Application (client) ID", ` ${APP} `);
  type("Directory (tenant) ID", TENANT);
  type("dbt Cloud access URL", "abc123.us1.dbt.com");
  type("dbt Cloud account ID", "12345");
  type("Client secret expires on", "2027-03-14");
  fireEvent.click(within(step("multitenant")).getByRole("checkbox"));
  fireEvent.click(within(step("redirect-uris")).getByRole("checkbox"));
  expect(screen.getByTestId("save-status").textContent).toBe("Unsaved changes");
  await save();

  expect(storedSetup(data)).toEqual({
    schemaVersion: 1,
    fields: {
      applicationId: APP,
      tenantId: TENANT,
      accessUrl: "abc123.us1.dbt.com",
      accountId: "12345",
      clientSecretExpiresOn: "2027-03-14",
      serviceUserObjectId: "",
    },
    confirmations: { multitenant: true, redirectUrisAddedFor: "abc123.us1.dbt.com" },
    route: "serviceUser",
    savedAt: "2026-06-01T12:00:00.000Z",
    savedBy: "Contoso Admin",
  });
  expect(screen.getByTestId("save-status").textContent).toBe(SAVED_LINE);
  expect(saveButton().getAttribute("aria-disabled")).toBe("true");
  const statesBefore = [...document.querySelectorAll<HTMLElement>("[data-step]")].map((el) => el.dataset.state);
  first.unmount();

  // A new page load: a new store over the same extension data.
  await renderSetup(setupStoreOver(data));
  expect(inputValue("Application (client) ID")).toBe(APP);
  expect(inputValue("dbt Cloud access URL")).toBe("abc123.us1.dbt.com");
  expect(inputValue("Client secret expires on")).toBe("2027-03-14");
  expect(within(step("multitenant")).getByRole("checkbox").getAttribute("aria-checked")).toBe("true");
  expect(step("redirect-uris").dataset.state).toBe("done");
  expect([...document.querySelectorAll<HTMLElement>("[data-step]")].map((el) => el.dataset.state)).toEqual(statesBefore);
  expect(screen.getByTestId("save-status").textContent).toBe(SAVED_LINE);

  type("dbt Cloud account ID", "777");
  expect(screen.getByTestId("save-status").textContent).toBe("Unsaved changes");
  type("dbt Cloud account ID", "12345");
  expect(screen.getByTestId("save-status").textContent).toBe(SAVED_LINE);
});

test("it is kept organization-wide under one key, for this extension", async () => {
  const data = fakeExtensionData();
  await renderSetup(setupStoreOver(data));
  type("dbt Cloud account ID", "12345");
  await save();
  expect([...data.documents.keys()]).toEqual([`${EXTENSION_ID}|Default|setup.settings`]);
  expect(data.writes).toBe(1);
});

test("a secret in a stored document is never shown and never written back", async () => {
  const data = fakeExtensionData();
  data.documents.set(
    `${EXTENSION_ID}|Default|setup.settings`,
    JSON.stringify({
      schemaVersion: 1,
      fields: { applicationId: APP, clientSecret: SECRET },
      clientSecret: SECRET,
      confirmations: { multitenant: "yes" },
    }),
  );
  await renderSetup(setupStoreOver(data));
  expect(inputValue("Application (client) ID")).toBe(APP);
  expect(document.body.textContent).not.toContain(SECRET);
  const values = [...document.querySelectorAll("input")].map((input) => input.value);
  expect(values).not.toContain(SECRET);
  // "yes" is not a tick.
  expect(step("multitenant").dataset.state).toBe("manual");

  type("dbt Cloud account ID", "12345");
  await save();
  expect(JSON.stringify(storedSetup(data))).not.toContain(SECRET);
});

test("the store writes only the known fields, whatever a caller passes", async () => {
  const data = fakeExtensionData();
  const store = setupStoreOver(data);
  const record = { ...readSetupRecord({}), clientSecret: SECRET, fields: { ...readSetupRecord({}).fields, clientSecretValue: SECRET } };
  const stored = await store.save(record);
  expect(JSON.stringify(storedSetup(data))).not.toContain(SECRET);
  expect(stored).toEqual(readSetupRecord({}));
  expect(await store.load()).toEqual(readSetupRecord({}));
  expect(await setupStoreOver(fakeExtensionData()).load()).toBeUndefined();
});

test("when the saved setup cannot be read, the tab says so and stays usable", async () => {
  const failing: SetupSettingsStore = {
    load: () => Promise.reject(new Error("VS403: extension data is not available")),
    save: (record) => Promise.resolve(record),
  };
  await renderSetup(failing);
  expect(screen.getByTestId("load-error").textContent).toContain("VS403: extension data is not available");
  type("dbt Cloud account ID", "12345");
  expect(saveButton().getAttribute("aria-disabled")).toBeNull();
});

test("a failed save is reported and nothing is marked saved", async () => {
  const failing: SetupSettingsStore = {
    load: () => Promise.resolve(undefined),
    save: () => Promise.reject(new Error("The access token is not valid for extension data.")),
  };
  await renderSetup(failing);
  type("dbt Cloud account ID", "12345");
  await save();
  expect(screen.getByTestId("save-error").textContent).toBe("The setup was not saved: The access token is not valid for extension data.");
  expect(screen.getByTestId("save-status").textContent).toBe("Unsaved changes");
});

test("without a store the tab still works, and says it cannot save", async () => {
  await renderSetup(undefined);
  expect(screen.queryByRole("button", { name: "Save" })).toBeNull();
  expect(screen.getByText(/cannot save settings here/)).toBeTruthy();
  fireEvent.click(screen.getByRole("radio", { name: /^Service user/ }));
  type("dbt Cloud access URL", "abc123.us1.dbt.com");
  expect(within(step("redirect-uris")).getByTestId("value-entra.redirectUri").textContent).toBe(
    "https://abc123.us1.dbt.com/complete/azure_active_directory",
  );
});

test("the route is chosen on the tab, saved with the other values, and shows only its own steps", async () => {
  const data = fakeExtensionData();
  const first = await renderSetup(setupStoreOver(data));
  const ids = () => [...document.querySelectorAll<HTMLElement>("[data-step]")].map((el) => el.dataset.step);
  // Nothing chosen yet in a new setup: the service principal dbt recommends.
  expect(screen.getByTestId("route-choice").dataset.route).toBe("servicePrincipal");
  expect(ids()).not.toContain("link-service-user");
  fireEvent.click(screen.getByRole("radio", { name: /^Service user/ }));
  expect(screen.getByTestId("route-choice").dataset.route).toBe("serviceUser");
  expect(ids()).toContain("link-service-user");

  fireEvent.click(screen.getByLabelText(/Service principal \(recommended by dbt\)/));
  expect(screen.getByTestId("route-choice").dataset.route).toBe("servicePrincipal");
  for (const id of ["redirect-uris", "service-user-mfa", "choose-service-user", "link-service-user", "service-user-idle"]) {
    expect(ids()).not.toContain(id);
  }
  expect(ids()).toEqual(expect.arrayContaining(["add-service-principal", "service-principal-permissions", "link-developer-accounts"]));
  expect(document.body.textContent).not.toMatch(/Turn off MFA|Link Azure Service User/);
  expect(screen.getByTestId("save-status").textContent).toBe("Unsaved changes");
  await save();
  expect((storedSetup(data) as { route?: string }).route).toBe("servicePrincipal");
  first.unmount();

  await renderSetup(setupStoreOver(data));
  expect(screen.getByTestId("route-choice").dataset.route).toBe("servicePrincipal");
  expect(ids()).toContain("add-service-principal");
  expect(readSetupRecord({ route: "somethingElse" }).route).toBeUndefined();
});

test("a tick saves itself, without Save, and leaves typed values waiting for Save", async () => {
  const data = fakeExtensionData();
  await renderSetup(setupStoreOver(data));
  type("dbt Cloud account ID", "12345");
  await act(async () => {
    fireEvent.click(within(step("multitenant")).getByRole("checkbox"));
  });
  await waitFor(() => expect(within(step("multitenant")).getByTestId("tick-save").textContent).toBe("Saved"));
  expect(storedSetup(data)).toMatchObject({ confirmations: { multitenant: true }, fields: { accountId: "" } });
  expect(screen.getByTestId("save-status").textContent).toBe("Unsaved changes");

  // Two ticks in a row, then Save: each write starts from the one before, so nothing is lost.
  await act(async () => {
    fireEvent.click(within(step("api-permission")).getByRole("checkbox"));
    fireEvent.click(within(step("multitenant")).getByRole("checkbox"));
    fireEvent.click(saveButton());
  });
  await waitFor(() => expect(screen.getByTestId("save-status").textContent).toBe(SAVED_LINE));
  expect(storedSetup(data)).toMatchObject({ confirmations: { userImpersonationOnly: true }, fields: { accountId: "12345" } });
  expect((storedSetup(data) as { confirmations: object }).confirmations).toEqual({ userImpersonationOnly: true });
});

test("a tick that cannot be saved says so next to it", async () => {
  await renderSetup({ load: () => Promise.resolve(undefined), save: () => Promise.reject(new Error("HTTP 503")) });
  await act(async () => {
    fireEvent.click(within(step("multitenant")).getByRole("checkbox"));
  });
  await waitFor(() => expect(within(step("multitenant")).getByTestId("tick-save").textContent).toBe("Not saved: HTTP 503"));
});

test("a setup saved before the route could be chosen stays on the service user's route when it has its values", async () => {
  const key = `${EXTENSION_ID}|Default|setup.settings`;
  const legacy = fakeExtensionData();
  legacy.documents.set(key, JSON.stringify({ schemaVersion: 1, fields: { serviceUserObjectId: TENANT }, confirmations: { multitenant: true } }));
  const first = await renderSetup(setupStoreOver(legacy));
  expect(screen.getByTestId("route-choice").dataset.route).toBe("serviceUser");
  first.unmount();

  // Without any value of the service user's route, nothing says it was used: dbt's recommendation.
  const plain = fakeExtensionData();
  plain.documents.set(key, JSON.stringify({ schemaVersion: 1, fields: { accountId: "12345" }, confirmations: { multitenant: true } }));
  await renderSetup(setupStoreOver(plain));
  expect(screen.getByTestId("route-choice").dataset.route).toBe("servicePrincipal");
});
