/**
 * The local host's server side: which hubs it offers (from the manifest), which token it hands out,
 * port settings, the page it serves, and that the extension origin serves only what the package ships.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadSeed, startEmulator, type OrgSeed, type RunningEmulator } from "../../../emulator";
import { hostTokenFor } from "../../../dev/host/hostToken";
import { hostPage, hubsOf, startDevHost, type DevHost } from "../../../dev/host/server";
import { DEFAULT_PORTS, portFromEnv } from "../../../dev/host/start";
import { DARK_THEME, LIGHT_THEME } from "../../../dev/host/themes";

const ROOT = path.resolve(__dirname, "../../..");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "vss-extension.json"), "utf8"));
let seed: OrgSeed;

beforeAll(() => {
  seed = loadSeed(path.join(ROOT, "emulator/seeds/demo.json"));
});

test("the host offers the manifest's two settings hubs at their levels", () => {
  expect(hubsOf(manifest)).toEqual([
    {
      id: "org-settings-hub",
      contributionId: "dbt-ado-doctor.dbt-ado-doctor.org-settings-hub",
      label: "Organization settings",
      uri: "dist/org-settings.html",
      level: "organization",
    },
    {
      id: "project-settings-hub",
      contributionId: "dbt-ado-doctor.dbt-ado-doctor.project-settings-hub",
      label: "Project settings",
      uri: "dist/project-settings.html",
      level: "project",
    },
  ]);
  expect(() => hubsOf({ ...manifest, contributions: [] })).toThrow("vss-extension.json contributes no settings hub");
});

test("the hubs get an administrator's Bearer token, never the audited user's", () => {
  expect(hostTokenFor(seed)).toEqual({ token: "demo-admin-bearer", identity: "admin@contoso.com" });
  const svcOnly = { ...seed, tokens: [{ token: "svc-bearer", identity: "svc-dbt@contoso.com", kind: "bearer" as const }] };
  expect(() => hostTokenFor(svcOnly)).toThrow(/no usable Bearer token for an administrator/);
});

test("ports have fixed defaults and can be overridden, with a clear error for nonsense", () => {
  expect(DEFAULT_PORTS).toEqual({ host: 8601, hub: 8602, emulator: 8603 });
  expect(portFromEnv("P", 8601, {})).toBe(8601);
  expect(portFromEnv("P", 8601, { P: "9000" })).toBe(9000);
  expect(portFromEnv("P", 8601, { P: "0" })).toBe(0);
  expect(() => portFromEnv("P", 8601, { P: "http" })).toThrow('P must be a port number (0-65535), got "http"');
});

test("the host page embeds its configuration so no value can end the script", () => {
  const html = hostPage({
    organization: { id: "o", name: "contoso" },
    orgUrl: "http://127.0.0.1:1/contoso/",
    resourceAreas: {},
    accessToken: "</script><script>alert(1)</script>",
    user: { id: "u", name: "a@b", displayName: "A", descriptor: "d", imageUrl: "" },
    extension: { id: "p.e", publisherId: "p", extensionId: "e", version: "1", baseUri: "http://localhost:2/" },
    hubs: hubsOf(manifest),
    projects: [],
    themes: { light: LIGHT_THEME, dark: DARK_THEME },
    chrome: { light: { background: "", bar: "", text: "", border: "" }, dark: { background: "", bar: "", text: "", border: "" } },
    initial: { hub: "org-settings-hub", theme: "light" },
    extensionData: {},
  });
  expect(html.match(/<\/script>/g)).toHaveLength(1);
  expect(html).toContain("\\u003c/script>\\u003cscript>alert(1)\\u003c/script>");
  expect(html).toContain("function hostFrameMain(config)");
});

describe("with the emulator", () => {
  let emulator: RunningEmulator;
  let workDir: string;
  let host: DevHost | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({ seeds: [seed] });
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "dbt-ado-devhost-"));
    fs.copyFileSync(path.join(ROOT, "vss-extension.json"), path.join(workDir, "vss-extension.json"));
  });

  afterAll(async () => {
    await host?.stop();
    await emulator.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  test("it refuses to start before the hubs are built", async () => {
    await expect(startDevHost({ rootDir: workDir, orgUrl: emulator.orgUrl("contoso"), accessToken: "demo-admin-bearer" })).rejects.toThrow(
      'dist/org-settings.html does not exist: build the hubs first with "npm run build:web".',
    );
  });

  test("a token the organization refuses is reported before anything is served", async () => {
    fs.mkdirSync(path.join(workDir, "dist"), { recursive: true });
    for (const page of ["org-settings.html", "project-settings.html"]) fs.writeFileSync(path.join(workDir, "dist", page), "<p>hub</p>");
    await expect(startDevHost({ rootDir: workDir, orgUrl: emulator.orgUrl("contoso"), accessToken: "not-a-token" })).rejects.toThrow(
      /did not accept the host's token for _apis\/connectionData \(HTTP 203, text\/html/,
    );
  });

  test("two origins: the host page, and the extension origin serving only dist/ and images/", async () => {
    fs.writeFileSync(path.join(workDir, "secret.txt"), "not shipped");
    host = await startDevHost({ rootDir: workDir, orgUrl: emulator.orgUrl("contoso"), accessToken: "demo-admin-bearer" });
    expect(new URL(host.hostUrl).hostname).toBe("127.0.0.1");
    expect(new URL(host.extensionBaseUri).hostname).toBe("localhost");

    const page = await (await fetch(host.hostUrl)).text();
    expect(page).toContain('"name":"contoso"');
    expect(page).toContain('"projects":[{"id"');
    // The emulator's Graph host, as its ResourceAreas advertise it.
    expect(page).toContain("bb1e7ec9-e901-4b68-999a-de7012b920f8");

    const base = host.extensionBaseUri.replace("localhost", "127.0.0.1");
    const hub = await fetch(`${base}dist/org-settings.html`);
    expect(hub.status).toBe(200);
    expect(hub.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect((await fetch(`${base}secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}dist/../secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}dist/%2e%2e/secret.txt`)).status).toBe(404);
    expect((await fetch(`${base}vss-extension.json`)).status).toBe(404);
  });

  test("extension data the host page writes outlives the page, and with a file the host itself", async () => {
    const dataFile = path.join(workDir, "state", "extension-data.json");
    const first = await startDevHost({
      rootDir: workDir,
      orgUrl: emulator.orgUrl("contoso"),
      accessToken: "demo-admin-bearer",
      extensionDataFile: dataFile,
    });
    const origin = new URL(first.hostUrl).origin;
    const key = "dbt-ado-doctor.dbt-ado-doctor|Default|$settings";
    const put = (host: DevHost, body: string, from = origin) =>
      fetch(`${host.hostUrl}_devhost/extension-data?collection=${encodeURIComponent(key)}`, {
        method: "PUT",
        headers: { "Content-Type": "application/json", Origin: from },
        body,
      });
    try {
      const documents = [{ id: "setup.settings", value: { fields: { accountId: "12345" } }, __etag: 1 }];
      expect((await put(first, JSON.stringify(documents))).status).toBe(204);
      // The next page load starts from it (a reload of the page).
      const page = await (await fetch(first.hostUrl)).text();
      expect(page).toContain('"extensionData":{"dbt-ado-doctor.dbt-ado-doctor|Default|$settings":[{"id":"setup.settings"');
      // Only the host page's own origin may write; the body must be documents.
      expect((await put(first, "[]", "http://localhost:1")).status).toBe(403);
      expect((await put(first, "not json")).status).toBe(400);
      expect((await put(first, JSON.stringify([{ value: 1 }]))).status).toBe(400);
      expect(JSON.parse(fs.readFileSync(dataFile, "utf8"))).toEqual({ [key]: documents });
    } finally {
      await first.stop();
    }
    // A new host over the same file: the data is still there.
    const second = await startDevHost({
      rootDir: workDir,
      orgUrl: emulator.orgUrl("contoso"),
      accessToken: "demo-admin-bearer",
      extensionDataFile: dataFile,
    });
    try {
      expect(await (await fetch(second.hostUrl)).text()).toContain('"id":"setup.settings"');
    } finally {
      await second.stop();
    }
  });
});
