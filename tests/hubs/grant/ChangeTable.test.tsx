/**
 * @jest-environment jsdom
 */
/**
 * The grant panel's list of changes reads as names (permissions, projects, repositories, groups); the security
 * token, bit mask and descriptors of a change show only in its "Details" row. The plan is the real planner's
 * for the small test organization.
 */
import "../support/textEncoding";
import * as React from "react";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { planGrants } from "../../../src/core/grant/planner";
import { ChangeTable } from "../../../src/hubs/grant/ChangeTable";
import { NOW, grantTestOrg } from "../support/grantHub";

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

function renderPlan() {
  const plan = planGrants(grantTestOrg(), { scope: "project", now: NOW });
  render(<ChangeTable changes={plan.changes} statuses={plan.changes.map(() => "planned")} />);
  return { plan, rows: screen.getAllByTestId("grant-change") };
}

test("each change names what it grants and where, without tokens, bit masks or descriptors", () => {
  const { plan, rows } = renderPlan();
  expect(rows).toHaveLength(plan.changes.length);
  plan.changes.forEach((change, index) => {
    const text = rows[index].textContent ?? "";
    expect(text).not.toMatch(GUID);
    expect(text).not.toMatch(/allow bits|repoV2|PublisherSecurity/);
    if (change.kind === "ace") expect(change.reason).toMatch(/repoV2|PublisherSecurity/);
  });
  // A repository-level change says which repository, by name, and why not higher up.
  const repositoryChange = plan.changes.findIndex((change) => change.kind === "ace" && change.level === "repository");
  const change = plan.changes[repositoryChange];
  expect(change.kind === "ace" && change.repositoryName).toBeTruthy();
  const reason = within(rows[repositoryChange]).getByTestId("grant-change-reason").textContent ?? "";
  expect(reason).toContain(change.kind === "ace" ? `${change.projectName} / ${change.repositoryName}` : "");
  expect(reason).toContain("inheritance is switched off");
});

test("Details opens the change's token, bits and descriptor, and closes again", () => {
  const { plan, rows } = renderPlan();
  const index = plan.changes.findIndex((change) => change.kind === "ace");
  const change = plan.changes[index];
  if (change.kind !== "ace") throw new Error("the plan has an ACE change");
  expect(within(rows[index]).queryByTestId("grant-change-details")).toBeNull();

  const toggle = within(rows[index]).getByRole("button", { name: `Details of change ${index + 1}` });
  expect(toggle.getAttribute("aria-expanded")).toBe("false");
  fireEvent.click(toggle);
  const row = screen.getAllByTestId("grant-change")[index];
  const details = within(row).getByTestId("grant-change-details");
  expect(
    within(row)
      .getByRole("button", { name: `Details of change ${index + 1}` })
      .getAttribute("aria-expanded"),
  ).toBe("true");
  expect(details.textContent).toContain(change.token);
  expect(details.textContent).toContain(String(change.allow));
  expect(details.textContent).toContain(change.descriptor);
  expect(details.textContent).toContain(change.namespaceId);

  fireEvent.click(within(row).getByRole("button", { name: `Details of change ${index + 1}` }));
  expect(within(screen.getAllByTestId("grant-change")[index]).queryByTestId("grant-change-details")).toBeNull();
});

test("a membership's details show the group's and the member's descriptors", () => {
  const { plan, rows } = renderPlan();
  const index = plan.changes.findIndex((change) => change.kind === "membership");
  const change = plan.changes[index];
  if (change.kind !== "membership") throw new Error("the plan has a membership");
  expect(rows[index].textContent).toContain(`Add to ${change.groupName}`);
  fireEvent.click(within(rows[index]).getByRole("button", { name: `Details of change ${index + 1}` }));
  const details = within(screen.getAllByTestId("grant-change")[index]).getByTestId("grant-change-details");
  expect(details.textContent).toContain(change.groupDescriptor);
  expect(details.textContent).toContain(change.memberSubjectDescriptor);
});
