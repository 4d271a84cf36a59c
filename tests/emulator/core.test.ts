/** Projects (paging, 404 body, visibility) and Git repositories, pinned to the reference's examples. */
import { generateOrg, startEmulator, type RunningEmulator } from "../../emulator";
import { ANALYTICS, DBT_MODELS, SVC_AUTH, basic, call, demoSeed, type Reply } from "./support";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seeds: [demoSeed(), generateOrg({ name: "paged", projects: 250, reposPerProject: 1 })] });
});
afterAll(() => emu.stop());

describe("projects", () => {
  test("list items have the TeamProjectReference shape of the reference example", async () => {
    const r = await call(emu, "/contoso/_apis/projects?api-version=7.1");
    const analytics = r.json.value.find((p: any) => p.name === "Analytics");
    expect(analytics).toEqual({
      id: ANALYTICS,
      name: "Analytics",
      description: "dbt models for the analytics warehouse",
      url: `${emu.baseUrl}/contoso/_apis/projects/${ANALYTICS}`,
      state: "wellFormed",
      revision: 411,
      visibility: "private",
      lastUpdateTime: "2026-09-02T10:11:12.123Z",
    });
    expect(r.json.value.find((p: any) => p.name === "Marketing").visibility).toBe("public");
    expect(r.headers.get("x-ms-continuationtoken")).toBeNull();
  });

  test("pages of 100 by default, chained through the x-ms-continuationtoken header (a count)", async () => {
    const admin = basic("demo-admin-pat");
    const names: string[] = [];
    const tokens: Array<string | null> = [];
    let token: string | null = null;
    do {
      const r: Reply = await call(emu, `/paged/_apis/projects?api-version=7.1${token ? `&continuationToken=${token}` : ""}`, { auth: admin });
      names.push(...r.json.value.map((p: any) => p.name));
      token = r.headers.get("x-ms-continuationtoken");
      tokens.push(token);
    } while (token);
    expect(tokens).toEqual(["100", "200", null]);
    expect(names).toHaveLength(250);
    expect(new Set(names).size).toBe(250);
  });

  test("$top sets the page size", async () => {
    const r = await call(emu, "/paged/_apis/projects?$top=30&continuationToken=240", { auth: basic("demo-admin-pat") });
    expect(r.json.count).toBe(10);
    expect(r.headers.get("x-ms-continuationtoken")).toBeNull();
    const first = await call(emu, "/paged/_apis/projects?$top=30", { auth: basic("demo-admin-pat") });
    expect(first.json.count).toBe(30);
    expect(first.headers.get("x-ms-continuationtoken")).toBe("30");
  });

  test("one project by name or id, with links and capabilities on request", async () => {
    const byName = await call(emu, "/contoso/_apis/projects/analytics?includeCapabilities=true");
    expect(byName.json.id).toBe(ANALYTICS);
    expect(byName.json.capabilities.versioncontrol.sourceControlType).toBe("Git");
    expect(byName.json._links.self.href).toBe(`${emu.baseUrl}/contoso/_apis/projects/${ANALYTICS}`);
    expect(byName.json.defaultTeam.name).toBe("Analytics Team");
    const byId = await call(emu, `/contoso/_apis/projects/${ANALYTICS.toUpperCase()}`);
    expect(byId.json.name).toBe("Analytics");
    expect(byId.json.capabilities).toBeUndefined();
  });

  test("an unknown project is a 404 with the TF200016 body", async () => {
    const r = await call(emu, "/contoso/_apis/projects/Analytcs");
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      $id: "1",
      innerException: null,
      message:
        "TF200016: The following project does not exist: Analytcs. Verify that the name of the project is correct and that the project exists on the specified Azure DevOps Server.",
      typeName: "Microsoft.TeamFoundation.Core.WebApi.ProjectDoesNotExistWithNameException, Microsoft.TeamFoundation.Core.WebApi",
      typeKey: "ProjectDoesNotExistWithNameException",
      errorCode: 0,
      eventId: 3000,
    });
  });

  test("a project the caller cannot read is listed nowhere and is a 404 too", async () => {
    const list = await call(emu, "/contoso/_apis/projects", { auth: SVC_AUTH });
    expect(list.json.value.map((p: any) => p.name).sort()).toEqual(["Analytics", "Finance", "Marketing", "Platform"]);
    expect((await call(emu, "/contoso/_apis/projects/HR", { auth: SVC_AUTH })).status).toBe(404);
    expect((await call(emu, "/contoso/_apis/projects/HR")).status).toBe(200);
  });
});

describe("git repositories", () => {
  test("the reference example's shape", async () => {
    const r = await call(emu, `/contoso/Analytics/_apis/git/repositories/${DBT_MODELS}?api-version=7.1`);
    expect(r.json).toMatchObject({
      id: DBT_MODELS,
      name: "dbt-models",
      url: `${emu.baseUrl}/contoso/${ANALYTICS}/_apis/git/repositories/${DBT_MODELS}`,
      project: { id: ANALYTICS, name: "Analytics", state: "wellFormed", revision: 411, visibility: "private" },
      defaultBranch: "refs/heads/main",
      size: 48213,
      remoteUrl: `${emu.baseUrl.replace("http://", "http://contoso@")}/contoso/Analytics/_git/dbt-models`,
      sshUrl: "git@ssh.dev.azure.com:v3/contoso/Analytics/dbt-models",
      webUrl: `${emu.baseUrl}/contoso/Analytics/_git/dbt-models`,
      isDisabled: false,
      isInMaintenance: false,
    });
  });

  test("org-wide list holds every repository; an empty one has no defaultBranch; disabled ones are listed", async () => {
    const r = await call(emu, "/contoso/_apis/git/repositories?api-version=7.1");
    expect(r.json.count).toBe(13);
    const sandbox = r.json.value.find((x: any) => x.name === "analytics-sandbox");
    expect("defaultBranch" in sandbox).toBe(false);
    expect(r.json.value.find((x: any) => x.name === "finance-archive").isDisabled).toBe(true);
  });

  test("per-project list by name or id", async () => {
    const byId = await call(emu, `/contoso/${ANALYTICS}/_apis/git/repositories`);
    const byName = await call(emu, "/contoso/analytics/_apis/git/repositories");
    expect(byId.json.value.map((x: any) => x.id)).toEqual(byName.json.value.map((x: any) => x.id));
    expect(byId.json.count).toBe(3);
  });

  test("unknown project and unknown repository errors", async () => {
    const project = await call(emu, "/contoso/Nope/_apis/git/repositories");
    expect(project.status).toBe(404);
    expect(project.json.typeKey).toBe("ProjectDoesNotExistWithNameException");
    const repo = await call(emu, "/contoso/Analytics/_apis/git/repositories/nope");
    expect(repo.status).toBe(404);
    expect(repo.json.message).toMatch(/^TF401019: /);
  });

  test("repositories the caller cannot read are not listed", async () => {
    const r = await call(emu, "/contoso/Analytics/_apis/git/repositories", { auth: SVC_AUTH });
    // ml-experiments has inheritance switched off and no entry for the service user.
    expect(r.json.value.map((x: any) => x.name).sort()).toEqual(["analytics-sandbox", "dbt-models"]);
  });
});
