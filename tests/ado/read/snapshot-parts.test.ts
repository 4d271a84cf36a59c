/** The pure pieces the readers assemble a snapshot from. */
import { aclsInScope, compactAcls, toAccessControlList, tokensInScope } from "../../../src/ado/read/acls";
import { accessedDate, toEntitlement } from "../../../src/ado/read/entitlements";
import { groupFromGraph, groupFromIdentity, projectIdOfDomain, selectGroups } from "../../../src/ado/read/groups";
import { selectProjects } from "../../../src/ado/read/projects";
import type { AdoError } from "../../../src/ado/http/errors";

const P1 = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c";
const P2 = "0b0c5c9e-6d2f-4d43-9f5c-1a2b3c4d5e6f";
const R1 = "278d5cd2-584d-4b63-824a-2ba458937249";
// From https://learn.microsoft.com/rest/api/azure/devops/graph/descriptors/get: a [MyFirstProject]\Readers group subject and its identity descriptor.
const READERS_SUBJECT =
  "vssgp.Uy0xLTktMTU1MTM3NDI0NS0yMzIzNzQ4ODEwLTIyNTIxMTczMjctMzA0NjIyMDgzOC05OTY1MDI0MzAtMS0xMjQ5NzkxNDczLTIxOTI5NzU2OTItMjIyODM1MTY4MS0yNzEwNDYwNjUw";
const READERS_DESCRIPTOR =
  "Microsoft.TeamFoundation.Identity;S-1-9-1551374245-2323748810-2252117327-3046220838-996502430-1-1249791473-2192975692-2228351681-2710460650";

describe("groups", () => {
  it("maps a Graph group subject descriptor to its identity descriptor offline and reads its project", () => {
    const group = groupFromGraph({
      descriptor: READERS_SUBJECT,
      principalName: "[MyFirstProject]\\Readers",
      displayName: "Readers",
      domain: `vstfs:///Classification/TeamProject/${P1}`,
    });
    expect(group).toEqual({
      descriptor: READERS_DESCRIPTOR,
      subjectDescriptor: READERS_SUBJECT,
      principalName: "[MyFirstProject]\\Readers",
      displayName: "Readers",
      projectId: P1,
      wellKnown: "readers",
      memberOf: [],
    });
  });

  it("classifies administrators and valid users by SID tail, at project and organization level", () => {
    const sid = (tail: string) => Buffer.from(`S-1-9-1551374245-1204400969-2402986413-2179408616-${tail}`).toString("base64url");
    const orgDomain = "vstfs:///Framework/IdentityDomain/62d5db69-917f-405d-973d-fc20e7ecd3de";
    expect(
      groupFromGraph({ descriptor: `vssgp.${sid("0-0-0-0-1")}`, principalName: "[contoso]\\Project Collection Administrators", domain: orgDomain })
        ?.wellKnown,
    ).toBe("projectCollectionAdministrators");
    expect(
      groupFromGraph({ descriptor: `vssgp.${sid("0-0-0-0-3")}`, principalName: "[contoso]\\Project Collection Valid Users", domain: orgDomain })
        ?.wellKnown,
    ).toBe("projectCollectionValidUsers");
    expect(
      groupFromGraph({
        descriptor: `vssgp.${sid("3-0-0-0-0-1")}`,
        principalName: "[A]\\Project Administrators",
        domain: `vstfs:///Classification/TeamProject/${P1}`,
      })?.wellKnown,
    ).toBe("projectAdministrators");
    expect(
      groupFromGraph({ descriptor: `vssgp.${sid("7-8")}`, principalName: "[contoso]\\dbt admins", domain: orgDomain })?.wellKnown,
    ).toBeUndefined();
  });

  it("skips subjects that cannot be mapped offline", () => {
    expect(groupFromGraph({ descriptor: "aad.MDA0NzBlMzQtZGE2MS03YTY5" })).toBeUndefined();
  });

  it("reads project ids from domains only when they are project domains", () => {
    expect(projectIdOfDomain(`vstfs:///Classification/TeamProject/${P1}`)).toBe(P1);
    expect(projectIdOfDomain("vstfs:///Framework/IdentityDomain/62d5db69-917f-405d-973d-fc20e7ecd3de")).toBeNull();
    expect(projectIdOfDomain(undefined)).toBeNull();
  });

  it("keeps closure groups (Graph names, Identities parents) and the well-known groups of projects in scope only", () => {
    const readers = groupFromGraph({
      descriptor: READERS_SUBJECT,
      principalName: "[A]\\Readers",
      domain: `vstfs:///Classification/TeamProject/${P1}`,
    })!;
    const otherProjectReaders = { ...readers, descriptor: "Microsoft.TeamFoundation.Identity;S-1-9-99", projectId: P2 };
    const custom = { ...readers, descriptor: "Microsoft.TeamFoundation.Identity;S-1-9-77", principalName: "[A]\\custom", wellKnown: undefined };
    const closureCustom = groupFromIdentity({
      id: "c",
      descriptor: "Microsoft.TeamFoundation.Identity;S-1-9-77",
      providerDisplayName: "[A]\\custom",
      isContainer: true,
      memberOf: ["Z;2", "A;1"],
    });
    const groups = selectGroups({
      graphGroups: [readers, otherProjectReaders, custom],
      closureGroups: [{ id: "c", descriptor: closureCustom.descriptor, providerDisplayName: "[A]\\custom", memberOf: ["Z;2", "A;1"] }],
      projectIds: new Set([P1]),
    });
    expect(groups.map((group) => group.descriptor)).toEqual(
      [READERS_DESCRIPTOR, "Microsoft.TeamFoundation.Identity;S-1-9-77"].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
    );
    expect(groups.find((group) => group.principalName === "[A]\\custom")?.memberOf).toEqual(["A;1", "Z;2"]);
  });
});

