/**
 * @jest-environment jsdom
 *
 * The line over the Service hooks tab: as severe as the worst finding, never "Nothing needs to be fixed" above a warning.
 */
import { Statuses } from "azure-devops-ui/Status";
import { summaryVerdict } from "../../../src/hubs/hooks/HooksSummary";

describe("summaryVerdict", () => {
  const finding = (severity: "error" | "warning" | "info") => ({ id: "hook-failing" as const, severity, message: "m" });

  test("it is never 'Nothing needs to be fixed' above a warning, and its icon is as severe as the worst finding", () => {
    expect(summaryVerdict({ findings: [] })).toEqual({ status: Statuses.Success, text: "Nothing needs to be fixed." });
    expect(summaryVerdict({ findings: [finding("info")] }).text).toBe("Nothing needs to be fixed.");
    expect(summaryVerdict({ findings: [finding("warning")] })).toEqual({
      status: Statuses.Warning,
      text: "Nothing is broken; 1 warning to look at.",
    });
    expect(summaryVerdict({ findings: [finding("error"), finding("warning"), finding("warning")] })).toEqual({
      status: Statuses.Failed,
      text: "1 problem to fix, 2 warnings.",
    });
  });
});
