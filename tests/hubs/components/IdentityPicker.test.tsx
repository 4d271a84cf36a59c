/**
 * @jest-environment jsdom
 */
/**
 * Picking the identity like Azure DevOps does: suggestions while typing (display name, sign-in name, kind) in an
 * ARIA combobox driven by the keyboard, a picked suggestion checked by its descriptor, and "did you mean"
 * candidates offered when the lookup refuses a loose or ambiguous match.
 */
import * as React from "react";
import { act, fireEvent, render, screen, within } from "@testing-library/react";
import { AdoError } from "../../../src/ado/http/errors";
import type { IdentitySuggestion } from "../../../src/hubs/data/auditSource";
import { PermissionsView } from "../../../src/hubs/components/PermissionsView";
import { SUGGEST_DELAY_MS } from "../../../src/hubs/components/useIdentitySuggestions";
import { coreBackedSource } from "../support/coreBackedSource";
import { NOW, smallOrgSnapshot } from "../support/smallOrg";

const SUGGESTIONS: IdentitySuggestion[] = [
  { displayName: "dbt Service User", principalName: "svc-dbt@contoso.com", kind: "user", subjectDescriptor: "aad.c3ZjLWRidA" },
  {
    displayName: "dbt Cloud app",
    principalName: "7c8d9e0f-1a2b-4c3d-8e4f-6a7b8c9d0e1f",
    kind: "servicePrincipal",
    subjectDescriptor: "aadsp.ZGJ0LWFwcA",
  },
];

function setup() {
  const snapshot = smallOrgSnapshot();
  const source = coreBackedSource(snapshot, { now: NOW });
  const asked: string[] = [];
  const looked: string[] = [];
  const resolve = source.resolveIdentity.bind(source);
  source.resolveIdentity = (query, signal) => {
    looked.push(query);
    // The descriptor of the picked user names the snapshot's identity.
    return resolve(query === SUGGESTIONS[0].subjectDescriptor ? snapshot.identity.principalName : query, signal);
  };
  source.suggestIdentities = async (text) => {
    asked.push(text);
    return SUGGESTIONS.filter((s) => [s.displayName, s.principalName].some((v) => v.toLowerCase().startsWith(text.toLowerCase())) || text === "dbt");
  };
  render(<PermissionsView source={source} scopeLabel="every project in contoso" />);
  return { asked, looked, input: screen.getByLabelText("Service user or service principal") as HTMLInputElement };
}

async function typeAndWait(input: HTMLInputElement, text: string): Promise<void> {
  fireEvent.change(input, { target: { value: text } });
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, SUGGEST_DELAY_MS + 20));
  });
}

test("typing suggests users and service principals with name, sign-in name and kind, in a combobox", async () => {
  const { asked, input } = setup();
  expect(input.getAttribute("role")).toBe("combobox");
  expect(input.getAttribute("aria-expanded")).toBe("false");
  await typeAndWait(input, "d");
  await typeAndWait(input, "db");
  await typeAndWait(input, "dbt");
  // One search per typing pause.
  expect(asked).toEqual(["d", "db", "dbt"]);
  const listbox = screen.getByRole("listbox", { name: "Suggested identities" });
  expect(input.getAttribute("aria-expanded")).toBe("true");
  expect(input.getAttribute("aria-controls")).toBe(listbox.id);
  const options = within(listbox).getAllByRole("option");
  expect(options.map((option) => option.textContent)).toEqual([
    "dbt Service UserUsersvc-dbt@contoso.com",
    "dbt Cloud appService principal7c8d9e0f-1a2b-4c3d-8e4f-6a7b8c9d0e1f",
  ]);
  expect(screen.getByTestId("identity-suggestions-status").textContent).toBe("2 suggestions, use the up and down arrow keys to choose");
});

test("arrows move the active option, Escape closes the list, Enter picks", async () => {
  const { input } = setup();
  await typeAndWait(input, "dbt");
  fireEvent.keyDown(input, { key: "ArrowDown" });
  const options = () => screen.getAllByRole("option");
  expect(input.getAttribute("aria-activedescendant")).toBe(options()[0].id);
  expect(options()[0].getAttribute("aria-selected")).toBe("true");
  fireEvent.keyDown(input, { key: "ArrowDown" });
  expect(input.getAttribute("aria-activedescendant")).toBe(options()[1].id);
  fireEvent.keyDown(input, { key: "ArrowUp" });
  expect(input.getAttribute("aria-activedescendant")).toBe(options()[0].id);

  fireEvent.keyDown(input, { key: "Escape" });
  expect(input.getAttribute("aria-expanded")).toBe("false");
  expect(input.getAttribute("aria-activedescendant")).toBeNull();

  fireEvent.keyDown(input, { key: "ArrowDown" });
  expect(input.getAttribute("aria-expanded")).toBe("true");
  fireEvent.keyDown(input, { key: "Enter" });
  expect(input.value).toBe("svc-dbt@contoso.com");
  expect(input.getAttribute("aria-expanded")).toBe("false");
});

test("a picked suggestion is checked by its descriptor; the box keeps the readable name", async () => {
  const { looked, input } = setup();
  await typeAndWait(input, "dbt");
  fireEvent.click(screen.getAllByRole("option")[0]);
  expect(input.value).toBe("svc-dbt@contoso.com");
  await act(async () => {
    fireEvent.click(screen.getByRole("button", { name: "Check permissions" }));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  await screen.findByTestId("summary");
  expect(looked).toEqual([SUGGESTIONS[0].subjectDescriptor]);
  expect(input.value).toBe("svc-dbt@contoso.com");

  // Edited after picking: what is typed is looked up as typed.
  fireEvent.change(input, { target: { value: "dbt Service User" } });
  await act(async () => {
    fireEvent.click(screen.getByRole("button", { name: "Check permissions" }));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  expect(looked[1]).toBe("dbt Service User");
});

test("when the lookup refuses a loose match, its candidates are offered and one press checks it", async () => {
  const snapshot = smallOrgSnapshot();
  const source = coreBackedSource(snapshot, { now: NOW });
  const resolve = source.resolveIdentity.bind(source);
  source.resolveIdentity = async (query, signal) => {
    if (query === "svc-db") {
      throw new AdoError("notFound", `No user or service principal named "svc-db" exactly.`, {
        candidates: [`${snapshot.identity.displayName} <${snapshot.identity.principalName}>`],
      });
    }
    return resolve(query, signal);
  };
  render(<PermissionsView source={source} scopeLabel="every project in contoso" />);
  fireEvent.change(screen.getByLabelText("Service user or service principal"), { target: { value: "svc-db" } });
  await act(async () => {
    fireEvent.click(screen.getByRole("button", { name: "Check permissions" }));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  const candidate = await screen.findByRole("button", { name: `${snapshot.identity.displayName} <${snapshot.identity.principalName}>` });
  await act(async () => {
    fireEvent.click(candidate);
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
  await screen.findByTestId("summary");
  expect((screen.getByLabelText("Service user or service principal") as HTMLInputElement).value).toBe(snapshot.identity.principalName);
});
