import {
  adoOrganizationSettingsUrl,
  adoProjectPermissionsUrl,
  adoProjectServiceHooksUrl,
  adoRepositoriesSecurityUrl,
  adoRepositorySecurityUrl,
  buildLinks,
  dbtAccountSettingsUrl,
  dbtIntegrationsUrl,
  entraAppBladeUrl,
  entraAppRegistrationsUrl,
  entraPerUserMfaUrl,
  entraUserAuthMethodsUrl,
  findLink,
  organizationBaseUrl,
  redirectUrisFor,
  type LinkId,
  type OrganizationRef,
} from "../../../src/core/setup/links";

const APP = "3f2b8c1e-4d5a-4e6f-9a8b-7c6d5e4f3a2b";
const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
const USER = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";
const DEV_AZURE: OrganizationRef = { name: "contoso", url: "https://dev.azure.com/contoso/" };

describe("Entra ID links", () => {
  it("builds the app registrations list, plain and tenant-pinned", () => {
    expect(entraAppRegistrationsUrl()).toBe("https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade");
    expect(entraAppRegistrationsUrl(TENANT)).toBe(`https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade`);
  });

  it.each([["Overview"], ["Authentication"], ["CallAnAPI"], ["Credentials"]] as const)("builds the %s blade of an app", (blade) => {
    expect(entraAppBladeUrl(APP, blade)).toBe(
      `https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/${blade}/appId/${APP}`,
    );
    expect(entraAppBladeUrl(APP, blade, TENANT)).toBe(
      `https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/${blade}/appId/${APP}`,
    );
  });

  it("normalises the ids it puts in a link", () => {
    expect(entraAppBladeUrl(` ${APP.toUpperCase()} `, "Overview", TENANT.toUpperCase())).toBe(
      `https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${APP}`,
    );
  });

  it("refuses to build an app link from a value that is not a GUID", () => {
    expect(() => entraAppBladeUrl("my-app", "Overview")).toThrow(/Application \(client\) ID must be a GUID/);
    expect(() => entraAppBladeUrl(APP, "Overview", "contoso.onmicrosoft.com")).toThrow(/domain name/);
  });

  it("links to the service user's Authentication methods only with an object id", () => {
    expect(entraUserAuthMethodsUrl(USER)).toBe(
      `https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/UserAuthMethods/userId/${USER}`,
    );
    expect(entraUserAuthMethodsUrl(undefined)).toBeUndefined();
    expect(entraUserAuthMethodsUrl("svc-dbt@contoso.com")).toBeUndefined();
  });

  it("builds the legacy per-user MFA page, optionally for one tenant", () => {
    const base = "https://account.activedirectory.windowsazure.com/UserManagement/MultifactorVerification.aspx";
    expect(entraPerUserMfaUrl()).toBe(base);
    expect(entraPerUserMfaUrl(TENANT)).toBe(`${base}?tenantId=${TENANT}`);
  });
});

