/**
 * @jest-environment jsdom
 */
import * as React from "react";
import { render, screen, within } from "@testing-library/react";
import { ReasonPanel } from "../../../src/hubs/components/ReasonPanel";
import { permissionByKey } from "../../../src/core/permissions/catalogue";
import type { PermissionResult, ProjectAudit, ReportIdentity } from "../../../src/core/audit/report";

const identity: ReportIdentity = {
  displayName: "dbt Service User",
  principalName: "svc-dbt@contoso.com",
  kind: "user",
  subjectDescriptor: "aad.c3ZjLWRidA",
  descriptor: "Microsoft.IdentityModel.Claims.ClaimsIdentity;tenant\\svc-dbt@contoso.com",
  accessLevel: "express",
  lastAccessedDate: null,
};

function panelFor(result: PermissionResult) {
  const project = { id: "p1", name: "HR", permissions: {}, repositories: [] } as unknown as ProjectAudit;
  render(
    <ReasonPanel selection={{ permission: permissionByKey("GENERIC_READ"), result, project }} identity={identity} onDismiss={() => undefined} />,
  );
  return screen.findByTestId("reason-panel");
}

const base: PermissionResult = {
  effective: "allow",
  reason: "Allowed through [HR]\\Readers.",
  token: "$PROJECT:vstfs:///Classification/TeamProject/p1",
};

describe("the reason panel and Azure DevOps' own answer", () => {
  test("a cell the service agrees with says it is confirmed by Azure DevOps", async () => {
    const panel = await panelFor({ ...base, verification: "confirmed" });
    expect(within(panel).getByTestId("reason-verification").textContent).toBe("Confirmed by Azure DevOps: its own evaluation gives the same answer.");
  });

  test("a mismatch shows the service's answer and names what the ACLs alone gave", async () => {
    const panel = await panelFor({ ...base, verification: "mismatch", localEffective: "notSet" });
    expect(panel.querySelector("[data-effective]")?.getAttribute("data-effective")).toBe("allow");
    expect(within(panel).getByTestId("reason-verification").textContent).toMatch(/differs, and it is the one shown.*this tool found: not set\.$/);
  });

  test("without a second opinion nothing is claimed", async () => {
    const panel = await panelFor(base);
    expect(within(panel).queryByTestId("reason-verification")).toBeNull();
  });
});
