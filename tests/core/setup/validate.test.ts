import fc from "fast-check";
import {
  isoDateToInstant,
  validateAccountId,
  validateApplicationId,
  validateIsoDate,
  validateOrganizationName,
  validateTenantId,
  type Validation,
} from "../../../src/core/setup/validate";

function message<T>(result: Validation<T>): string {
  if (result.ok) throw new Error(`expected a failure, got ok: ${JSON.stringify(result.value)}`);
  return result.message;
}

const APP_ID = "3f2b8c1e-4d5a-4e6f-9a8b-7c6d5e4f3a2b";
// Shaped like a current Entra client secret Value (3 chars, "8Q~", 34 more); not a real one.
const SECRET_LIKE = "xYz8Q~abcdefghijklmnopqrstuvwxyz0123456.";

describe("validateApplicationId / validateTenantId", () => {
  it.each([
    [APP_ID, APP_ID],
    ["3F2B8C1E-4D5A-4E6F-9A8B-7C6D5E4F3A2B", APP_ID],
    [`  ${APP_ID}\n`, APP_ID],
    [`{${APP_ID}}`, APP_ID],
  ])("accepts %j as %s", (input, expected) => {
    expect(validateApplicationId(input)).toEqual({ ok: true, value: expected });
    expect(validateTenantId(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", /required/],
    ["   ", /required/],
    [undefined, /required/],
    ["not-a-guid", /must be a GUID/],
    ["3f2b8c1e-4d5a-4e6f-9a8b-7c6d5e4f3a2", /must be a GUID/],
    ["3f2b8c1e4d5a4e6f9a8b7c6d5e4f3a2b", /must be a GUID/],
    ["3f2b8c1e-4d5a-4e6f-9a8b-7c6d5e4f3a2g", /must be a GUID/],
    ["00000000-0000-0000-0000-000000000000", /all-zero/],
  ])("refuses %j with a message", (input, pattern) => {
    expect(message(validateApplicationId(input))).toMatch(pattern);
  });

  it("names the field and where to find it", () => {
    const text = message(validateApplicationId("nope"));
    expect(text).toContain("Application (client) ID");
    expect(text).toContain("Overview");
    expect(message(validateTenantId("nope"))).toContain("Directory (tenant) ID");
  });

  it("recognises a pasted client secret Value and never repeats it", () => {
    const text = message(validateApplicationId(SECRET_LIKE));
    expect(text).toMatch(/client secret/i);
    expect(text).not.toContain(SECRET_LIKE);
    expect(message(validateTenantId(SECRET_LIKE))).not.toContain(SECRET_LIKE);
  });

  it("does not repeat a non-GUID input either (it may be an older-format secret)", () => {
    const oldFormat = "Bx2nW1kq9ZpLr3Tm5Vh7Yc0Df4Gj6Ks8"; // 32 characters, no "~"
    expect(message(validateApplicationId(oldFormat))).not.toContain(oldFormat);
  });

  it("explains that dbt wants the tenant GUID, not a domain", () => {
    expect(message(validateTenantId("contoso.onmicrosoft.com"))).toMatch(/domain name.*Directory \(tenant\) ID/);
  });

  it("accepts every GUID and returns it lower-case", () => {
    fc.assert(
      fc.property(fc.uuid(), fc.boolean(), (uuid, upper) => {
        fc.pre(uuid !== "00000000-0000-0000-0000-000000000000");
        const input = upper ? uuid.toUpperCase() : uuid;
        expect(validateApplicationId(input)).toEqual({ ok: true, value: uuid.toLowerCase() });
      }),
    );
  });
});

describe("validateOrganizationName", () => {
  it.each(["my-devops-org", "a", "Contoso", "org1", "a-b-c", "x".repeat(50)])("accepts %j unchanged", (name) => {
    expect(validateOrganizationName(name)).toEqual({ ok: true, value: name });
  });

  it("trims surrounding spaces", () => {
    expect(validateOrganizationName("  contoso ")).toEqual({ ok: true, value: "contoso" });
  });

  it.each([
    "dev.azure.com/my-devops-org",
    "https://dev.azure.com/my-devops-org",
    "https://dev.azure.com/my-devops-org/",
    "http://user@dev.azure.com/my-devops-org/Project",
    "DEV.AZURE.COM/my-devops-org",
  ])("refuses %j, explains the bare name rule and suggests the name", (input) => {
    const text = message(validateOrganizationName(input));
    expect(text).toContain("dev.azure.com/");
    expect(text).toContain("bare organization name");
    expect(text).toContain('Type "my-devops-org" instead');
  });

  it("refuses a visualstudio.com host and suggests the name", () => {
    const text = message(validateOrganizationName("https://my-devops-org.visualstudio.com/"));
    expect(text).toContain('Type "my-devops-org" instead');
  });

  it.each([
    ["", /required/],
    ["-contoso", /start or end with a hyphen/],
    ["contoso-", /start or end with a hyphen/],
    ["x".repeat(51), /at most 50 characters; this one has 51/],
    ["my org", /only letters, digits and hyphens/],
    ["my_org", /only letters, digits and hyphens/],
    ["contoso.com", /URL or host name/],
  ])("refuses %j", (input, pattern) => {
    expect(message(validateOrganizationName(input))).toMatch(pattern);
  });

  it("accepts exactly the names the organization rule allows", () => {
    const chars = [..."abcXYZ019", "-", "_", ".", " ", "/", "é"];
    const rule = (name: string): boolean =>
      name.length >= 1 && name.length <= 50 && [...name].every((c) => /[A-Za-z0-9-]/.test(c)) && !name.startsWith("-") && !name.endsWith("-");
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...chars), maxLength: 60 }), (raw) => {
        const result = validateOrganizationName(raw);
        expect(result.ok).toBe(rule(raw.trim()));
      }),
      { numRuns: 500 },
    );
  });
});

