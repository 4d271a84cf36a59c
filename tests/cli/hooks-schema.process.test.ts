/**
 * schema/hooks-report.schema.json (draft 2020-12, ajv strict mode) against what `dbt-ado hooks list --format json`
 * prints: the built executable over real HTTP to the emulator (the hooks seed as an administrator, as a caller who
 * cannot see some projects, with an access URL and a project filter; the demo organization), reports the core
 * builds for every state, and mutations the schema must reject.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { loadSeed, startEmulator, type RunningEmulator } from "../../emulator";
import { analyzeHooks, SUBSCRIPTION_STATUSES, type HooksReport } from "../../src/core/hooks/index";
import { STATE_LABELS } from "../../src/hubs/hooks/hooksModel";
import { buildCli, ROOT, spawnCli } from "./support/cli";
import { notification, P1, snapshot, subscription } from "../core/hooks/builders";
import { startHooksEmulator } from "../support/hooks-emulator";
import { SINGLE_TENANT_HOST, TOKENS } from "../support/hooks-seed";

jest.setTimeout(120_000);

const SCHEMA_PATH = join(ROOT, "schema", "hooks-report.schema.json");
const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as Record<string, any>;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

function schemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}

/** Runs `hooks list --format json` and returns the parsed report; a usage or connection error fails the test. */
async function listJson(args: string[], token: string): Promise<HooksReport> {
  const result = await spawnCli(["hooks", "list", ...args, "--format", "json"], { AZURE_DEVOPS_EXT_PAT: token });
  if (result.code !== 0 && result.code !== 1) throw new Error(`hooks list exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as HooksReport;
}

describe("the CLI's JSON validates against the schema", () => {
  let hooksEmulator: RunningEmulator;
  let demoEmulator: RunningEmulator;
  const printed: [string, HooksReport][] = [];

  beforeAll(async () => {
    await buildCli();
    hooksEmulator = await startHooksEmulator();
    demoEmulator = await startEmulator({ seeds: [loadSeed(join(ROOT, "emulator", "seeds", "demo.json"))] });
    const hooksOrg = hooksEmulator.orgUrl("contoso");
    printed.push(
      ["administrator, with the service user", await listJson(["--org", hooksOrg, "--identity", "svc-dbt@contoso.com"], TOKENS.admin)],
      ["a caller who cannot see two projects", await listJson(["--org", hooksOrg], TOKENS.alice)],
      [
        "an access URL and one project",
        await listJson(["--org", hooksOrg, "--access-url", `https://${SINGLE_TENANT_HOST}/`, "--project", "Docs"], TOKENS.admin),
      ],
      ["the demo organization", await listJson(["--org", demoEmulator.orgUrl("contoso"), "--identity", "svc-dbt@contoso.com"], "demo-admin-pat")],
    );
  });

  afterAll(async () => {
    await hooksEmulator?.stop();
    await demoEmulator?.stop();
  });

  test("every report printed is valid", () => {
    expect(printed).toHaveLength(4);
    for (const [label, report] of printed) expect({ label, errors: schemaErrors(report) }).toEqual({ label, errors: [] });
  });

  test("the printed reports exercise the schema's branches (so the validation above is not vacuous)", () => {
    const reports = printed.map(([, report]) => report);
    const states = new Set(reports.flatMap((r) => r.dbtSubscriptions.map((v) => v.state)));
    for (const state of ["healthy", "duplicate", "onProbation", "disabledByUser", "disabledBySystem", "disabledByInactiveIdentity"]) {
      expect([...states]).toContain(state);
    }
    const visibility = new Set(reports.flatMap((r) => r.projects.map((p) => p.visibility)));
    expect([...visibility].sort()).toEqual(["cannotSee", "visible"]);
    expect(reports.some((r) => r.serviceUser !== null)).toBe(true);
    expect(reports.some((r) => r.accessUrl === SINGLE_TENANT_HOST)).toBe(true);
    expect(reports.some((r) => r.otherSubscriptions.some((o) => o.targetHost === "getdbt.com.evil.example" && o.lookAlike === "getdbt.com"))).toBe(
      true,
    );
    // The demo's Platform and HR subscriptions still post to cloud.getdbt.com, past dbt's 2026-11-01 end of support.
    expect(reports.some((r) => r.dbtSubscriptions.some((v) => v.state === "healthy" && v.legacyHost?.host === "cloud.getdbt.com"))).toBe(true);
    expect(reports.some((r) => r.findings.some((f) => f.id === "hook-legacy-host") && r.findings.some((f) => f.id === "hook-look-alike-host"))).toBe(
      true,
    );
    expect(reports.some((r) => r.findings.some((f) => f.id === "hooks-cannot-see"))).toBe(true);
  });
});

