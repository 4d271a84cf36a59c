import { AdoError } from "../../src/ado/http/errors";
import { parseOrganization } from "../../src/ado/organization";

function usageError(input: string): AdoError {
  try {
    parseOrganization(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AdoError);
    expect((error as AdoError).kind).toBe("usage");
    return error as AdoError;
  }
  throw new Error(`parseOrganization(${JSON.stringify(input)}) did not throw`);
}

describe("parseOrganization", () => {
  it.each([
    ["contoso", "contoso", "https://dev.azure.com/contoso/"],
    ["  contoso  ", "contoso", "https://dev.azure.com/contoso/"],
    ["https://dev.azure.com/contoso", "contoso", "https://dev.azure.com/contoso/"],
    ["https://dev.azure.com/contoso/", "contoso", "https://dev.azure.com/contoso/"],
    ["https://dev.azure.com/contoso/Analytics/_git/dbt-models", "contoso", "https://dev.azure.com/contoso/"],
    ["https://contoso.visualstudio.com", "contoso", "https://contoso.visualstudio.com/"],
    ["https://contoso.visualstudio.com/DefaultCollection", "contoso", "https://contoso.visualstudio.com/"],
    ["http://127.0.0.1:4711/contoso", "contoso", "http://127.0.0.1:4711/contoso/"],
    ["http://localhost:8080/tfs/fabrikam-2/", "fabrikam-2", "http://localhost:8080/tfs/fabrikam-2/"],
  ])("%s -> %s at %s", (input, name, url) => {
    expect(parseOrganization(input)).toEqual({ name, url });
  });

  it("accepts names of exactly 1 and 50 characters", () => {
    expect(parseOrganization("a").name).toBe("a");
    const fifty = "a".repeat(49) + "b";
    expect(parseOrganization(fifty).name).toBe(fifty);
  });

  it.each(["-contoso", "contoso-", "con_toso", "con toso", "a".repeat(51), "contoso.com", "cöntoso"])(
    "rejects the organization name %j with a usage error naming the rule",
    (input) => {
      expect(usageError(input).message).toMatch(/letters, digits or hyphens/);
    },
  );

  it("rejects an empty value", () => {
    expect(usageError("   ").message).toMatch(/No organization/);
  });

  it("rejects a URL without an organization in its path", () => {
    expect(usageError("https://dev.azure.com/").message).toMatch(/no organization in its path/);
  });

  it("rejects an invalid organization segment in a URL", () => {
    expect(usageError("http://127.0.0.1:4711/-bad-").message).toMatch(/"-bad-"/);
  });

  it("never echoes the credentials of a URL it refuses", () => {
    for (const input of [
      "https://me:SECRETPAT@dev.azure.com/contoso",
      "https://SECRETPAT@dev.azure.com/contoso",
      "ftp://me:SECRETPAT@dev.azure.com/contoso",
    ]) {
      const message = usageError(input).message;
      expect(message).not.toContain("SECRETPAT");
      expect(message).toContain("***@dev.azure.com/contoso");
    }
  });

  it("rejects URLs with credentials and other schemes", () => {
    expect(usageError("https://user:secret@dev.azure.com/contoso").message).toMatch(/AZURE_DEVOPS_EXT_PAT/);
    expect(usageError("ftp://dev.azure.com/contoso").message).toMatch(/http\(s\)/);
  });
});
