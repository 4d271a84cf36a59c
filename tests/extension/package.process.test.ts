/**
 * `npm run package` builds the hubs, the pipeline task and the .vsix. The package must contribute both settings
 * hubs to the documented hub groups (tfx does not validate target ids) and the DbtCloudAudit task, request
 * exactly the scopes the product needs, and contain every file the manifests and pages refer to.
 *
 * The hubs' build step of that script is stood in for by this test run's shared production build (the same
 * webpack command); the task's build step runs as written (scripts/build-task.mjs) with the temporary folder's
 * bundle/ as output, and the tfx step runs as written in package.json in that folder, so the test never
 * rewrites the repository's dist/, bundle/ or out/.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { webBundle } from "../e2e/support/webBundle";
import { readZip } from "../hubs/support/zip";

const ROOT = path.resolve(__dirname, "../..");
jest.setTimeout(180_000);

let files: Map<string, Buffer>;
let vsomanifest: {
  scopes: string[];
  contributions: { id: string; type: string; targets: string[]; properties: { uri?: string; name: string } }[];
};
let vsixmanifest: string;

interface PackagedManifest {
  publisher: string;
  id: string;
  version: string;
  icons?: Record<string, string>;
  content?: Record<string, { path: string }>;
  screenshots?: { path: string }[];
  files?: { path: string }[];
}

let workDir: string;

const TASK_FOLDER = "bundle/tasks/DbtCloudAudit";

/** The three steps of `npm run package`: the hubs' build, the task's build, then tfx. */
function packageScriptSteps(): [string, string, string] {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const steps = (scripts.package as string).split("&&").map((step) => step.trim());
  if (
    steps.length !== 3 ||
    steps[0] !== "npm run build:web" ||
    steps[1] !== "npm run build:task" ||
    scripts["build:task"] !== "node scripts/build-task.mjs" ||
    !steps[2].startsWith("tfx ")
  ) {
    throw new Error(
      `The package script is no longer "npm run build:web && npm run build:task && tfx …"; update this test's build steps: ${scripts.package}`,
    );
  }
  return [steps[0], steps[1], steps[2]];
}

/** Copies what the manifest names from the repository (dist/ from the shared build) into `dir`. */
function stageExtension(manifest: PackagedManifest, bundle: string, dir: string): void {
  fs.cpSync(path.join(bundle, "dist"), path.join(dir, "dist"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "vss-extension.json"), path.join(dir, "vss-extension.json"));
  const named = [
    ...Object.values(manifest.icons ?? {}),
    ...Object.values(manifest.content ?? {}).map((c) => c.path),
    ...(manifest.screenshots ?? []).map((s) => s.path),
    ...(manifest.files ?? []).map((f) => f.path),
  ].filter((file) => file !== "dist" && !file.startsWith("dist/") && !file.startsWith("bundle/"));
  for (const file of new Set(named)) fs.cpSync(path.join(ROOT, file), path.join(dir, file), { recursive: true });
  // The task's build step, into the staged folder (scripts/build-task.mjs takes the output folder).
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "build-task.mjs"), path.join(dir, TASK_FOLDER)], { cwd: ROOT, stdio: "pipe" });
}

