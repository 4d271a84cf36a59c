import { formatJson, jsonReportChunks } from "../../../src/cli/render/json";
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

/** Every cell of a parsed report, with whether the report's own data says it is allowed. */
function cellsOf(parsed: any): any[] {
  return parsed.projects.flatMap((p: any) => [p, ...p.repositories].flatMap((owner: any) => Object.values(owner.permissions)));
}

describe("json format", () => {
  test.each(reports)("--detail: the report itself, compact on one line (%s)", (_, report) => {
    const json = formatJson(report, { detail: true });
    expect(JSON.parse(json)).toEqual({ ...report, detail: true });
    expect(json.indexOf("\n")).toBe(json.length - 1);
  });

  test.each(reports)("--pretty: the same document, 2-space indented (%s)", (_, report) => {
    const json = formatJson(report, { pretty: true });
    expect(JSON.parse(json)).toEqual(JSON.parse(formatJson(report)));
    expect(json.split("\n")[1]).toBe('  "schemaVersion": 1,');
    expect(json).toContain('\n  "projects": [\n    {\n      "id": ');
    expect(json.endsWith("\n  ]\n}\n")).toBe(true);
  });

  test.each(reports)("default: allowed cells carry only effective, the others their reason, and no cell its token (%s)", (_, report) => {
    const parsed = JSON.parse(formatJson(report));
    expect(parsed.detail).toBe(false);
    const cells = cellsOf(parsed);
    const whole = cellsOf({ projects: report.projects });
    expect(cells).toHaveLength(whole.length);
    cells.forEach((cell, i) => {
      if (whole[i].effective === "allow") expect(cell).toEqual({ effective: "allow" });
      else {
        // The token follows from the place (and the reason names it): only --detail writes it.
        expect(cell).toEqual({ effective: whole[i].effective, reason: whole[i].reason });
        expect(cell.reason).toContain(whole[i].token);
      }
    });
  });

  test.each(reports)("validates against the schema, with and without --detail (%s)", (_, report) => {
    expect(schemaErrors(JSON.parse(formatJson(report)))).toEqual([]);
    expect(schemaErrors(JSON.parse(formatJson(report, { detail: true, pretty: true })))).toEqual([]);
  });

  test("is written one project a piece, so no string holds the whole report", () => {
    const report = reports[0]![1];
    expect(report.projects.length).toBeGreaterThan(1);
    const chunks = [...jsonReportChunks(report)];
    expect(chunks).toHaveLength(report.projects.length + 2);
    expect(JSON.parse(chunks[1])).toMatchObject({ id: report.projects[0].id, name: report.projects[0].name });
  });

  test("escapes characters a terminal would act on, in every piece", () => {
    const report = reports[0]![1];
    const named = { ...report, projects: [{ ...report.projects[0], name: "evil\u202ename\u0085" }] };
    for (const options of [{}, { pretty: true }]) {
      const json = formatJson(named, options);
      expect(json).toContain("evil\\u202ename\\u0085");
      expect(JSON.parse(json).projects[0].name).toBe("evil\u202ename\u0085");
    }
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

  const base = () => JSON.parse(formatJson(reports[2]![1], { detail: true })) as any;
  const notAllowed = (r: any) => cellsOf(r).find((cell) => cell.effective !== "allow");
  const mutations: [string, (r: any) => void][] = [
    ["an unknown top-level field", (r) => (r.extra = true)],
    ["another schema version", (r) => (r.schemaVersion = 2)],
    ["a missing ok", (r) => delete r.ok],
    ["a missing detail", (r) => delete r.detail],
    ["a cell without effective", (r) => delete r.projects[0].permissions.GENERIC_READ.effective],
    ["a cell that is not allowed without its reason", (r) => delete notAllowed(r).reason],
    ["a cell that is not allowed without its reason", (r) => delete notAllowed(r).reason],
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

  test("an allowed cell with only effective is valid (the default report)", () => {
    const report = base();
    const allowed = cellsOf(report).find((cell) => cell.effective === "allow");
    for (const key of Object.keys(allowed)) if (key !== "effective") delete allowed[key];
    expect(schemaErrors(report)).toEqual([]);
  });

  test.each(mutations)("rejects %s", (_, mutate) => {
    const report = base();
    mutate(report);
    expect(schemaErrors(report).length).toBeGreaterThan(0);
  });
});
