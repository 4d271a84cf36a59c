/**
 * The DbtCloudAudit pipeline task as the agent runs it: the bundled index.js (scripts/build-task.mjs) in a Node
 * process, with the inputs and variables the agent sets as environment variables (INPUT_<NAME>, SYSTEM_*,
 * AGENT_*), against the emulator over HTTP. Its contract with the agent is what it prints: ##vso logging
 * commands (https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands).
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ADMIN_PAT, SERVICE_USER, demoSeed } from "../cli/support/demo";
import { ROOT } from "../cli/support/cli";

const BEARER = "demo-admin-bearer";
const seed = demoSeed();
const otherProjects = seed.projects.map((p) => p.name).filter((name) => name !== "Finance" && name !== "HR");
let emulator: RunningEmulator;
let taskDir: string;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "dbt-ado-task-"));
  taskDir = join(work, "DbtCloudAudit");
  execFileSync(process.execPath, [join(ROOT, "scripts", "build-task.mjs"), taskDir], { cwd: ROOT, stdio: "pipe" });
  emulator = await startEmulator({ seeds: [seed] });
}, 120_000);

afterAll(async () => {
  await emulator?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

interface TaskRun {
  code: number | null;
  stdout: string;
  temp: string;
  /** The ##vso commands the task printed, as [command, properties, message]. */
  commands: [string, Record<string, string>, string][];
  /** `##vso[task.complete result=…]`'s result and message. */
  complete?: { result: string; message: string };
}

/** Runs the task like the agent: a fresh temp folder and exactly these environment variables (plus PATH). */
function runTask(inputs: Record<string, string>, variables: Record<string, string> = { SECRET_SYSTEM_ACCESSTOKEN: BEARER }): Promise<TaskRun> {
  const temp = mkdtempSync(join(work, "agent-temp-"));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    SYSTEM_TEAMFOUNDATIONCOLLECTIONURI: `${emulator.orgUrl("contoso")}/`,
    AGENT_TEMPDIRECTORY: temp,
    ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])),
    ...variables,
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(taskDir, "index.js")], { cwd: taskDir, env: env as NodeJS.ProcessEnv });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (code) => {
      const commands = [...stdout.matchAll(/^##vso\[([\w.]+)([^\]]*)\](.*)$/gm)].map(
        (m) =>
          [
            m[1],
            Object.fromEntries(
              m[2]
                .trim()
                .split(";")
                .filter((p) => p.includes("="))
                .map((p) => [p.slice(0, p.indexOf("=")), p.slice(p.indexOf("=") + 1)]),
            ),
            m[3],
          ] as [string, Record<string, string>, string],
      );
      const done = commands.find(([name]) => name === "task.complete");
      resolve({ code, stdout, temp, commands, complete: done && { result: done[1].result, message: done[2] } });
    });
  });
}

const named = (run: TaskRun, name: string) => run.commands.filter(([command]) => command === name);

