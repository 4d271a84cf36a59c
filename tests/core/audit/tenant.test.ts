import { tenantFindings } from "../../../src/core/audit/tenant";
import { parseResourceTenant } from "../../../src/ado/read/resource-tenant";

const APP_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const OTHER = "c0ffee00-1234-4abc-8def-0123456789ab";

describe("tenantFindings", () => {
  it("finds nothing when the organization is connected to the app's tenant, whatever the case", () => {
    expect(tenantFindings(APP_TENANT.toUpperCase(), APP_TENANT)).toEqual([]);
  });
  it("reports a mismatch naming both tenants", () => {
    const [finding, ...rest] = tenantFindings(APP_TENANT, OTHER);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ id: "tenant-mismatch", severity: "error" });
    expect(finding.message).toContain(APP_TENANT);
    expect(finding.message).toContain(OTHER);
  });
  it("reports an organization not connected to Entra ID", () => {
    expect(tenantFindings(APP_TENANT, null).map((f) => [f.id, f.severity])).toEqual([["organization-not-connected-to-entra", "error"]]);
  });
  it("compares nothing when the organization's tenant could not be read", () => {
    expect(tenantFindings(APP_TENANT, undefined)).toEqual([]);
  });
});

describe("parseResourceTenant (the X-VSS-ResourceTenant header)", () => {
  it("reads one tenant, lower-cased", () => {
    expect(parseResourceTenant(APP_TENANT.toUpperCase())).toBe(APP_TENANT);
  });
  it("reads all zeros as not connected, and takes the first real tenant of a list", () => {
    expect(parseResourceTenant("00000000-0000-0000-0000-000000000000")).toBeNull();
    expect(parseResourceTenant(`00000000-0000-0000-0000-000000000000, ${OTHER}`)).toBe(OTHER);
  });
  it("gives undefined when the header is missing or unreadable", () => {
    expect(parseResourceTenant(null)).toBeUndefined();
    expect(parseResourceTenant("garbage")).toBeUndefined();
  });
});
