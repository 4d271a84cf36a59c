/**
 * @jest-environment jsdom
 *
 * The Setup tab's "connect the organization to the app's tenant" step from the tenant the page read: compared
 * with the Directory (tenant) ID typed, "not connected" when Azure DevOps says so, and, when the browser cannot
 * read the answer, "unknown" saying so, with the link to the organization's Microsoft Entra page.
 */
import * as React from "react";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import type { OrganizationTenant } from "../../../src/flows";
import type { TenantSource } from "../../../src/hubs/data/tenantSource";
import { SetupView } from "../../../src/hubs/setup/SetupView";
import { ORG, TENANT } from "../support/setupFixtures";

const NOW = new Date("2026-06-01T12:00:00Z");
const OTHER_TENANT = "0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";

async function renderWith(answer: OrganizationTenant | undefined): Promise<{ reads: number }> {
  const counter = { reads: 0 };
  const tenant: TenantSource | undefined = answer && {
    read: async () => {
      counter.reads++;
      return answer;
    },
  };
  render(<SetupView organization={ORG} scopeLabel="every project in contoso" now={() => NOW} tenant={tenant} />);
  await act(async () => undefined);
  return counter;
}

const directory = () => document.querySelector<HTMLElement>('[data-step="connect-directory"]')!;
const why = () => within(directory()).getByTestId("step-why").textContent ?? "";

test("the tenant read matches the typed Directory (tenant) ID: done; another tenant: a problem", async () => {
  const counter = await renderWith({ state: "connected", tenantId: TENANT });
  expect(counter.reads).toBe(1);
  expect(directory().dataset.state).toBe("done");
  fireEvent.change(screen.getByLabelText("Directory (tenant) ID"), { target: { value: TENANT } });
  expect(directory().dataset.state).toBe("done");
  expect(why()).toContain(`Connected to tenant ${TENANT}, the app's tenant.`);
  fireEvent.change(screen.getByLabelText("Directory (tenant) ID"), { target: { value: OTHER_TENANT } });
  expect(directory().dataset.state).toBe("problem");
  expect(why()).toContain(`connected to tenant ${TENANT}, but the Entra app's Directory (tenant) ID is ${OTHER_TENANT}`);
});

test("an organization not connected to Entra ID is a step to do", async () => {
  await renderWith({ state: "notConnected" });
  expect(directory().dataset.state).toBe("todo");
  expect(why()).toContain("not connected to any Microsoft Entra ID directory");
});

test("a tenant the browser cannot read is unknown, says so, and links the Microsoft Entra page", async () => {
  await renderWith({ state: "unreadable", reason: "the service's X-VSS-ResourceTenant header is not readable from this page" });
  expect(directory().dataset.state).toBe("unknown");
  expect(why()).toContain("could not be read here: the service's X-VSS-ResourceTenant header is not readable from this page.");
  expect(directory().querySelector('[data-link="ado.organizationAad"] a')?.getAttribute("href")).toBe(
    "https://dev.azure.com/contoso/_settings/organizationAad",
  );
});

test("without a tenant source the step is unknown as not read", async () => {
  await renderWith(undefined);
  expect(directory().dataset.state).toBe("unknown");
  expect(why()).toBe("The organization's Microsoft Entra ID connection was not read. Check it on the page below, then confirm it here.");
});