describe("DbtCloudAudit task (process, agent environment)", () => {
  test("a complete identity: Succeeded, with the JUnit file published and the summary uploaded", async () => {
    const run = await runTask({ identity: "admin@contoso.com" });
    expect(run.complete).toEqual({ result: "Succeeded", message: "admin@contoso.com has every permission dbt Cloud needs" });
    const junit = join(run.temp, "dbt-ado-audit.xml");
    const summary = join(run.temp, "dbt-ado-audit.md");
    expect(named(run, "results.publish")).toEqual([
      ["results.publish", expect.objectContaining({ type: "JUnit", resultFiles: junit, mergeResults: "false" }), ""],
    ]);
    expect(named(run, "task.uploadsummary")).toEqual([["task.uploadsummary", {}, summary]]);
    const xml = readFileSync(junit, "utf8");
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toMatch(/failures="0"/);
    expect(readFileSync(summary, "utf8")).toContain("admin@contoso.com");
  });

  test("missing permissions: Failed, and the failures are in the JUnit file and the summary", async () => {
    const run = await runTask({ identity: SERVICE_USER, failOn: "errors" });
    expect(run.complete?.result).toBe("Failed");
    expect(run.complete?.message).toMatch(new RegExp(`^${SERVICE_USER}: \\d+ required permissions? missing`));
    const xml = readFileSync(join(run.temp, "dbt-ado-audit.xml"), "utf8");
    expect(xml).toMatch(/failures="[1-9]\d*"/);
    expect(xml).toContain("<failure");
    expect(readFileSync(join(run.temp, "dbt-ado-audit.md"), "utf8")).toContain(SERVICE_USER);
    expect(named(run, "results.publish")).toHaveLength(1);
    expect(named(run, "task.uploadsummary")).toHaveLength(1);
  });

  test("tenantId: the organization's own tenant passes, another tenant fails the run with tenant-mismatch", async () => {
    const same = await runTask({ identity: "admin@contoso.com", tenantId: seed.organization.tenantId! });
    expect(same.complete?.result).toBe("Succeeded");
    const other = await runTask({ identity: "admin@contoso.com", tenantId: "0f0e0d0c-0b0a-4909-8807-060504030201" });
    expect(other.complete?.result).toBe("Failed");
    expect(readFileSync(join(other.temp, "dbt-ado-audit.md"), "utf8")).toMatch(/tenant/i);
  });

  test("failOn=never: the same findings succeed with issues", async () => {
    const run = await runTask({ identity: SERVICE_USER, failOn: "never" });
    expect(run.complete?.result).toBe("SucceededWithIssues");
    expect(named(run, "results.publish")).toHaveLength(1);
  });

  test("verify: the summary says how Azure DevOps' own evaluation was asked; none leaves it out", async () => {
    const asked = await runTask({ identity: SERVICE_USER, verify: "all" });
    expect(readFileSync(join(asked.temp, "dbt-ado-audit.md"), "utf8")).toMatch(/cells checked with Azure DevOps in \d requests?/);
    const local = await runTask({ identity: SERVICE_USER, verify: "none" });
    expect(readFileSync(join(local.temp, "dbt-ado-audit.md"), "utf8")).not.toMatch(/checked with Azure DevOps/);
  });

  test("projects limits the audit (one per line)", async () => {
    const run = await runTask({ identity: SERVICE_USER, projects: "Finance\nHR\n" });
    const xml = readFileSync(join(run.temp, "dbt-ado-audit.xml"), "utf8");
    const md = readFileSync(join(run.temp, "dbt-ado-audit.md"), "utf8");
    const suites = [...xml.matchAll(/<testsuite [^>]*name="contoso\/([^"]+)"/g)].map((m) => m[1]);
    expect(suites.sort()).toEqual(["Finance", "HR"]);
    expect(md).toContain("| Finance |");
    for (const other of otherProjects) expect(md).not.toContain(`| ${other} |`);
  });

  test("a PAT input wins over the job's token, which is sent as Bearer; the task itself never prints either", async () => {
    const withPat = await runTask({ identity: "admin@contoso.com", personalAccessToken: ADMIN_PAT }, { SECRET_SYSTEM_ACCESSTOKEN: "not-a-token" });
    expect(withPat.complete?.result).toBe("Succeeded");
    // The PAT is not a bearer token: sent as the job's token it is rejected, which proves the scheme.
    const wrongKind = await runTask({ identity: "admin@contoso.com" }, { SECRET_SYSTEM_ACCESSTOKEN: ADMIN_PAT });
    expect(wrongKind.complete?.result).toBe("Failed");
    expect(wrongKind.complete?.message).toMatch(/rejected/);
    // The job's token also reaches tasks as the SystemVssConnection endpoint's AccessToken.
    const endpoint = await runTask({ identity: "admin@contoso.com" }, { ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: BEARER });
    expect(endpoint.complete?.result).toBe("Succeeded");
    // …and that one comes first, as in Microsoft's own tasks.
    const both = await runTask(
      { identity: "admin@contoso.com" },
      { ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN: BEARER, SECRET_SYSTEM_ACCESSTOKEN: "not-a-token" },
    );
    expect(both.complete?.result).toBe("Succeeded");
    // The task library echoes input and variable values in ##vso[task.debug] lines, which the agent masks for
    // secrets; every other line is the task's own and must not contain a credential.
    for (const run of [withPat, wrongKind, endpoint, both]) {
      const own = run.stdout
        .split("\n")
        .filter((line) => !line.startsWith("##vso[task.debug]"))
        .join("\n");
      for (const secret of [ADMIN_PAT, BEARER, "not-a-token"]) expect(own).not.toContain(secret);
    }
  });

  test("a service connection (ExternalTfs, token) gives the check its PAT and its organization", async () => {
    const id = "5b0a2f4e-93c1-4d3e-9a51-2f6e8c1d7a40";
    const connection = { [`ENDPOINT_URL_${id}`]: `${emulator.orgUrl("contoso")}/`, [`ENDPOINT_AUTH_PARAMETER_${id}_APITOKEN`]: ADMIN_PAT };
    // The job runs in another organization with a token that would be refused: only the connection can pass.
    const elsewhere = { SYSTEM_TEAMFOUNDATIONCOLLECTIONURI: `${emulator.orgUrl("fabrikam")}/`, SECRET_SYSTEM_ACCESSTOKEN: "not-a-token" };
    const run = await runTask({ identity: "admin@contoso.com", connection: id }, { ...elsewhere, ...connection });
    expect(run.complete).toEqual({ result: "Succeeded", message: "admin@contoso.com has every permission dbt Cloud needs" });
    const own = run.stdout
      .split("\n")
      .filter((line) => !line.startsWith("##vso[task.debug]"))
      .join("\n");
    expect(own).not.toContain(ADMIN_PAT);

    const before = emulator.stats.requests;
    const both = await runTask({ identity: "admin@contoso.com", connection: id, personalAccessToken: ADMIN_PAT }, { ...elsewhere, ...connection });
    expect(both.complete).toEqual({ result: "Failed", message: "Give either connection or personalAccessToken, not both" });
    const unknown = await runTask({ identity: "admin@contoso.com", connection: "3e1d2c4b-0000-4000-8000-000000000000" }, elsewhere);
    expect(unknown.complete?.result).toBe("Failed");
    expect(unknown.complete?.message).toMatch(/gives no organization URL and personal access token/);
    expect(emulator.stats.requests).toBe(before);
  });

  test("bad input fails with one sentence before any request, and writes nothing", async () => {
    const before = emulator.stats.requests;
    const noIdentity = await runTask({});
    expect(noIdentity.complete).toEqual({ result: "Failed", message: expect.stringMatching(/^Input required: identity/) });
    const badFailOn = await runTask({ identity: SERVICE_USER, failOn: "sometimes" });
    expect(badFailOn.complete?.message).toMatch(/failOn must be one of errors, warnings, never/);
    const badVerify = await runTask({ identity: SERVICE_USER, verify: "sometimes" });
    expect(badVerify.complete?.message).toMatch(/verify must be one of missing, all, none/);
    const badTimeout = await runTask({ identity: SERVICE_USER, timeout: "soon" });
    expect(badTimeout.complete?.message).toBe('timeout must be a number of seconds from 1 to 3600, not "soon"');
    const badTenant = await runTask({ identity: SERVICE_USER, tenantId: "contoso" });
    expect(badTenant.complete?.message).toMatch(/tenantId must be a GUID/);
    const noToken = await runTask({ identity: SERVICE_USER }, {});
    expect(noToken.complete?.message).toMatch(/^No credentials: System.AccessToken/);
    expect(emulator.stats.requests).toBe(before);
    for (const run of [noIdentity, badFailOn, badTimeout, badTenant, noToken]) {
      expect(existsSync(join(run.temp, "dbt-ado-audit.xml"))).toBe(false);
      expect(named(run, "results.publish")).toEqual([]);
    }
  });

  test("an unknown identity fails the task with the audit's own explanation", async () => {
    const run = await runTask({ identity: "nobody@contoso.com" });
    expect(run.complete?.result).toBe("Failed");
    expect(run.complete?.message).toMatch(/nobody@contoso\.com/);
  });
});
