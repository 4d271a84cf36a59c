/** `run` in-process: help, version and the bad-input cases that need no server. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:net";
import { AdoError, AdoGateway, type GatewayOptions } from "../../src/ado";
import { ROOT, expectOneLineError, runCli } from "./support/cli";

/** A port nothing listens on: one the OS just handed out and that was closed again. */
function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const PAT = { AZURE_DEVOPS_EXT_PAT: "some-pat" };
const audit = (...extra: string[]) => ["audit", "--org", "contoso", "--identity", "svc-dbt@contoso.com", ...extra];

describe("run", () => {
  test("--help and -h print the overview on stdout and exit 0", async () => {
    for (const flag of ["--help", "-h"]) {
      const result = await runCli([flag]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Usage: dbt-ado <command> [flags]");
      expect(result.stdout).toMatch(/^ {2}audit {2}/m);
      expect(result.stderr).toBe("");
    }
  });

  test("no arguments prints the overview too", async () => {
    const result = await runCli([]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: dbt-ado <command> [flags]");
  });

  test("audit --help documents the flags, credentials and exit codes", async () => {
    const result = await runCli(["audit", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: dbt-ado audit --org <name|url> --identity <upn|email|name|descriptor>");
    expect(result.stdout).toContain("AZURE_DEVOPS_EXT_PAT");
    expect(result.stdout).toContain("Exit codes: 0");
  });

  test("--version prints the package version", async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const result = await runCli(["--version"]);
    expect(result).toEqual({ code: 0, stdout: `dbt-ado ${pkg.version}\n`, stderr: "" });
  });

  test.each([
    ["an unknown command", ["inspect"], /unknown command "inspect"; expected one of: audit\b.* \(see "dbt-ado --help"\)$/],
    ["an unknown flag", audit("--verbose"), /unknown flag --verbose for "audit" \(see "dbt-ado audit --help"\)$/],
    ["a token passed as a flag", audit("--pat", "secret"), /unknown flag --pat for "audit"/],
    ["a missing flag value", ["audit", "--org", "contoso", "--identity"], /--identity needs a value/],
    ["a missing required flag", ["audit", "--org", "contoso"], /missing required flag --identity/],
    ["an unknown format", audit("--format", "html"), /--format must be one of table, json, markdown, junit; got "html"/],
    ["a positional argument", ["audit", "contoso"], /unexpected argument "contoso"/],
  ])("%s is a usage error", async (_, argv, pattern) => {
    expectOneLineError(await runCli(argv, PAT), pattern);
  });

  test.each([
    ["a name with invalid characters", "con toso!"],
    ["a URL without an organization", "https://dev.azure.com/"],
    ["a non-http URL", "ftp://dev.azure.com/contoso"],
  ])("a malformed --org (%s) is a usage error", async (_, org) => {
    expectOneLineError(await runCli(["audit", "--org", org, "--identity", "svc"], PAT), /--org|organization/);
  });

  test("missing credentials are reported before any request", async () => {
    // Port 9 (discard) is never contacted: the credential check comes first.
    const result = await runCli(["audit", "--org", "http://127.0.0.1:9/contoso", "--identity", "svc"], {});
    expectOneLineError(result, /No credentials: set AZURE_DEVOPS_EXT_PAT .*SYSTEM_ACCESSTOKEN/);
  });

  test("empty credential variables count as missing", async () => {
    const result = await runCli(audit(), { AZURE_DEVOPS_EXT_PAT: "  ", SYSTEM_ACCESSTOKEN: "" });
    expectOneLineError(result, /No credentials/);
  });

  test("an unreachable host is a one-line connection error", async () => {
    const port = await freePort();
    const result = await runCli(["audit", "--org", `http://127.0.0.1:${port}/contoso`, "--identity", "svc"], PAT);
    expectOneLineError(result, new RegExp(`Could not connect to 127\\.0\\.0\\.1:${port}: the connection was refused`));
  });

  test.each([
    ["audit", audit("--project", "Nope")],
    ["grant", ["grant", "--org", "contoso", "--identity", "svc-dbt@contoso.com", "--project", "Nope"]],
  ])("%s: progress that arrives after a failure is dropped, so the error stays the last line", async (_, args) => {
    // A gateway whose parallel reads fail while another one is still going and reports progress later.
    const spy = jest.spyOn(AdoGateway, "forOrganization").mockImplementation((options: Omit<GatewayOptions, "hosts">) => {
      const gateway = Object.create(AdoGateway.prototype) as AdoGateway;
      gateway.scoped = () => gateway;
      gateway.requestCount = () => 0;
      gateway.readSnapshot = async () => {
        options.onProgress?.("Discovering");
        setTimeout(() => options.onProgress?.("Identity: late progress"), 5);
        throw new AdoError("notFound", 'Project "Nope" was not found in contoso');
      };
      return gateway;
    });
    try {
      const result = await runCli(args, PAT);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(result.stderr).toBe('Discovering\ndbt-ado: Project "Nope" was not found in contoso\n');
      expectOneLineError(result, /Project "Nope" was not found/);
    } finally {
      spy.mockRestore();
    }
  });
});
