import { formatJson } from "../../../src/cli/render/json";
import { PROJECT_PERMISSIONS, REPOSITORY_PERMISSIONS } from "../../../src/core/permissions/catalogue";
import type { AuditReport } from "../../../src/core/audit/report";
import { ACTIVE_BASIC, completeSnapshot, reportOf, twoProjectSnapshot } from "../support/snapshots";
import { loadSchema, schemaErrors } from "../support/schema";

const reports: [string, AuditReport][] = [
  ["two projects with gaps", reportOf(twoProjectSnapshot())],
  ["complete", reportOf(completeSnapshot())],
  [
    "stakeholder, stale",
    reportOf(twoProjectSnapshot({ entitlement: { ...ACTIVE_BASIC, accessLevel: "stakeholder", lastAccessedDate: "2026-01-01T00:00:00Z" } })),
  ],
  ["never signed in", reportOf(twoProjectSnapshot({ entitlement: { ...ACTIVE_BASIC, lastAccessedDate: null } }))],
  ["entitlement unknown", reportOf(twoProjectSnapshot({ entitlement: undefined }))],
];

describe("json format", () => {
  test.each(reports)("is the report itself, 2-space indented (%s)", (_, report) => {
    const json = formatJson(report);
    expect(JSON.parse(json)).toEqual(report);
    expect(json.split("\n")[1]).toBe('  "schemaVersion": 1,');
    expect(json.endsWith("}\n")).toBe(true);
  });

  test.each(reports)("validates against the schema (%s)", (_, report) => {
    expect(schemaErrors(JSON.parse(formatJson(report)))).toEqual([]);
  });
});

describe("audit report schema", () => {
  const schema = loadSchema();

  test("names exactly the catalogue's permission keys", () => {
    const project = schema.$defs.project.properties.permissions;
    const repository = schema.$defs.repository.properties.permissions;
    expect(project.required).toEqual(PROJECT_PERMISSIONS.map((p) => p.key));
    expect(Object.keys(project.properties)).toEqual(PROJECT_PERMISSIONS.map((p) => p.key));
    expect(repository.required).toEqual(REPOSITORY_PERMISSIONS.map((p) => p.key));
    expect(Object.keys(repository.properties)).toEqual(REPOSITORY_PERMISSIONS.map((p) => p.key));
  });

  const base = () => JSON.parse(formatJson(reports[2]![1])) as any;
  const mutations: [string, (r: any) => void][] = [
    ["an unknown top-level field", (r) => (r.extra = true)],
    ["another schema version", (r) => (r.schemaVersion = 2)],
    ["a missing ok", (r) => delete r.ok],
    ["an unknown effective value", (r) => (r.projects[0].permissions.GENERIC_READ.effective = "maybe")],
    ["a missing required permission", (r) => delete r.projects[0].permissions.DeleteSubscriptions],
    [
      "a permission outside the catalogue",
      (r) => (r.projects[0].repositories[0].permissions.ManagePermissions = r.projects[0].permissions.GENERIC_READ),
    ],
    ["an unknown finding id", (r) => (r.findings[0].id = "something-else")],
    ["an unknown severity", (r) => (r.findings[0].severity = "fatal")],
    ["an unknown identity kind", (r) => (r.identity.kind = "group")],
    ["a malformed date", (r) => (r.identity.lastAccessedDate = "yesterday")],
    ["an unknown field in a cell", (r) => (r.projects[0].permissions.GENERIC_READ.colour = "red")],
    [
      "a deciding ACE without its effect",
      (r) => (r.projects[0].permissions.GENERIC_READ.decidedBy = { token: "t", descriptor: "d", name: "n", via: [], inherited: false }),
    ],
  ];

  test("the unmutated report is valid (so each rejection below is the mutation's doing)", () => {
    expect(base().findings.length).toBeGreaterThan(0);
    expect(schemaErrors(base())).toEqual([]);
  });

  test.each(mutations)("rejects %s", (_, mutate) => {
    const report = base();
    mutate(report);
    expect(schemaErrors(report).length).toBeGreaterThan(0);
  });
});