describe("Azure DevOps links", () => {
  it.each([
    [DEV_AZURE, "https://dev.azure.com/contoso"],
    [{ name: "contoso", url: "https://contoso.visualstudio.com" }, "https://contoso.visualstudio.com"],
    [{ name: "contoso", url: "https://contoso.visualstudio.com/" }, "https://contoso.visualstudio.com"],
    [{ name: "contoso", url: "http://127.0.0.1:45678/contoso" }, "http://127.0.0.1:45678/contoso"],
  ])("builds organization pages from the organization's own URL (%j)", (org, base) => {
    expect(organizationBaseUrl(org)).toBe(base);
    expect(adoOrganizationSettingsUrl(org, "organizationAad")).toBe(`${base}/_settings/organizationAad`);
    expect(adoOrganizationSettingsUrl(org, "users")).toBe(`${base}/_settings/users`);
    expect(adoOrganizationSettingsUrl(org, "groups")).toBe(`${base}/_settings/groups`);
    expect(adoOrganizationSettingsUrl(org, "organizationPolicy")).toBe(`${base}/_settings/organizationPolicy`);
  });

  it("builds project and repository pages, escaping the project name", () => {
    expect(adoProjectServiceHooksUrl(DEV_AZURE, "Data Platform")).toBe("https://dev.azure.com/contoso/Data%20Platform/_settings/serviceHooks");
    expect(adoProjectPermissionsUrl(DEV_AZURE, "Analytics")).toBe("https://dev.azure.com/contoso/Analytics/_settings/permissions");
    expect(adoRepositoriesSecurityUrl(DEV_AZURE, "Analytics")).toBe("https://dev.azure.com/contoso/Analytics/_settings/repositories?_a=permissions");
    expect(adoRepositorySecurityUrl(DEV_AZURE, "Analytics", "5febef5a-833d-4e14-b9c0-14cb638f91e6")).toBe(
      "https://dev.azure.com/contoso/Analytics/_settings/repositories?repo=5febef5a-833d-4e14-b9c0-14cb638f91e6&_a=permissionsMid",
    );
    expect(adoProjectServiceHooksUrl(DEV_AZURE, "R&D/x?")).toBe("https://dev.azure.com/contoso/R%26D%2Fx%3F/_settings/serviceHooks");
  });

  it.each([
    [{ name: "contoso", url: "contoso" }, /not a URL/],
    [{ name: "contoso", url: "ftp://dev.azure.com/contoso" }, /https:\/\//],
    [{ name: "contoso", url: "https://dev.azure.com/contoso?x=1" }, /plain base URL/],
    [{ name: "contoso", url: "https://me@dev.azure.com/contoso" }, /plain base URL/],
  ])("refuses an organization URL that is not a plain base URL (%j)", (org, pattern) => {
    expect(() => organizationBaseUrl(org)).toThrow(pattern);
  });

  it("needs a project and a repository id", () => {
    expect(() => adoProjectServiceHooksUrl(DEV_AZURE, " ")).toThrow(/project name or id/);
    expect(() => adoRepositorySecurityUrl(DEV_AZURE, "Analytics", "")).toThrow(/repository id/);
  });
});

describe("dbt Cloud links and values", () => {
  it("builds the Integrations page (inferred) and the account root from a typed access URL", () => {
    expect(dbtIntegrationsUrl("https://ABC123.us1.dbt.com/", 12345)).toBe("https://abc123.us1.dbt.com/settings/accounts/12345/pages/integrations");
    expect(dbtAccountSettingsUrl("cloud.getdbt.com", "70403")).toBe("https://cloud.getdbt.com/settings/accounts/70403");
  });

  it("builds both redirect URIs for the access URL", () => {
    expect(redirectUrisFor("https://Cloud.GetDBT.com/")).toEqual({
      personal: "https://cloud.getdbt.com/complete/azure_active_directory",
      serviceUser: "https://cloud.getdbt.com/complete/azure_active_directory_service_user",
    });
    expect(redirectUrisFor("abc123.eu2.dbt.com").serviceUser).toBe("https://abc123.eu2.dbt.com/complete/azure_active_directory_service_user");
  });

  it("refuses a bad access URL or account id", () => {
    expect(() => redirectUrisFor("10.0.0.1")).toThrow(/IP address/);
    expect(() => dbtIntegrationsUrl("cloud.getdbt.com", 0)).toThrow(/positive/);
  });
});

describe("buildLinks", () => {
  const full = {
    organization: DEV_AZURE,
    applicationId: APP,
    tenantId: TENANT,
    accessUrl: "https://abc123.us1.dbt.com",
    accountId: "12345",
    serviceUserObjectId: USER,
    projects: [{ name: "Analytics", repositories: [{ id: "r1", name: "dbt-models" }] }],
  };

  it("gives every link for a complete input, each owned by the persona who uses that page", () => {
    const set = buildLinks(full);
    expect(set.problems).toEqual([]);
    const expected: Record<LinkId, string> = {
      "entra.appRegistrations": `https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade`,
      "entra.managedApplication": `https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${APP}`,
      "entra.appOverview": `https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Overview/appId/${APP}`,
      "entra.appAuthentication": `https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Authentication/appId/${APP}`,
      "entra.appApiPermissions": `https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/CallAnAPI/appId/${APP}`,
      "entra.appCredentials": `https://portal.azure.com/#@${TENANT}/view/Microsoft_AAD_RegisteredApps/ApplicationMenuBlade/~/Credentials/appId/${APP}`,
      "entra.userAuthMethods": `https://entra.microsoft.com/#view/Microsoft_AAD_UsersAndTenants/UserProfileMenuBlade/~/UserAuthMethods/userId/${USER}`,
      "entra.perUserMfa": `https://account.activedirectory.windowsazure.com/UserManagement/MultifactorVerification.aspx?tenantId=${TENANT}`,
      "ado.organizationAad": "https://dev.azure.com/contoso/_settings/organizationAad",
      "ado.users": "https://dev.azure.com/contoso/_settings/users",
      "ado.groups": "https://dev.azure.com/contoso/_settings/groups",
      "ado.organizationPolicy": "https://dev.azure.com/contoso/_settings/organizationPolicy",
      "ado.projectServiceHooks": "https://dev.azure.com/contoso/Analytics/_settings/serviceHooks",
      "ado.projectPermissions": "https://dev.azure.com/contoso/Analytics/_settings/permissions",
      "ado.repositoriesSecurity": "https://dev.azure.com/contoso/Analytics/_settings/repositories?_a=permissions",
      "ado.repositorySecurity": "https://dev.azure.com/contoso/Analytics/_settings/repositories?repo=r1&_a=permissionsMid",
      "dbt.integrations": "https://abc123.us1.dbt.com/settings/accounts/12345/pages/integrations",
      "dbt.account": "https://abc123.us1.dbt.com/settings/accounts/12345",
    };
    expect(Object.fromEntries(set.links.map((link) => [link.id, link.url]))).toEqual(expected);
    const ownerByPrefix = { entra: "entraAdmin", ado: "adoAdmin", dbt: "dbtAdmin" } as const;
    for (const link of set.links) {
      expect(link.owner).toBe(ownerByPrefix[link.id.split(".")[0] as keyof typeof ownerByPrefix]);
      expect(link.label.length).toBeGreaterThan(0);
    }
    expect(findLink(set, "ado.repositorySecurity")?.about).toBe("Analytics/dbt-models");
  });

  it("gives the exact values to paste: dbt Cloud's form fields and both redirect URIs", () => {
    const { values } = buildLinks({ ...full, applicationId: APP.toUpperCase() });
    expect(values.map(({ id, value, owner }) => ({ id, value, owner }))).toEqual([
      { id: "dbt.organizationName", value: "contoso", owner: "dbtAdmin" },
      { id: "dbt.applicationId", value: APP, owner: "dbtAdmin" },
      { id: "dbt.tenantId", value: TENANT, owner: "dbtAdmin" },
      { id: "entra.redirectUri", value: "https://abc123.us1.dbt.com/complete/azure_active_directory", owner: "entraAdmin" },
      {
        id: "entra.redirectUriServiceUser",
        value: "https://abc123.us1.dbt.com/complete/azure_active_directory_service_user",
        owner: "entraAdmin",
      },
    ]);
  });

  it("with only the organization, still gives the Azure DevOps and generic Entra pages", () => {
    const set = buildLinks({ organization: DEV_AZURE });
    expect(set.problems).toEqual([]);
    expect(set.links.map((link) => link.id)).toEqual([
      "entra.appRegistrations",
      "entra.perUserMfa",
      "ado.organizationAad",
      "ado.users",
      "ado.groups",
      "ado.organizationPolicy",
    ]);
    expect(set.values.map((value) => value.id)).toEqual(["dbt.organizationName"]);
  });

  it("reports each invalid input and leaves out only the links that need it", () => {
    const set = buildLinks({ ...full, applicationId: "my-app", accountId: "abc", tenantId: "" });
    expect(set.problems.map((problem) => problem.field).sort()).toEqual(["accountId", "applicationId"]);
    const ids = set.links.map((link) => link.id);
    expect(ids).not.toContain("entra.appOverview");
    expect(ids).not.toContain("dbt.integrations");
    expect(ids).toContain("ado.users");
    // The access URL was fine, so the redirect URIs are still there; the tenant was blank, so nothing is pinned.
    expect(set.values.map((value) => value.id)).toContain("entra.redirectUriServiceUser");
    expect(findLink(set, "entra.appRegistrations")?.url).toBe("https://portal.azure.com/#view/Microsoft_AAD_RegisteredApps/ApplicationsListBlade");
  });

  it("reports an organization name with the dev.azure.com/ prefix and offers no value to paste", () => {
    const set = buildLinks({ organization: { name: "dev.azure.com/contoso", url: "https://dev.azure.com/contoso" } });
    expect(set.problems).toHaveLength(1);
    expect(set.problems[0]).toMatchObject({ field: "organization" });
    expect(set.problems[0].message).toContain("dev.azure.com/");
    expect(set.values).toEqual([]);
    expect(findLink(set, "ado.users")?.url).toBe("https://dev.azure.com/contoso/_settings/users");
  });

  it("reports an unusable organization URL and builds no Azure DevOps link", () => {
    const set = buildLinks({ organization: { name: "contoso", url: "dev.azure.com/contoso" } });
    expect(set.problems.map((problem) => problem.field)).toEqual(["organization"]);
    expect(set.links.some((link) => link.owner === "adoAdmin")).toBe(false);
  });

  it("reports a bad access URL and gives no dbt links or redirect URIs", () => {
    const set = buildLinks({ ...full, accessUrl: "cloud.getdbt.com:8443" });
    expect(set.problems).toEqual([{ field: "accessUrl", message: expect.stringContaining(":8443") }]);
    expect(set.links.some((link) => link.owner === "dbtAdmin")).toBe(false);
    expect(set.values.map((value) => value.id)).toEqual(["dbt.organizationName", "dbt.applicationId", "dbt.tenantId"]);
  });
});
