import { entitlementFindings } from "../../../src/core/audit/findings";
import { entitlement, identity } from "../builders";

const NOW = new Date("2026-06-01T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60 * 1000).toISOString();

function findingsFor(overrides: Parameters<typeof entitlement>[0] | undefined, kind: "user" | "servicePrincipal" = "user") {
  return entitlementFindings(identity({ kind, entitlement: overrides === undefined ? undefined : entitlement(overrides) }), NOW);
}

describe("entitlement findings", () => {
  it("reports nothing for an active Basic user seen recently", () => {
    expect(findingsFor({ lastAccessedDate: daysAgo(3) })).toEqual([]);
  });

  it("flags Stakeholder as an error telling the admin to assign Basic", () => {
    const findings = findingsFor({ accessLevel: "stakeholder", licenseDisplayName: "Stakeholder", lastAccessedDate: daysAgo(1) });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ id: "stakeholder-access-level", severity: "error" });
    expect(findings[0].message).toMatch(/Assign it Basic/);
    expect(findings[0].message).toContain("svc-dbt@contoso.com");
  });

  it("flags a non-active entitlement as an error", () => {
    const findings = findingsFor({ status: "disabled", lastAccessedDate: daysAgo(1) });
    expect(findings.map((f) => [f.id, f.severity])).toEqual([["entitlement-not-active", "error"]]);
    expect(findings[0].message).toContain('"disabled"');
    expect(findingsFor({ status: "Active", lastAccessedDate: daysAgo(1) })).toEqual([]);
  });

  it.each([
    [74, []],
    [76, [["inactive-service-user", "warning"]]],
    [89, [["inactive-service-user", "warning"]]],
    [91, [["inactive-service-user", "error"]]],
  ])("after %i days without access reports %j", (days, expected) => {
    const findings = findingsFor({ lastAccessedDate: daysAgo(days) });
    expect(findings.map((f) => [f.id, f.severity])).toEqual(expected);
    if (findings.length > 0) {
      expect(findings[0].message).toContain(`${days} days`);
      expect(findings[0].message).toMatch(/90 days/);
      expect(findings[0].message).toMatch(/reconnect/);
    }
  });

  it("tells how many days are left before the 90-day limit", () => {
    expect(findingsFor({ lastAccessedDate: daysAgo(80) })[0].message).toContain("within 10 days");
  });

  it("does not hold a service principal to the OAuth 90-day limit, but warns past 90 days unused", () => {
    const findings = findingsFor({ lastAccessedDate: daysAgo(120) }, "servicePrincipal");
    expect(findings.map((f) => [f.id, f.severity])).toEqual([["inactive-service-principal", "warning"]]);
    expect(findings[0].message).toContain("120 days");
    expect(findings[0].message).toMatch(/another identity/);
    expect(findingsFor({ lastAccessedDate: daysAgo(89) }, "servicePrincipal")).toEqual([]);
    expect(findingsFor({ lastAccessedDate: daysAgo(74) }, "servicePrincipal")).toEqual([]);
  });

  it("never reports never-signed-in for a service principal", () => {
    expect(findingsFor({ lastAccessedDate: null }, "servicePrincipal")).toEqual([]);
  });

  it("still checks access level and entitlement status of a service principal", () => {
    const findings = findingsFor({ accessLevel: "stakeholder", status: "disabled", lastAccessedDate: daysAgo(200) }, "servicePrincipal");
    expect(findings.map((f) => f.id)).toEqual(["stakeholder-access-level", "entitlement-not-active", "inactive-service-principal"]);
  });

  it("warns when the identity never signed in, instead of counting days", () => {
    const findings = findingsFor({ lastAccessedDate: null });
    expect(findings.map((f) => [f.id, f.severity])).toEqual([["never-signed-in", "warning"]]);
    expect(findings[0].message).toMatch(/Sign in once/);
  });

  it("warns when the entitlement could not be read", () => {
    const findings = findingsFor(undefined);
    expect(findings.map((f) => [f.id, f.severity])).toEqual([["entitlement-unknown", "warning"]]);
  });

  it("reports every problem at once", () => {
    const findings = findingsFor({ accessLevel: "stakeholder", status: "pending", lastAccessedDate: daysAgo(200) });
    expect(findings.map((f) => f.id)).toEqual(["stakeholder-access-level", "entitlement-not-active", "inactive-service-user"]);
  });

  it("rejects an unreadable date or clock", () => {
    expect(() => findingsFor({ lastAccessedDate: "yesterday" })).toThrow(/Invalid lastAccessedDate "yesterday"/);
    expect(() => entitlementFindings(identity(), new Date("nope"))).toThrow(/valid `now`/);
  });
});
