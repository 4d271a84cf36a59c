/**
 * `npm run package` builds the hubs and the .vsix. The package must contribute both settings hubs to the
 * documented hub groups (tfx does not validate target ids), request exactly the scopes the
 * product needs, and contain every file the manifests and pages refer to.
 *
 * The build step of that script is stood in for by this test run's shared production build (the same webpack
 * command); its tfx step runs as written in package.json, in a temporary folder holding that build and the
 * files the manifest names, so the test never rewrites the repository's dist/ or out/.
 */
import { spawnSync } from "node:child_process";
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
  contributions: { id: string; type: string; targets: string[]; properties: { uri: string; name: string } }[];
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

/** The two steps of `npm run package`: the hubs' build, then tfx. */
function packageScriptSteps(): [string, string] {
  const script: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.package;
  const steps = script.split("&&").map((step) => step.trim());
  if (steps.length !== 2 || steps[0] !== "npm run build:web" || !steps[1].startsWith("tfx ")) {
    throw new Error(`The package script is no longer "npm run build:web && tfx …"; update this test's build step: ${script}`);
  }
  return [steps[0], steps[1]];
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
  ].filter((file) => file !== "dist" && !file.startsWith("dist/"));
  for (const file of new Set(named)) fs.cpSync(path.join(ROOT, file), path.join(dir, file), { recursive: true });
}

beforeAll(async () => {
  const [, tfxStep] = packageScriptSteps();
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
  const named = [...vsomanifest.contributions.map((c) => c.properties.uri), ...[...vsixmanifest.matchAll(/Path="([^"]+)"/g)].map((m) => m[1])];
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
    expect(scripts.length).toBe(2);
    for (const script of scripts) expect(files.has(path.posix.join("dist", script))).toBe(true);
  }
  const vendor = files.get("dist/vendor.js")!.toString("utf8");
  const fonts = [...new Set([...vendor.matchAll(/fonts\/[A-Za-z0-9._-]+\.woff2?/g)].map((m) => m[0]))];
  expect(fonts.length).toBeGreaterThanOrEqual(3);
  for (const font of fonts) expect(files.has(`dist/${font}`)).toBe(true);
});

test("the overview's images ship with it", () => {
  const overview = files.get("overview.md")!.toString("utf8");
  const images = [...overview.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  expect(images.length).toBeGreaterThan(0);
  for (const image of images) expect(files.has(image)).toBe(true);
});
