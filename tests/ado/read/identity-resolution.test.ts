import { AdoError } from "../../../src/ado/http/errors";
import { classifyIdentityQuery, pickIdentity, selectorFor, toIdentityRef } from "../../../src/ado/read/identity-resolution";
import type { WireIdentity } from "../../../src/ado/rest/wire";

const TENANT = "72f1c3a1-0b6e-4d2a-9c1e-5b8a2f3d4e60";

function user(upn: string, displayName: string, id = upn): WireIdentity {
  return {
    id,
    descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT}\\${upn}`,
    subjectDescriptor: `aad.${Buffer.from(id).toString("base64url")}`,
    providerDisplayName: displayName,
    isActive: true,
    properties: { Account: { $type: "System.String", $value: upn }, Mail: { $type: "System.String", $value: upn } },
  };
}

const group: WireIdentity = {
  id: "g1",
  descriptor: "Microsoft.TeamFoundation.Identity;S-1-9-1551374245-1-2-3-4-5",
  providerDisplayName: "[Analytics]\\dbt Service Users",
  isContainer: true,
};

describe("classifyIdentityQuery", () => {
  it.each([
    ["svc-dbt@contoso.com", "search"],
    ["dbt Service User", "search"],
    ["john.doe", "search"],
    [`Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT}\\svc-dbt@contoso.com`, "descriptor"],
    [`Microsoft.VisualStudio.Services.Claims.AadServicePrincipal;${TENANT}\\55c8c7b6-7ace-43bc-918f-304dfa2b6317`, "descriptor"],
    ["aad.MDA0NzBlMzQtZGE2MS03YTY5LWJkOTYtNDg3YTg0OWVjNTU4", "subjectDescriptor"],
    ["aadsp.NTVjOGM3YjYtN2FjZS00M2JjLTkxOGYtMzA0ZGZhMmI2MzE3", "subjectDescriptor"],
    ["msa.MDA0NzBlMzQtZGE2MS03YTY5", "subjectDescriptor"],
  ])("%s is looked up by %s", (query, by) => {
    expect(classifyIdentityQuery(query).by).toBe(by);
  });

  it.each([
    ["vssgp.Uy0xLTktMTU1MTM3NDI0NS0yMzIzNzQ4ODEw", /group/],
    ["Microsoft.TeamFoundation.Identity;S-1-9-1551374245-1-2", /group descriptor/],
    ["Microsoft.TeamFoundation.ServiceIdentity;abc:Build:def", /service identity/],
    ["   ", /No identity given/],
  ])("rejects %s as a usage error", (query, message) => {
    expect(() => classifyIdentityQuery(query)).toThrow(message);
    try {
      classifyIdentityQuery(query);
    } catch (error) {
      expect((error as AdoError).kind).toBe("usage");
    }
  });

  it("maps each kind to the Identities API selector", () => {
    expect(selectorFor({ by: "search", value: "x" })).toEqual({ searchFilter: "General", filterValue: "x" });
    expect(selectorFor({ by: "subjectDescriptor", value: "aad.x" })).toEqual({ subjectDescriptors: ["aad.x"] });
    expect(selectorFor({ by: "descriptor", value: "A.B;c" })).toEqual({ descriptors: ["A.B;c"] });
  });
});

describe("pickIdentity", () => {
  const svc = user("svc-dbt@contoso.com", "dbt Service User");
  const svcTest = user("svc-dbt-test@contoso.com", "dbt Service User (test)");
  const alice = user("alice@contoso.com", "Alice");
  const alice2 = user("alice@fabrikam.com", "Alice");

  it("returns the only principal that matches exactly, ignoring groups", () => {
    expect(pickIdentity("svc-dbt@contoso.com", [group, svc], "contoso")).toBe(svc);
    expect(pickIdentity("DBT SERVICE USER", [group, svc], "contoso")).toBe(svc);
  });

  it("never picks a loose match, even the only one: did you mean, with choices that name each exactly", () => {
    let error: AdoError | undefined;
    try {
      pickIdentity("dbt Serv", [group, svc], "contoso");
    } catch (caught) {
      error = caught as AdoError;
    }
    expect(error?.kind).toBe("ambiguous");
    expect(error?.message).toBe(
      'No identity in contoso is exactly "dbt Serv"; did you mean dbt Service User <svc-dbt@contoso.com>? Pass the sign-in name (UPN), the full display name or a descriptor.',
    );
    expect(error?.choices).toEqual([{ label: "dbt Service User <svc-dbt@contoso.com>", query: svc.descriptor }]);
    // The choice's query resolves to exactly that identity.
    expect(pickIdentity(error!.choices![0].query, [svc], "contoso", "descriptor")).toBe(svc);
  });

  it("offers every loose match when several match loosely", () => {
    expect(() => pickIdentity("dbt", [svcTest, svc], "contoso")).toThrow(
      /did you mean dbt Service User \(test\) <svc-dbt-test@contoso.com> or dbt Service User <svc-dbt@contoso.com>\?/,
    );
  });

  it("accepts the one result of a descriptor lookup", () => {
    expect(pickIdentity("aad.x", [svc], "contoso", "subjectDescriptor")).toBe(svc);
  });

  it("prefers the exact sign-in name among several matches", () => {
    expect(pickIdentity("SVC-DBT@contoso.com", [svcTest, svc], "contoso")).toBe(svc);
  });

  it("prefers the exact display name among several matches", () => {
    expect(pickIdentity("dbt service user", [svcTest, svc], "contoso")).toBe(svc);
  });

  it("reports ambiguity with 'Name <upn>' candidates", () => {
    let error: AdoError | undefined;
    try {
      pickIdentity("Alice", [alice, alice2], "contoso");
    } catch (caught) {
      error = caught as AdoError;
    }
    expect(error?.kind).toBe("ambiguous");
    expect(error?.candidates).toEqual(["Alice <alice@contoso.com>", "Alice <alice@fabrikam.com>"]);
    expect(error?.message).toContain('"Alice" matches 2 identities in contoso');
  });

  it("reports notFound, and says when only groups matched", () => {
    expect(() => pickIdentity("nobody", [], "contoso")).toThrow(/No user or service principal matching "nobody" was found in contoso\./);
    expect(() => pickIdentity("dbt", [group], "contoso")).toThrow(/only groups match it/);
  });
});

describe("toIdentityRef", () => {
  it("reads the identity's names, kind and descriptors", () => {
    expect(toIdentityRef(user("svc-dbt@contoso.com", "dbt Service User", "81fa"))).toEqual({
      id: "81fa",
      displayName: "dbt Service User",
      principalName: "svc-dbt@contoso.com",
      kind: "user",
      descriptor: `Microsoft.IdentityModel.Claims.ClaimsIdentity;${TENANT}\\svc-dbt@contoso.com`,
      subjectDescriptor: `aad.${Buffer.from("81fa").toString("base64url")}`,
      isActive: true,
    });
  });

  it("recognises a service principal and accepts the object form of a descriptor", () => {
    const ref = toIdentityRef({
      id: "sp1",
      descriptor: { identityType: "Microsoft.VisualStudio.Services.Claims.AadServicePrincipal", identifier: `${TENANT}\\55c8c7b6` },
      providerDisplayName: "dbt-cloud-sp",
    });
    expect(ref.kind).toBe("servicePrincipal");
    expect(ref.descriptor).toBe(`Microsoft.VisualStudio.Services.Claims.AadServicePrincipal;${TENANT}\\55c8c7b6`);
    expect(ref.principalName).toBe("55c8c7b6");
    expect(ref.isActive).toBe(false);
  });
});