describe("ACLs", () => {
  it("treats absent numbers as 0 and absent inheritPermissions as inheriting", () => {
    expect(toAccessControlList({ token: "repoV2", acesDictionary: { "a;1": { descriptor: "a;1", allow: 2 } } })).toEqual({
      token: "repoV2",
      inheritPermissions: true,
      acesDictionary: { "a;1": { descriptor: "a;1", allow: 2, deny: 0 } },
    });
    expect(toAccessControlList({ token: "repoV2", inheritPermissions: false }).inheritPermissions).toBe(false);
  });

  it("keeps roots, project and repository tokens in scope; drops other projects and branch tokens", () => {
    const scope = tokensInScope("gitRepositories", [P1], [{ id: R1, projectId: P1 }]);
    const wire = [
      `repoV2/${P1}/${R1}/refs/heads/6d00610069006e00`,
      `repoV2/${P2}`,
      `repoV2/${P1.toUpperCase()}/`,
      `repoV2/${P1}/${R1}`,
      "repoV2",
    ].map((token) => ({ token, inheritPermissions: true, acesDictionary: {} }));
    expect(aclsInScope("gitRepositories", wire, scope).map((acl) => acl.token)).toEqual([
      "repoV2",
      `repoV2/${P1.toUpperCase()}/`,
      `repoV2/${P1}/${R1}`,
    ]);
  });

  it("scopes the flat Project namespace to $PROJECT and the projects' tokens", () => {
    const scope = tokensInScope("project", [P1], []);
    const wire = [
      "$PROJECT",
      `$PROJECT:vstfs:///Classification/TeamProject/${P1}`,
      `$PROJECT:vstfs:///Classification/TeamProject/${P2}`,
      "something-else",
    ].map((token) => ({ token }));
    expect(aclsInScope("project", wire, scope).map((acl) => acl.token)).toEqual(["$PROJECT", `$PROJECT:vstfs:///Classification/TeamProject/${P1}`]);
  });
});

describe("selectProjects", () => {
  const all = [
    { id: P1, name: "Analytics", visibility: "private" },
    { id: P2, name: "Finance", visibility: "private" },
  ];

  it("matches names and ids case-insensitively, once each, in the order given", () => {
    expect(selectProjects(all, ["finance", P1.toUpperCase(), "Analytics"], "contoso").map((project) => project.name)).toEqual([
      "Finance",
      "Analytics",
    ]);
  });

  it("returns every project, sorted by name, without filters", () => {
    expect(selectProjects([...all].reverse(), [], "contoso").map((project) => project.name)).toEqual(["Analytics", "Finance"]);
  });

  it("names every unknown project in one notFound error", () => {
    let error: AdoError | undefined;
    try {
      selectProjects(all, ["Analytcs", "Finance", "Ops"], "contoso");
    } catch (caught) {
      error = caught as AdoError;
    }
    expect(error?.kind).toBe("notFound");
    expect(error?.message).toMatch(/^Projects "Analytcs", "Ops" were not found in contoso/);
  });
});

