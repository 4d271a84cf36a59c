/**
 * @jest-environment jsdom
 */
/**
 * The Service hooks tab as the pages add it: present only with a hooks source, scoped to the page, and reading
 * with the dbt Cloud access URL and account id the Setup tab saved (a single-tenant host then counts as dbt
 * Cloud's); an invalid or unreadable saved value is not used.
 */
import { act, render, screen, waitFor } from "@testing-library/react";
import { analyzeHooks, type HooksSnapshot } from "../../../src/core/hooks/index";
import type { AuditSource } from "../../../src/hubs/data/auditSource";
import type { HubServices } from "../../../src/hubs/data/hubServices";
import { withLastReport, type HooksRead, type HooksReadOptions } from "../../../src/hubs/data/hooksSource";
import { hooksTabs } from "../../../src/hubs/hooks/hooksTab";
import { createSetupSettingsStore, emptySetupRecord, type SetupSettingsStore } from "../../../src/hubs/setup/setupRecord";
import type { HubContext } from "../../../src/sdk/init";
import { snapshot, subscription } from "../../core/hooks/builders";

const SINGLE_TENANT = "https://dbt.acme-internal.example/hooks/azure/1";

const context = (project?: { id: string; name: string }): HubContext => ({
  contributionId: "dbt-ado-doctor.dbt-ado-doctor.org-settings-hub",
  user: { id: "u", name: "admin@contoso.com", displayName: "Org Admin", descriptor: "aad.x" },
  organization: { id: "o", name: "contoso" },
  extension: { id: "dbt-ado-doctor.dbt-ado-doctor", publisherId: "dbt-ado-doctor", extensionId: "dbt-ado-doctor", version: "0.1.0" },
  project,
});

function hooksService(data: HooksSnapshot) {
  const reads: HooksReadOptions[] = [];
  const service = withLastReport({
    async read(options): Promise<HooksRead> {
      reads.push(options);
      return { snapshot: data, report: analyzeHooks(data, { accessUrl: options.accessUrl, dbtAccountId: options.dbtAccountId }) };
    },
    cleanUp: async () => {
      throw new Error("not used");
    },
  });
  return { service, reads };
}

function settings(fields: Partial<ReturnType<typeof emptySetupRecord>["fields"]> | Error): SetupSettingsStore {
  return {
    load: async () => {
      if (fields instanceof Error) throw fields;
      const record = emptySetupRecord();
      Object.assign(record.fields, fields);
      return record;
    },
    save: async (record) => record,
  };
}

const services = (extra: Partial<HubServices>): HubServices => ({ auditSource: {} as AuditSource, ...extra });

function renderTab(hub: HubServices, project?: { id: string; name: string }) {
  const [tab] = hooksTabs(context(project), hub, project ? "project" : "organization");
  render(tab!.render());
  return tab!;
}

test("no hooks source, no tab", () => {
  expect(hooksTabs(context(), services({}), "organization")).toEqual([]);
});

test("the saved access URL and account id are used: the single-tenant host is dbt Cloud's, links go to the account", async () => {
  const { service, reads } = hooksService(snapshot({ subscriptions: [subscription({ url: SINGLE_TENANT, status: "disabledBySystem" })] }));
  const tab = renderTab(services({ hooks: service, setupSettings: settings({ accessUrl: "dbt.acme-internal.example", accountId: "42" }) }));
  expect([tab.id, tab.name]).toEqual(["service-hooks", "Service hooks"]);
  await screen.findByTestId("hooks-summary");
  expect(reads.map((r) => [r.accessUrl, r.dbtAccountId])).toEqual([["dbt.acme-internal.example", "42"]]);
  expect(service.lastReport()!.dbtSubscriptions).toHaveLength(1);
  expect(service.lastReport()!.dbtSubscriptions[0]!.links.map((link) => link.url)).toContain(
    "https://dbt.acme-internal.example/settings/accounts/42/pages/projects",
  );
  expect(screen.getByTestId("hooks-summary").textContent).toMatch(/1 dbt Cloud subscription in every project in contoso/);
  expect(screen.getByRole("button", { name: /Filter by project/ })).toBeTruthy();
});

test.each([
  ["an access URL the core refuses", settings({ accessUrl: "login.dbt.com" })],
  ["settings that cannot be read", settings(new Error("403"))],
])("%s: read without it", async (_, store) => {
  const { service, reads } = hooksService(snapshot({ subscriptions: [subscription({ url: SINGLE_TENANT })] }));
  renderTab(services({ hooks: service, setupSettings: store }));
  await screen.findByTestId("hooks-summary");
  expect(reads.map((r) => r.accessUrl)).toEqual([undefined]);
  expect(service.lastReport()!.otherSubscriptions).toHaveLength(1);
});

test("the project hub: its project in the words, no project filter", async () => {
  const { service } = hooksService(snapshot({ subscriptions: [subscription()] }));
  renderTab(services({ hooks: service }), { id: "p", name: "Analytics" });
  await waitFor(() => expect(screen.getByTestId("hooks-summary").textContent).toMatch(/in the project Analytics/));
  expect(screen.queryByRole("button", { name: /Filter by project/ })).toBeNull();
});

test("the tab stays open while Setup saves a new access URL: it reads again with it", async () => {
  const { service, reads } = hooksService(snapshot({ subscriptions: [subscription({ url: SINGLE_TENANT })] }));
  const store = createSetupSettingsStore(inMemorySettings());
  renderTab(services({ hooks: service, setupSettings: store }));
  await screen.findByTestId("hooks-summary");
  expect(reads.map((r) => r.accessUrl)).toEqual([undefined]);
  const record = emptySetupRecord();
  record.fields.accessUrl = "dbt.acme-internal.example";
  await act(async () => {
    await store.save(record);
  });
  await waitFor(() => expect(reads.map((r) => r.accessUrl)).toEqual([undefined, "dbt.acme-internal.example"]));
  await waitFor(() => expect(service.lastReport()!.dbtSubscriptions).toHaveLength(1));
});

function inMemorySettings() {
  const values = new Map<string, unknown>();
  return {
    get: async <T,>(key: string) => values.get(key) as T | undefined,
    set: async <T,>(key: string, value: T) => {
      values.set(key, value);
      return value;
    },
  };
}
