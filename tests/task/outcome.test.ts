/** The step's result from the findings and failOn: every combination that decides it. */
import type { AuditReport, Finding, PermissionResult } from "../../src/core/audit/report";
import { taskOutcome } from "../../src/task/outcome";

const allowed: PermissionResult = { effective: "allow", reason: "allowed", token: "t" };
const missing: PermissionResult = { effective: "notSet", reason: "nothing allows it", token: "t" };

function report(options: { missing?: boolean; disabledMissing?: boolean; findings?: Finding["severity"][] }): AuditReport {
  const findings = (options.findings ?? []).map((severity) => ({ id: "never-signed-in" as const, severity, message: severity }));
  const repository = (isDisabled: boolean, result: PermissionResult) => ({ id: "r", name: "r", isDisabled, permissions: { read: result } as never });
  return {
    schemaVersion: 1,
    organization: "contoso",
    identity: {
      displayName: "svc",
      principalName: "svc-dbt@contoso.com",
      kind: "user",
      subjectDescriptor: "s",
      descriptor: "d",
      accessLevel: "Basic",
      lastAccessedDate: null,
    },
    ok: !options.missing && !findings.some((f) => f.severity === "error"),
    findings,
    projects: [
      {
        id: "p",
        name: "Analytics",
        permissions: { view: allowed } as never,
        repositories: [repository(false, options.missing ? missing : allowed), repository(true, options.disabledMissing ? missing : allowed)],
      },
    ],
  };
}

test.each([
  // findings                                      failOn      result
  [{}, "errors", "Succeeded"],
  [{ findings: ["info"] }, "warnings", "Succeeded"],
  [{ disabledMissing: true }, "errors", "Succeeded"],
  [{ missing: true }, "errors", "Failed"],
  [{ findings: ["error"] }, "errors", "Failed"],
  [{ findings: ["warning"] }, "errors", "SucceededWithIssues"],
  [{ findings: ["warning"] }, "warnings", "Failed"],
  [{ missing: true }, "warnings", "Failed"],
  [{ missing: true, findings: ["error"] }, "never", "SucceededWithIssues"],
  [{ findings: ["warning"] }, "never", "SucceededWithIssues"],
] as const)("%j with failOn=%s: %s", (options, failOn, result) => {
  expect(taskOutcome(report(options as Parameters<typeof report>[0]), failOn).result).toBe(result);
});

test("the message counts what is wrong, for the step's summary line", () => {
  expect(taskOutcome(report({ missing: true, findings: ["warning", "error"] }), "errors").message).toBe(
    "svc-dbt@contoso.com: 1 required permission missing, 1 error finding, 1 warning (see the Tests tab and the run's summary)",
  );
  expect(taskOutcome(report({}), "errors").message).toBe("svc-dbt@contoso.com has every permission dbt Cloud needs");
});
