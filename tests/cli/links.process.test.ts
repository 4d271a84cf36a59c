/** `dbt-ado links` as the shipped executable, in a child process with an empty environment. */
import { buildCli, spawnCli } from "./support/cli";

const APP = "3f2b8c1e-4d5a-4e6f-9a8b-7c6d5e4f3a2b";

beforeAll(() => buildCli());

test("prints the links as JSON with no credentials in the environment", async () => {
  const result = await spawnCli(["links", "--org", "contoso", "--app-id", APP, "--access-url", "abc123.us1.dbt.com", "--format", "json"]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: "" });
  const body = JSON.parse(result.stdout) as { values: { id: string; value: string }[]; links: { id: string; url: string }[] };
  expect(body.values.map((v) => [v.id, v.value])).toEqual([
    ["dbt.organizationName", "contoso"],
    ["dbt.applicationId", APP],
    ["entra.redirectUri", "https://abc123.us1.dbt.com/complete/azure_active_directory"],
    ["entra.redirectUriServiceUser", "https://abc123.us1.dbt.com/complete/azure_active_directory_service_user"],
  ]);
  expect(body.links.find((l) => l.id === "entra.appAuthentication")?.url).toBe(
    `https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Authentication/appId/${APP}`,
  );
});

test("an invalid value exits 2 with one line on stderr", async () => {
  const result = await spawnCli(["links", "--org", "contoso", "--account-id", "https://cloud.getdbt.com/deploy/accounts/42/"]);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toBe('dbt-ado: --account-id: Type only the account id, not the whole URL: "42". (see "dbt-ado links --help")\n');
});
