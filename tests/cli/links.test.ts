/** `dbt-ado links` in-process: a rendering of the core's buildLinks, no credentials, one-line errors. */
import { createServer } from "node:net";
import { buildLinks, entraAppBladeUrl, type Link } from "../../src/core/setup/links";
import { expectOneLineError, runCli } from "./support/cli";

const APP = "3f2b8c1e-4d5a-4e6f-9a8b-7c6d5e4f3a2b";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const ALL = ["links", "--org", "contoso", "--access-url", "abc123.us1.dbt.com", "--account-id", "12345", "--app-id", APP, "--tenant-id", TENANT];

interface LinksJson {
  organization: { name: string; url: string };
  links: Link[];
  values: { id: string; label: string; value: string; owner: string }[];
}

async function json(args: string[]): Promise<LinksJson> {
  const result = await runCli([...args, "--format", "json"]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
  return JSON.parse(result.stdout) as LinksJson;
}

function valueOf(body: LinksJson, id: string): string | undefined {
  return body.values.find((value) => value.id === id)?.value;
}

function urlOf(body: LinksJson, id: string): string | undefined {
  return body.links.find((link) => link.id === id)?.url;
}

/** A port nothing listens on: one the OS just handed out and that was closed again. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe("dbt-ado links", () => {
  test("the table lists every page by who does it, then the exact values to paste", async () => {
    const result = await runCli(ALL);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const out = result.stdout;
    // The sections come in the procedure's order: Entra admin, Azure DevOps admin, dbt Cloud admin.
    const sections = ["Microsoft Entra ID admin", "Azure DevOps admin", "dbt Cloud account admin", "Values to paste"].map((s) =>
      out.indexOf(`\n${s}\n`),
    );
    expect(sections.every((index) => index > 0)).toBe(true);
    expect([...sections].sort((a, b) => a - b)).toEqual(sections);
    // Each Entra blade of the entered app, pinned to the entered tenant.
    for (const blade of ["Overview", "Authentication", "CallAnAPI", "Credentials"]) {
      expect(out).toContain(
        `    https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/${blade}/appId/${APP}\n`,
      );
    }
    expect(out).toContain("    https://dev.azure.com/contoso/_settings/organizationAad\n");
    expect(out).toContain("    https://abc123.us1.dbt.com/settings/accounts/12345/pages/integrations\n");
    // Values: the bare organization name and both redirect URIs, each alone at the end of its line.
    expect(out).toMatch(/^ {2}dbt Cloud > Azure DevOps Organization +contoso$/m);
    expect(out).toMatch(/^ {2}Redirect URI \(Web\): personal OAuth +https:\/\/abc123\.us1\.dbt\.com\/complete\/azure_active_directory$/m);
    expect(out).toMatch(/^ {2}Redirect URI \(Web\): service user +https:\/\/abc123\.us1\.dbt\.com\/complete\/azure_active_directory_service_user$/m);
    expect(out).not.toContain("Not shown");
  });

  test("json is exactly the core's link set for the same inputs", async () => {
    const body = await json(ALL);
    const expected = buildLinks({
      organization: { name: "contoso", url: "https://dev.azure.com/contoso/" },
      applicationId: APP,
      tenantId: TENANT,
      accessUrl: "abc123.us1.dbt.com",
      accountId: "12345",
    });
    expect(body).toEqual({
      organization: { name: "contoso", url: "https://dev.azure.com/contoso" },
      links: expected.links,
      values: expected.values,
    });
    expect(urlOf(body, "entra.appApiPermissions")).toBe(entraAppBladeUrl(APP, "CallAnAPI", TENANT));
  });

  test.each([
    ["https://dev.azure.com/contoso/", "https://dev.azure.com/contoso/_settings/organizationAad"],
    ["https://dev.azure.com/contoso/Analytics/_git/dbt", "https://dev.azure.com/contoso/_settings/organizationAad"],
    ["https://contoso.visualstudio.com", "https://contoso.visualstudio.com/_settings/organizationAad"],
  ])("--org %s gives the bare name for dbt Cloud and links on the organization's own host", async (org, entraConnection) => {
    const body = await json(["links", "--org", org]);
    expect(valueOf(body, "dbt.organizationName")).toBe("contoso");
    expect(urlOf(body, "ado.organizationAad")).toBe(entraConnection);
  });

  test.each([
    ["a cell host", "abc123.eu2.dbt.com", "https://abc123.eu2.dbt.com"],
    ["an account-scoped host", "abc123.dbt.com", "https://abc123.dbt.com"],
    ["the legacy US host, pasted as a URL with a path", "https://cloud.getdbt.com/deploy/1/projects", "https://cloud.getdbt.com"],
    ["a single-tenant host on the customer's domain", "DBT.Acme-Corp.example", "https://dbt.acme-corp.example"],
  ])("--access-url with %s gives both redirect URIs on that host", async (_, accessUrl, origin) => {
    const body = await json(["links", "--org", "contoso", "--access-url", accessUrl, "--account-id", "7"]);
    expect(valueOf(body, "entra.redirectUri")).toBe(`${origin}/complete/azure_active_directory`);
    expect(valueOf(body, "entra.redirectUriServiceUser")).toBe(`${origin}/complete/azure_active_directory_service_user`);
    expect(urlOf(body, "dbt.integrations")).toBe(`${origin}/settings/accounts/7/pages/integrations`);
  });

  test("without the optional flags it prints what it can and says which flag adds the rest", async () => {
    const result = await runCli(["links", "--org", "contoso", "--access-url", "abc123.us1.dbt.com"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain("appId/");
    expect(result.stdout).not.toContain("/settings/accounts/");
    expect(result.stdout).toContain("/complete/azure_active_directory_service_user");
    const hints = result.stdout.slice(result.stdout.indexOf("Not shown; add:"));
    expect(hints).toMatch(/^ {2}--app-id <guid> /m);
    expect(hints).toMatch(/^ {2}--tenant-id <guid> /m);
    expect(hints).toMatch(/^ {2}--account-id <n> /m);
    expect(hints).not.toContain("--access-url");
  });

  test("needs no credentials and sends no request: an unreachable organization URL still works", async () => {
    const port = await closedPort();
    const result = await runCli(["links", "--org", `http://127.0.0.1:${port}/contoso`, "--format", "json"], {});
    expect(result.code).toBe(0);
    const body = JSON.parse(result.stdout) as LinksJson;
    expect(urlOf(body, "ado.users")).toBe(`http://127.0.0.1:${port}/contoso/_settings/users`);
  });

  test("help says no credentials are needed", async () => {
    const result = await runCli(["links", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Usage: dbt-ado links --org <name|url> [--access-url <host>] [--account-id <n>] [--app-id <guid>] [--tenant-id <guid>] [--route <service-principal|service-user>] [--format <table|json>]",
    );
    expect(result.stdout).toContain("No credentials are needed");
    expect(result.stdout).not.toContain("AZURE_DEVOPS_EXT_PAT");
  });

  test("the overview lists the command", async () => {
    const result = await runCli(["--help"]);
    expect(result.stdout).toMatch(/^ {2}links +Print the deep links/m);
  });

  test.each([
    ["an application id that is not a GUID", ["--app-id", "not-a-guid"], /--app-id: Application \(client\) ID must be a GUID/],
    [
      "a client secret pasted as the app id",
      ["--app-id", "Abc8Q~x1y2z3w4v5u6t7s8r9q0p1o2n3m4l5k6j7"],
      /--app-id: This looks like a client secret Value/,
    ],
    ["a tenant domain instead of its id", ["--tenant-id", "contoso.onmicrosoft.com"], /--tenant-id: "contoso\.onmicrosoft\.com" is a domain name/],
    ["an IP address as access URL", ["--access-url", "10.0.0.1"], /--access-url: "10\.0\.0\.1" is an IP address/],
    ["dbt's sign-in page as access URL", ["--access-url", "login.dbt.com"], /--access-url: .*login\.dbt\.com is dbt's sign-in page/],
    ["an account id that is not a number", ["--account-id", "12a"], /--account-id: dbt Cloud account id must be a positive whole number/],
    ["an account id without the access URL its pages live on", ["--account-id", "12345"], /--account-id: needs --access-url/],
    ["an unknown format", ["--format", "xml"], /--format must be one of table, json; got "xml"/],
    ["a positional argument", ["contoso"], /unexpected argument "contoso"/],
  ])("%s is a usage error: exit 2, one line", async (_, extra, pattern) => {
    expectOneLineError(await runCli(["links", "--org", "contoso", ...extra]), pattern);
  });

  test("several invalid values are all named on the one line", async () => {
    const result = await runCli(["links", "--org", "contoso", "--app-id", "x", "--account-id", "0"]);
    expectOneLineError(result, /--app-id: .*--account-id: /);
  });

  test("an invalid organization is a usage error too", async () => {
    expectOneLineError(await runCli(["links", "--org", "-contoso-"]), /not a valid Azure DevOps organization name/);
    expectOneLineError(await runCli(["links"]), /missing required flag --org/);
  });

  test("--route service-principal leaves out the service user's MFA pages and redirect URI, and adds the app's service principal", async () => {
    const principal = await json([...ALL, "--route", "service-principal"]);
    const expected = buildLinks({
      organization: { name: "contoso", url: "https://dev.azure.com/contoso" },
      accessUrl: "abc123.us1.dbt.com",
      accountId: "12345",
      applicationId: APP,
      tenantId: TENANT,
      route: "servicePrincipal",
    });
    expect({ links: principal.links, values: principal.values }).toEqual({ links: expected.links, values: expected.values });
    const ids = principal.links.map((link) => link.id);
    expect(ids).not.toContain("entra.perUserMfa");
    expect(ids).toContain("entra.managedApplication");
    expect(valueOf(principal, "entra.redirectUriServiceUser")).toBeUndefined();
    expect(valueOf(principal, "dbt.tenantId")).toBe(TENANT);

    const user = await json([...ALL, "--route", "service-user"]);
    expect(user.links.map((link) => link.id)).toContain("entra.perUserMfa");
    expect(user.links.map((link) => link.id)).not.toContain("entra.managedApplication");
    expect(valueOf(user, "entra.redirectUriServiceUser")).toBe("https://abc123.us1.dbt.com/complete/azure_active_directory_service_user");
  });

  test("--route takes only the two routes", async () => {
    expectOneLineError(await runCli([...ALL, "--route", "pat"]), /--route/);
  });
});
