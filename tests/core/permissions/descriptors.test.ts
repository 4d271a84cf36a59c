import {
  base64UrlDecode,
  base64UrlEncode,
  classifyGroup,
  descriptorKind,
  descriptorsEqual,
  groupIdentityToSubjectDescriptor,
  normalizeDescriptor,
  principalKind,
  subjectToIdentityDescriptor,
  wellKnownGroupOf,
} from "../../../src/core/permissions/descriptors";
import fc from "fast-check";
import { P1, SVC_DESCRIPTOR } from "../builders";

// The `[MyFirstProject]\Readers` group of https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/graph/7.1 GetAllGroups.json (https://learn.microsoft.com/rest/api/azure/devops/graph/descriptors/get).
const READERS_SUBJECT =
  "vssgp.Uy0xLTktMTU1MTM3NDI0NS0yMzIzNzQ4ODEwLTIyNTIxMTczMjctMzA0NjIyMDgzOC05OTY1MDI0MzAtMS0xMjQ5NzkxNDczLTIxOTI5NzU2OTItMjIyODM1MTY4MS0yNzEwNDYwNjUw";
const READERS_IDENTITY =
  "Microsoft.TeamFoundation.Identity;S-1-9-1551374245-2323748810-2252117327-3046220838-996502430-1-1249791473-2192975692-2228351681-2710460650";

describe("descriptor comparison", () => {
  it("compares case-insensitively", () => {
    expect(descriptorsEqual(SVC_DESCRIPTOR, SVC_DESCRIPTOR.toUpperCase())).toBe(true);
    expect(descriptorsEqual(SVC_DESCRIPTOR, SVC_DESCRIPTOR.replace("svc-dbt", "svc-dbt2"))).toBe(false);
    expect(normalizeDescriptor("  Microsoft.TeamFoundation.Identity;S-1-9-1 ")).toBe("microsoft.teamfoundation.identity;s-1-9-1");
  });

  it("rejects empty descriptors", () => {
    expect(() => normalizeDescriptor(" ")).toThrow(/Empty identity descriptor/);
  });
});

describe("subject descriptors", () => {
  it("decodes a real vssgp subject descriptor to its identity descriptor", () => {
    expect(subjectToIdentityDescriptor(READERS_SUBJECT)).toBe(READERS_IDENTITY);
  });

  it("encodes a group identity descriptor back to the same subject descriptor", () => {
    expect(groupIdentityToSubjectDescriptor(READERS_IDENTITY)).toBe(READERS_SUBJECT);
    expect(groupIdentityToSubjectDescriptor(READERS_IDENTITY, "aadgp")).toBe(READERS_SUBJECT.replace("vssgp.", "aadgp."));
  });

  it("decodes aadgp the same way", () => {
    expect(subjectToIdentityDescriptor(READERS_SUBJECT.replace("vssgp.", "aadgp."))).toBe(READERS_IDENTITY);
  });

  it("refuses user subjects, which need the Identities API", () => {
    expect(() => subjectToIdentityDescriptor("aad.MDA0NzBlMzQtZGE2MS03YTY5LWJkOTYtNDg3YTg0OWVjNTU4")).toThrow(/Identities API/);
    expect(() => subjectToIdentityDescriptor("nonsense")).toThrow(/not a Graph subject descriptor/);
    expect(() => subjectToIdentityDescriptor("zzz.abc")).toThrow(/Unknown Graph subject type/);
    expect(() => subjectToIdentityDescriptor("vssgp.a*b")).toThrow(/not valid base64url/);
    expect(() => groupIdentityToSubjectDescriptor(SVC_DESCRIPTOR)).toThrow(/Only group descriptors/);
  });

  it("base64url round-trips any text, without padding, matching Node's encoder", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const encoded = base64UrlEncode(text);
        expect(encoded).toBe(Buffer.from(text, "utf8").toString("base64url"));
        expect(encoded).not.toMatch(/[=+/]/);
        expect(base64UrlDecode(encoded)).toBe(text);
      }),
    );
  });
});

describe("identity kinds", () => {
  it("reads the kind from the descriptor prefix", () => {
    expect(descriptorKind(SVC_DESCRIPTOR)).toBe("user");
    expect(descriptorKind("microsoft.visualstudio.services.claims.aadserviceprincipal;t\\o")).toBe("servicePrincipal");
    expect(descriptorKind(READERS_IDENTITY)).toBe("group");
    expect(descriptorKind("Microsoft.TeamFoundation.ServiceIdentity;x:Build:y")).toBe("serviceIdentity");
    expect(descriptorKind("Other.Type;x")).toBe("unknown");
    expect(principalKind(SVC_DESCRIPTOR)).toBe("user");
    expect(() => principalKind(READERS_IDENTITY)).toThrow(/not a user or service principal/);
    expect(() => descriptorKind("no-separator")).toThrow(/not an identity descriptor/);
  });
});

describe("classifyGroup", () => {
  const base = "S-1-9-1551374245-1204400969-2402986413-2179408616-0";
  it("recognises administrators and valid users from the SID tail and the scope", () => {
    expect(classifyGroup(`${base}-0-0-0-0-1`, null)).toBe("projectCollectionAdministrators");
    expect(classifyGroup(`${base}-0-0-0-0-3`, null)).toBe("projectCollectionValidUsers");
    expect(classifyGroup(`${base}-1-77-0-0-0-0-1`, P1)).toBe("projectAdministrators");
    expect(classifyGroup(`${base}-1-77-0-0-0-0-3`, P1)).toBe("projectValidUsers");
  });

  it("accepts identity descriptors and vssgp subject descriptors, in any case", () => {
    const sid = `${base}-0-0-0-0-1`;
    expect(classifyGroup(`microsoft.teamfoundation.identity;${sid.toLowerCase()}`, null)).toBe("projectCollectionAdministrators");
    expect(classifyGroup(groupIdentityToSubjectDescriptor(`Microsoft.TeamFoundation.Identity;${sid}`), null)).toBe("projectCollectionAdministrators");
  });

  it("does not guess for other SIDs or non-groups", () => {
    expect(classifyGroup(READERS_IDENTITY, P1)).toBeUndefined();
    expect(classifyGroup(`${base}-0-0-0-0-10`, null)).toBeUndefined();
    expect(classifyGroup(`${base}-0-0-0-0-2`, null)).toBeUndefined();
    expect(classifyGroup(SVC_DESCRIPTOR, null)).toBeUndefined();
    expect(classifyGroup("S-1-5-21-0-0-0-0-1", null)).toBeUndefined();
  });

  it("wellKnownGroupOf prefers the gateway's mark, then the SID, then the default name", () => {
    const g = { descriptor: READERS_IDENTITY, principalName: "[Analytics]\\Readers", projectId: P1 };
    expect(wellKnownGroupOf(g)).toBe("readers");
    expect(wellKnownGroupOf({ ...g, principalName: "[Analytics]\\Contributors" })).toBe("contributors");
    expect(wellKnownGroupOf({ ...g, principalName: "[Analytics]\\Readers2" })).toBeUndefined();
    expect(wellKnownGroupOf({ ...g, wellKnown: "projectAdministrators" })).toBe("projectAdministrators");
    expect(wellKnownGroupOf({ ...g, projectId: null })).toBeUndefined();
  });
});
