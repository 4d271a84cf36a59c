/**
 * The official azure-devops-extension-api REST clients (what the hubs use) against the emulator: they send
 * `noArrayWrap`, `enumsAsNumbers` and `msDateFormat` in Accept, and read paging from response headers.
 */
import { generateOrg, startEmulator, type RunningEmulator } from "../../emulator";
import { ADMIN, demoSeed } from "./support";

// whatwg-fetch (required by the client's Common/Fetch) needs `self` in Node (azure-devops-extension-api's Common/Client.js and Common/Fetch.js).
(globalThis as { self?: unknown }).self = globalThis;
const { CoreRestClient, ProjectVisibility } = require("azure-devops-extension-api/Core");
const { GitRestClient } = require("azure-devops-extension-api/Git");
const { ServiceHooksRestClient, SubscriptionStatus } = require("azure-devops-extension-api/ServiceHooks");

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ seeds: [demoSeed(), generateOrg({ name: "paged", projects: 120, reposPerProject: 0 })] });
});
afterAll(() => emu.stop());

const options = (org = "contoso") => ({ rootPath: `${emu.orgUrl(org)}/`, authTokenProvider: { getAuthorizationHeader: async () => ADMIN } });

test("CoreRestClient.getProjects: bare array, numeric enums, Date objects, continuation token from the header", async () => {
  const projects = await new CoreRestClient(options()).getProjects();
  expect(projects.map((p: any) => p.name)).toEqual(["Analytics", "Finance", "HR", "Marketing", "Platform"]);
  expect(projects.find((p: any) => p.name === "Marketing").visibility).toBe(ProjectVisibility.Public);
  expect(projects[0].lastUpdateTime).toBeInstanceOf(Date);
  expect(projects.continuationToken).toBeNull();
  const firstPage = await new CoreRestClient(options("paged")).getProjects();
  expect(firstPage).toHaveLength(100);
  expect(firstPage.continuationToken).toBe("100");
});

test("CoreRestClient errors carry the status and the parsed VSS body", async () => {
  await expect(new CoreRestClient(options()).getProject("Nope")).rejects.toMatchObject({
    status: 404,
    serverError: { typeKey: "ProjectDoesNotExistWithNameException" },
  });
});

test("GitRestClient.getRepositories for one project", async () => {
  const repos = await new GitRestClient(options()).getRepositories("Analytics");
  expect(repos.map((r: any) => r.name)).toEqual(["analytics-sandbox", "dbt-models", "ml-experiments"]);
});

test("ServiceHooksRestClient lists subscriptions with numeric statuses and reads notifications", async () => {
  const client = new ServiceHooksRestClient(options());
  const subscriptions = await client.listSubscriptions();
  expect(subscriptions).toHaveLength(11);
  expect(subscriptions.map((s: any) => s.status)).toContain(SubscriptionStatus.OnProbation);
  expect(subscriptions[0].createdDate).toBeInstanceOf(Date);
  const notifications = await client.getNotifications("2e3f4a5b-6c7d-4e8f-8a9b-1c2d3e4f5a6b");
  expect(notifications).toHaveLength(3);
});
