import { parityRows, toIsComplete } from "../../../src/core/audit/parity";
import type { AuditReport, PermissionResult } from "../../../src/core/audit/report";

const cell = (effective: PermissionResult["effective"]): PermissionResult => ({ effective, reason: "", token: "t" });

function report(project: PermissionResult["effective"], repo: PermissionResult["effective"], disabledRepo = false): AuditReport {
  return {
    schemaVersion: 1,
    organization: "contoso",
    identity: {} as AuditReport["identity"],
    ok: false,
    findings: [],
    projects: [
      {
        id: "p1",
        name: "Analytics",
        permissions: { GENERIC_READ: cell(project) } as AuditReport["projects"][number]["permissions"],
        repositories: [
          { id: "r1", name: "dbt-models", isDisabled: false, permissions: { GenericRead: cell(repo) } as never },
          { id: "r2", name: "old", isDisabled: disabledRepo, permissions: { GenericRead: cell("notSet") } as never },
        ],
      },
    ],
  };
}

describe("parityRows", () => {
  it("puts both identities' verdicts side by side per project and repository, skipping disabled repositories", () => {
    const rows = parityRows(report("allow", "allow", true), report("notSet", "deny", true));
    expect(rows).toEqual([
      { project: "Analytics", permission: "GENERIC_READ", from: "allow", to: "notSet" },
      { project: "Analytics", repository: "dbt-models", permission: "GenericRead", from: "allow", to: "deny" },
    ]);
    expect(toIsComplete(rows)).toBe(false);
  });

  it("is complete only when the new identity has every permission", () => {
    expect(toIsComplete(parityRows(report("notSet", "notSet", true), report("allow", "allow", true)))).toBe(true);
  });
});
