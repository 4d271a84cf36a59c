/**
 * @jest-environment jsdom
 */
import * as React from "react";
import { act, fireEvent, render, screen } from "@testing-library/react";
import { HubRoot } from "../../src/hubs/HubRoot";
import { OrgSettingsPage } from "../../src/hubs/org-settings/OrgSettingsPage";
import { ProjectSettingsPage } from "../../src/hubs/project-settings/ProjectSettingsPage";
import type { HubContext } from "../../src/sdk/init";
import { coreBackedSource } from "./support/coreBackedSource";
import { IDS, NOW, smallOrgSnapshot } from "./support/smallOrg";

const CONTEXT: HubContext = {
  contributionId: "dbt-ado-doctor.dbt-ado-doctor.org-settings-hub",
  user: { id: "u", name: "admin@contoso.com", displayName: "Admin", descriptor: "aad.x" },
  organization: { id: "o", name: "contoso" },
  extension: { id: "dbt-ado-doctor.dbt-ado-doctor", publisherId: "dbt-ado-doctor", extensionId: "dbt-ado-doctor", version: "0.1.0" },
};

test("while connecting a spinner shows, then the page, and the host is told it loaded", async () => {
  let finish: (value: { context: HubContext; services: number }) => void = () => undefined;
  const connect = () => new Promise<{ context: HubContext; services: number }>((resolve) => (finish = resolve));
  const notified: (Error | undefined)[] = [];
  const notify = (error?: Error) => notified.push(error);
  render(<HubRoot connect={connect} renderPage={(context, services) => <p>{`${context.organization.name} ${services}`}</p>} notifyLoaded={notify} />);
  expect(screen.getByText("Connecting to Azure DevOps…")).toBeTruthy();
  await act(async () => finish({ context: CONTEXT, services: 42 }));
  expect(screen.getByText("contoso 42")).toBeTruthy();
  expect(notified).toEqual([undefined]);
});

test("a failed connection shows its message and tells the host", async () => {
  const failure = new Error("The Azure DevOps page hosting this extension did not answer within 15 s.");
  const notified: (Error | undefined)[] = [];
  const notify = (error?: Error) => notified.push(error);
  const connect = () => Promise.reject(failure);
  await act(async () => {
    render(<HubRoot connect={connect} renderPage={() => <p>page</p>} notifyLoaded={notify} />);
  });
  expect(screen.getByTestId("root-error").textContent).toBe(failure.message);
  expect(notified).toEqual([failure]);
});

test("the organization hub opens on Setup, then Permissions (and no placeholder tabs) over every project", async () => {
  const source = coreBackedSource(smallOrgSnapshot(), { now: NOW });
  render(<OrgSettingsPage context={CONTEXT} services={{ auditSource: source }} />);
  expect(screen.getAllByRole("tab").map((tab) => tab.textContent)).toEqual(["Setup", "Permissions"]);
  expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("dbt Cloud");
  fireEvent.click(screen.getByRole("tab", { name: "Permissions" }));
  expect(screen.getByText(/for every project in contoso/)).toBeTruthy();
});

test("the project hub names its project", async () => {
  const source = coreBackedSource(smallOrgSnapshot(), { now: NOW });
  const context = { ...CONTEXT, project: { id: IDS.analytics, name: "Analytics" } };
  render(<ProjectSettingsPage context={context} services={{ auditSource: source }} />);
  expect(screen.getAllByRole("tab").map((tab) => tab.textContent)).toEqual(["Setup", "Permissions"]);
  expect(screen.getByText(/in the project Analytics\./)).toBeTruthy();
  fireEvent.click(screen.getByRole("tab", { name: "Permissions" }));
  fireEvent.change(screen.getByLabelText("Service user or service principal"), { target: { value: "svc-dbt@contoso.com" } });
  await act(async () => {
    fireEvent.click(screen.getByRole("button", { name: "Check permissions" }));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  expect(await screen.findByTestId("summary")).toBeTruthy();
});