beforeAll(async () => {
  const [, , tfxStep] = packageScriptSteps();
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "vss-extension.json"), "utf8")) as PackagedManifest;
  workDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "dbt-ado-package-")));
  stageExtension(manifest, await webBundle(), workDir);
  const run = spawnSync(tfxStep, {
    cwd: workDir,
    shell: true,
    encoding: "utf8",
    timeout: 170_000,
    env: { ...process.env, PATH: `${path.join(ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}` },
  });
  if (run.status !== 0) throw new Error(`${tfxStep} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  const vsix = path.join(workDir, "out", `${manifest.publisher}.${manifest.id}-${manifest.version}.vsix`);
  expect(run.stdout).toContain(vsix);
  files = readZip(fs.readFileSync(vsix));
  vsomanifest = JSON.parse(files.get("extension.vsomanifest")!.toString("utf8"));
  vsixmanifest = files.get("extension.vsixmanifest")!.toString("utf8");
});

afterAll(() => {
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test("both hubs target the Organization settings and Project settings hub groups", () => {
  const hubs = vsomanifest.contributions.filter((c) => c.type === "ms.vss-web.hub");
  expect(hubs.map((c) => [c.id, c.targets])).toEqual([
    ["org-settings-hub", ["ms.vss-web.collection-admin-hub-group"]],
    ["project-settings-hub", ["ms.vss-web.project-admin-hub-group"]],
  ]);
});

test("it requests exactly the scopes the product needs", () => {
  expect([...vsomanifest.scopes].sort()).toEqual(
    ["vso.code", "vso.graph_manage", "vso.identity", "vso.memberentitlementmanagement", "vso.project", "vso.security_manage"].sort(),
  );
});

test("it is private", () => {
  expect(vsixmanifest).toMatch(/<GalleryFlags\/>|<GalleryFlags><\/GalleryFlags>/);
  expect(vsixmanifest).not.toMatch(/<GalleryFlags>[^<]*Public/);
});

test("every file the manifests name is in the package", () => {
  const named = [
    ...vsomanifest.contributions.flatMap((c) => c.properties.uri ?? []),
    ...[...vsixmanifest.matchAll(/Path="([^"]+)"/g)].map((m) => m[1]),
  ];
  expect(named).toEqual(expect.arrayContaining(["dist/org-settings.html", "dist/project-settings.html", "images/icon.png", "overview.md"]));
  for (const file of named) expect({ file, present: files.has(file) }).toEqual({ file, present: true });
});

test("every script a hub page loads, and every font the bundle loads, is in the package", () => {
  for (const page of ["dist/org-settings.html", "dist/project-settings.html"]) {
    const scripts = [
      ...files
        .get(page)!
        .toString("utf8")
        .matchAll(/<script src="([^"]+)"/g),
    ].map((m) => m[1]);
    expect(scripts).toEqual(["vendor.js", "shared.js", path.posix.basename(page, ".html") + ".js"]);
    for (const script of scripts) expect(files.has(path.posix.join("dist", script))).toBe(true);
  }
  const vendor = files.get("dist/vendor.js")!.toString("utf8");
  const fonts = [...new Set([...vendor.matchAll(/fonts\/[A-Za-z0-9._-]+\.woff2?/g)].map((m) => m[0]))];
  expect(fonts.length).toBeGreaterThanOrEqual(3);
  for (const font of fonts) expect(files.has(`dist/${font}`)).toBe(true);
});

test("our own code ships once: what both hubs use is in shared.js, each hub's entry holds only its own page", () => {
  const shared = files.get("dist/shared.js")!.toString("utf8");
  // A message of the core's audit and one of the gateway's: code both hubs run.
  for (const marker of ["evaluation-mismatch", "X-VSS-ResourceTenant"]) {
    expect(shared).toContain(marker);
    for (const entry of ["dist/org-settings.js", "dist/project-settings.js"]) expect(files.get(entry)!.toString("utf8")).not.toContain(marker);
  }
  for (const entry of ["dist/org-settings.js", "dist/project-settings.js"]) expect(files.get(entry)!.length).toBeLessThan(50_000);
});

test("the overview's images ship with it", () => {
  const overview = files.get("overview.md")!.toString("utf8");
  const images = [...overview.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  expect(images.length).toBeGreaterThan(0);
  for (const image of images) expect(files.has(image)).toBe(true);
});

describe("the DbtCloudAudit pipeline task", () => {
  interface TaskJson {
    id: string;
    name: string;
    friendlyName: string;
    version: { Major: number; Minor: number; Patch: number };
    inputs: { name: string; type: string; required?: boolean; defaultValue?: string; options?: Record<string, string> }[];
    execution: Record<string, { target: string }>;
  }
  const taskFile = (name: string) => files.get(`${TASK_FOLDER}/${name}`);
  let task: TaskJson;
  beforeAll(() => {
    task = JSON.parse(taskFile("task.json")!.toString("utf8")) as TaskJson;
  });

  test("is contributed to the task catalog from the folder that holds it", () => {
    const tasks = vsomanifest.contributions.filter((c) => c.type === "ms.vss-distributed-task.task");
    expect(tasks.map((c) => [c.id, c.targets, c.properties.name])).toEqual([
      ["dbt-cloud-audit-task", ["ms.vss-distributed-task.tasks"], TASK_FOLDER],
    ]);
  });

  test("task.json: a GUID id of its own, the name pipelines use (DbtCloudAudit@1), and the documented inputs", () => {
    expect(task.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    // Unique: not copied from a sample or from another task of this repository.
    expect(task.id).not.toBe("00000000-0000-0000-0000-000000000000");
    const otherTaskJsons = [...files.keys()].filter((file) => file.endsWith("/task.json") && !file.startsWith(TASK_FOLDER));
    expect(otherTaskJsons).toEqual([]);
    expect([task.name, task.version.Major, task.friendlyName]).toEqual(["DbtCloudAudit", 1, "dbt Cloud permission check"]);
    expect(task.inputs.map((i) => [i.name, i.type, i.required ?? false])).toEqual([
      ["identity", "string", true],
      ["projects", "multiLine", false],
      ["tenantId", "string", false],
      ["failOn", "pickList", false],
      ["verify", "pickList", false],
      ["timeout", "string", false],
      ["personalAccessToken", "string", false],
      ["connection", "connectedService:ExternalTfs", false],
    ]);
    expect(Object.keys(task.inputs.find((i) => i.name === "failOn")!.options!)).toEqual(["errors", "warnings", "never"]);
    expect(task.inputs.find((i) => i.name === "failOn")!.defaultValue).toBe("errors");
  });

  test("runs on the agent's Node 20 handler, from one bundled file with its icon beside it", () => {
    expect(task.execution).toEqual({ Node20_1: expect.objectContaining({ target: "index.js" }) });
    const index = taskFile("index.js")!.toString("utf8");
    // Everything is inside: no require of a package the agent would have to install.
    expect(index).not.toMatch(/require\("(azure-pipelines-task-lib|azure-devops-extension-api)[/"]/);
    expect(index).toContain("##vso[");
    const icon = taskFile("icon.png")!;
    expect(icon.subarray(1, 4).toString("latin1")).toBe("PNG");
    // The task picker wants 32x32 (learn.microsoft.com/azure/devops/extend/develop/integrate-build-task);
    // width and height are the IHDR chunk's first two big-endian words.
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([32, 32]);
  });
});