describe("core reports for every state validate", () => {
  test.each([
    ["enabled, delivered", { status: "enabled" }],
    ["no status on the wire", { status: undefined }],
    ["on probation", { status: "onProbation", probationRetries: 3, lastProbationRetryDate: "2026-06-01T00:00:00Z" }],
    ["disabled by a user", { status: "disabledByUser" }],
    ["disabled by the system", { status: "disabledBySystem" }],
    ["disabled: inactive creator", { status: "disabledByInactiveIdentity" }],
    ["a numeric status", { status: 20 }],
    ["an unknown status", { status: "somethingNew" }],
    ["organization-wide, any repository", { inputs: { projectId: "", repository: "" } }],
  ] as [string, Parameters<typeof subscription>[0]][])("%s", (_, overrides) => {
    const hook = subscription(overrides);
    const copy = subscription({ ...overrides, createdDate: "2020-01-01T00:00:00Z" });
    const failing = subscription({ eventType: "git.push" });
    const report = analyzeHooks(
      snapshot({
        subscriptions: [hook, copy, failing, subscription({ url: "https://hooks.slack.com/services/T/B/X" })],
        notifications: {
          [hook.id]: [notification("succeeded", "2026-06-02T00:00:00Z"), notification("filtered", "2026-06-03T00:00:00Z")],
          [failing.id]: [
            notification("failed", "2026-06-02T00:00:00Z", { errorMessage: "HTTP 500" }),
            notification("pending", "2026-06-04T00:00:00Z"),
          ],
        },
        serviceUser: { principalName: "svc-dbt@contoso.com" },
      }),
      { accessUrl: "abc123.us1.dbt.com", dbtAccountId: 7 },
    );
    expect(report.dbtSubscriptions.length).toBe(3);
    expect(schemaErrors(JSON.parse(JSON.stringify(report)))).toEqual([]);
  });

  test("a project the caller cannot see and an empty organization", () => {
    const cannotSee = analyzeHooks(snapshot({ canViewSubscriptions: { [P1]: false } }));
    expect(cannotSee.projects.map((p) => [p.name, p.visibility])).toEqual([
      ["Analytics", "cannotSee"],
      ["Marketing", "unchecked"],
    ]);
    expect(schemaErrors(cannotSee)).toEqual([]);
    expect(schemaErrors(analyzeHooks(snapshot({ projects: [], repositories: [], canViewSubscriptions: {} })))).toEqual([]);
  });
});

describe("the schema", () => {
  test("names exactly the statuses and states the code knows", () => {
    expect(schema.$defs.subscriptionStatus.enum).toEqual([...SUBSCRIPTION_STATUSES, "unknown"]);
    expect([...schema.$defs.dbtSubscription.properties.state.enum].sort()).toEqual(Object.keys(STATE_LABELS).sort());
  });

  const base = (): any => {
    const kept = subscription({ createdDate: "2026-06-01T00:00:00Z" });
    const duplicate = subscription({ createdDate: "2026-01-01T00:00:00Z" });
    return JSON.parse(
      JSON.stringify(
        analyzeHooks(
          snapshot({
            subscriptions: [kept, duplicate, subscription({ url: "https://hooks.slack.com/services/T/B/X" })],
            canViewSubscriptions: { [P1]: true },
          }),
        ),
      ),
    );
  };
  const duplicateOf = (r: any) => r.dbtSubscriptions.find((v: any) => v.state === "duplicate");
  const kept = (r: any) => r.dbtSubscriptions.find((v: any) => v.state !== "duplicate");
  const mutations: [string, (r: any) => void][] = [
    ["an unknown top-level field", (r) => (r.extra = true)],
    ["another schema version", (r) => (r.schemaVersion = 2)],
    ["a missing summary", (r) => delete r.summary],
    ["a negative count", (r) => (r.summary.dbt = -1)],
    ["an unknown state", (r) => (kept(r).state = "sleeping")],
    ["an unknown status", (r) => (kept(r).status = "paused")],
    ["a duplicate without the copy it duplicates", (r) => (duplicateOf(r).duplicateOf = null)],
    ["a healthy subscription that names a copy it duplicates", (r) => (kept(r).duplicateOf = duplicateOf(r).id)],
    ["a duplicate whose action is not delete", (r) => (duplicateOf(r).action = "none")],
    ["a healthy subscription marked as an error", (r) => (kept(r).severity = "error")],
    ["a link that is not a web address", (r) => (kept(r).links[0].url = "javascript:alert(1)")],
    ["a link owner outside the two admins", (r) => (kept(r).links[0].owner = "entraAdmin")],
    ["a full target URL on someone else's subscription", (r) => (r.otherSubscriptions[0].target = "https://hooks.slack.com/services/T/B/X")],
    ["an unknown finding id", (r) => (r.findings[0].id = "something-else")],
    ["a subscription finding without its subscription", (r) => delete r.findings.find((f: any) => f.id === "hook-duplicate").subscriptionId],
    ["an unknown visibility", (r) => (r.projects[0].visibility = "hidden")],
    [
      "a project said to miss a subscription it cannot see",
      (r) => Object.assign(r.projects[1], { visibility: "cannotSee", missingDbtSubscription: true }),
    ],
    ["counts for a history that was not read", (r) => Object.assign(kept(r).delivery, { historyRead: false, recent: 2 })],
    ["an unknown field in a delivery", (r) => (kept(r).delivery.colour = "red")],
  ];

  test("the unmutated report is valid (so each rejection below is the mutation's doing)", () => {
    const report = base();
    expect(duplicateOf(report)).toBeDefined();
    expect(kept(report).links.length).toBeGreaterThan(0);
    expect(report.findings.some((f: any) => f.id === "hook-duplicate")).toBe(true);
    expect(report.projects).toHaveLength(2);
    expect(schemaErrors(report)).toEqual([]);
  });

  test.each(mutations)("rejects %s", (_, mutate) => {
    const report = base();
    mutate(report);
    expect(schemaErrors(report).length).toBeGreaterThan(0);
  });
});