describe("validateAccountId", () => {
  it.each([
    ["12345", 12345],
    [" 7 ", 7],
    [42, 42],
    ["0042", 42],
  ])("accepts %j as %d", (input, expected) => {
    expect(validateAccountId(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", /required/],
    ["0", /positive/],
    [0, /positive/],
    ["-1", /positive whole number/],
    [-1, /positive whole number/],
    ["1.5", /positive whole number/],
    [1.5, /positive whole number/],
    ["abc", /positive whole number/],
    ["99999999999999999999", /too large/],
  ])("refuses %j", (input, pattern) => {
    expect(message(validateAccountId(input))).toMatch(pattern);
  });

  it("points at the id inside a pasted dbt Cloud URL", () => {
    const text = message(validateAccountId("https://cloud.getdbt.com/settings/accounts/70403/pages/projects"));
    expect(text).toContain('"70403"');
  });
});

describe("validateIsoDate", () => {
  it.each([
    ["2027-03-14", "2027-03-14"],
    ["2028-02-29", "2028-02-29"],
    ["2027-03-14T09:30:00Z", "2027-03-14T09:30:00.000Z"],
    ["2027-03-14T09:30:00+02:00", "2027-03-14T07:30:00.000Z"],
    ["2027-03-14T09:30Z", "2027-03-14T09:30:00.000Z"],
    ["2027-03-14T09:30:00.123456Z", "2027-03-14T09:30:00.123Z"],
    ["2027-03-14T09:30:00.1Z", "2027-03-14T09:30:00.100Z"],
    ["2027-03-14T00:15:00-05:30", "2027-03-14T05:45:00.000Z"],
    ["2027-03-14t09:30:00z", "2027-03-14T09:30:00.000Z"],
    ["0099-03-14T09:30:00Z", "0099-03-14T09:30:00.000Z"],
  ])("accepts %j as %s", (input, expected) => {
    expect(validateIsoDate(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["", /required/],
    ["2027-02-29", /not a real calendar date/],
    ["2027-04-31", /not a real calendar date/],
    ["2027-13-01", /not a real calendar date/],
    ["2027-00-10", /not a real calendar date/],
    ["3/14/2027", /not an ISO date/],
    ["14.03.2027", /not an ISO date/],
    ["2027-3-14", /not an ISO date/],
    ["2027-03-14T09:30:00", /not an ISO date/],
    ["2027-03-14T24:00:00Z", /impossible time/],
    ["2027-03-14T10:60:00Z", /impossible time/],
    ["2027-03-14T10:00:00+24:00", /impossible time zone offset/],
    ["1900-02-29", /not a real calendar date/],
  ])("refuses %j", (input, pattern) => {
    const text = message(validateIsoDate(input, "Client secret expiry date"));
    expect(text).toMatch(pattern);
    expect(text).toContain("Client secret expiry date");
    expect(text).toContain("YYYY-MM-DD");
  });

  it("reads a date-only value as the start of that day in UTC", () => {
    expect(isoDateToInstant("2027-03-14").toISOString()).toBe("2027-03-14T00:00:00.000Z");
    expect(isoDateToInstant("2027-03-14T07:30:00.000Z").toISOString()).toBe("2027-03-14T07:30:00.000Z");
  });

  it("round-trips every real date", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }), (date) => {
        const day = date.toISOString().slice(0, 10);
        expect(validateIsoDate(day)).toEqual({ ok: true, value: day });
        expect(validateIsoDate(date.toISOString())).toEqual({ ok: true, value: date.toISOString() });
      }),
    );
  });
});