describe("entitlements", () => {
  it("maps the access level, and 0001-01-01 to never", () => {
    expect(
      toEntitlement({
        accessLevel: { accountLicenseType: "stakeholder", licenseDisplayName: "Stakeholder", status: "active" },
        lastAccessedDate: "0001-01-01T00:00:00Z",
      }),
    ).toEqual({ accessLevel: "stakeholder", licenseDisplayName: "Stakeholder", status: "active", lastAccessedDate: null });
  });

  it("maps enum numbers too", () => {
    expect(toEntitlement({ accessLevel: { accountLicenseType: 2, status: 1 }, lastAccessedDate: "2026-10-01T00:00:00Z" })).toMatchObject({
      accessLevel: "express",
      status: "active",
      lastAccessedDate: "2026-10-01T00:00:00Z",
    });
    expect(accessedDate(undefined)).toBeNull();
  });
});

describe("compactAcls: an answer made small as soon as it arrives", () => {
  const P1 = "6ce954b1-ce1f-45d1-b94d-e6bf2464ba2c";
  const P2 = "0a1b2c3d-0000-4000-8000-00000000000b";
  const GROUP = "Microsoft.TeamFoundation.Identity;S-1-9-1551374245-1-2";
  const ace = () => ({ [GROUP]: { descriptor: GROUP, allow: 4, deny: 0 } });

  test("keeps the root and the project and repository tokens of projects in scope, drops branches and other projects", () => {
    const wire = [
      { token: "repoV2", inheritPermissions: true, acesDictionary: ace() },
      { token: `repoV2/${P1}/`, inheritPermissions: true, acesDictionary: ace() },
      { token: `repoV2/${P1}/r1`, inheritPermissions: false, acesDictionary: ace() },
      { token: `repoV2/${P1}/r1/refs/heads/main`, inheritPermissions: true, acesDictionary: ace() },
      { token: `repoV2/${P2}/r2`, inheritPermissions: true, acesDictionary: ace() },
    ];
    const kept = compactAcls("gitRepositories", wire, new Set([P1]), new Map());
    expect(kept.map((acl) => acl.token)).toEqual(["repoV2", `repoV2/${P1}/`, `repoV2/${P1}/r1`]);
    expect(kept[2]!.inheritPermissions).toBe(false);
  });

  test("the Project namespace by the project id at the end of its token", () => {
    const wire = [
      { token: "$PROJECT", acesDictionary: ace() },
      { token: `$PROJECT:vstfs:///Classification/TeamProject/${P1.toUpperCase()}`, acesDictionary: ace() },
      { token: `$PROJECT:vstfs:///Classification/TeamProject/${P2}`, acesDictionary: ace() },
    ];
    expect(compactAcls("project", wire, new Set([P1]), new Map()).map((acl) => acl.token)).toEqual([
      "$PROJECT",
      `$PROJECT:vstfs:///Classification/TeamProject/${P1.toUpperCase()}`,
    ]);
  });

  test("one interned string per descriptor across ACLs (the interner holds each once)", () => {
    const wire = [
      { token: `PublisherSecurity/${P1}`, acesDictionary: JSON.parse(JSON.stringify(ace())) },
      { token: `PublisherSecurity/${P2}`, acesDictionary: JSON.parse(JSON.stringify(ace())) },
    ];
    const interner = new Map<string, string>();
    const [a, b] = compactAcls("serviceHooks", wire, new Set([P1, P2]), interner);
    expect(a!.acesDictionary[GROUP]!.descriptor).toBe(GROUP);
    expect(interner.size).toBe(1);
    expect(b!.acesDictionary[GROUP]).toEqual({ descriptor: GROUP, allow: 4, deny: 0 });
  });
});
