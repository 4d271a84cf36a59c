/**
 * The npm package as a user gets it: `npm pack` of this package.json (its `files`, `bin` and the prepack build),
 * installed from the tarball into an empty folder with the registry out of reach (`--offline`), then run as
 * `npx dbt-ado` and `dbt-ado audit` against the emulator. The package bundles everything the CLI needs, so the
 * install takes nothing but the tarball.
 *
 * The tarball is packed from a staging folder (package.json, README, schema/ and the CLI built by the prepack
 * script's own builder), so the test never writes into the repository.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { ROOT } from "./support/cli";
import { ADMIN_PAT, demoSeed } from "./support/demo";

jest.setTimeout(60_000);

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
let work: string;
let tarball: string;
let installed: string;
let emulator: RunningEmulator;

/** npm with no project of ours in reach: its own cache, the registry pointed at nothing, no scripts run. */
function npm(args: string[], cwd: string): string {
  return execFileSync("npm", args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      PATH: process.env.PATH,
      HOME: work,
      npm_config_cache: path.join(work, "npm-cache"),
      npm_config_registry: "http://127.0.0.1:9/",
      npm_config_update_notifier: "false",
    },
  });
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: installed,
      env: {
        PATH: process.env.PATH,
        HOME: work,
        npm_config_cache: path.join(work, "npm-cache"),
        npm_config_offline: "true",
        npm_config_registry: "http://127.0.0.1:9/",
        npm_config_update_notifier: "false",
        ...env,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "dbt-ado-install-")));
  const staging = path.join(work, "staging");
  fs.mkdirSync(staging);
  for (const file of ["package.json", "README.md", "schema"]) fs.cpSync(path.join(ROOT, file), path.join(staging, file), { recursive: true });
  // What `npm pack` runs first (prepack): the bundled CLI, built into the staging folder.
  execFileSync(process.execPath, [path.join(ROOT, "scripts", "build-cli.mjs"), path.join(staging, pkg.bin["dbt-ado"])], { cwd: ROOT });
  const name = npm(["pack", "--ignore-scripts", "--silent", "--pack-destination", work], staging).trim().split("\n").pop()!;
  tarball = path.join(work, name);
  installed = path.join(work, "empty");
  fs.mkdirSync(installed);
  npm(["install", "--offline", "--no-audit", "--no-fund", tarball], installed);
  emulator = await startEmulator({ seeds: [demoSeed()] });
});

afterAll(async () => {
  await emulator?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test("package.json is ready to publish: bin, engines, files, and the CLI built before packing", () => {
  expect(pkg.private).toBeUndefined();
  expect(pkg.engines.node).toBe(">=20");
  expect(pkg.scripts.prepack).toBe("npm run build:cli");
  expect(pkg.scripts["build:cli"]).toBe("node scripts/build-cli.mjs");
  // Everything the hubs, the task and the CLI use is bundled at build time: installing needs no other package.
  expect(pkg.dependencies ?? {}).toEqual({});
});

test("the tarball holds the bundled CLI, the JSON schemas, the README and package.json, and nothing else", () => {
  const listed = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n").sort();
  expect(listed).toEqual(
    [
      "package/README.md",
      "package/bundle/dbt-ado.js",
      "package/package.json",
      "package/schema/audit-report.schema.json",
      "package/schema/hooks-report.schema.json",
      "package/schema/migrate-report.schema.json",
    ].sort(),
  );
});

test("installed offline from the tarball alone: nothing but the package itself in node_modules", () => {
  expect(fs.readdirSync(path.join(installed, "node_modules")).filter((entry) => !entry.startsWith("."))).toEqual(["dbt-ado-doctor"]);
});

test("npx dbt-ado --help and --version", async () => {
  const help = await run("npx", ["dbt-ado", "--help"]);
  expect(help).toMatchObject({ code: 0, stderr: "" });
  expect(help.stdout).toContain("Usage: dbt-ado <command> [flags]");
  const version = await run("npx", ["dbt-ado", "--version"]);
  expect(version.stdout).toBe(`dbt-ado ${pkg.version}\n`);
});

test("dbt-ado audit against the emulator: the installed executable reads the organization", async () => {
  const bin = path.join(installed, "node_modules", ".bin", "dbt-ado");
  const complete = await run(bin, ["audit", "--org", emulator.orgUrl("contoso"), "--identity", "admin@contoso.com", "--format", "json"], {
    AZURE_DEVOPS_EXT_PAT: ADMIN_PAT,
  });
  expect(complete.code).toBe(0);
  expect(JSON.parse(complete.stdout)).toMatchObject({ organization: "contoso", ok: true });
  const gaps = await run(bin, ["audit", "--org", emulator.orgUrl("contoso"), "--identity", "svc-dbt@contoso.com"], {
    AZURE_DEVOPS_EXT_PAT: ADMIN_PAT,
  });
  expect(gaps.code).toBe(1);
  expect(gaps.stdout).toContain("svc-dbt@contoso.com");
});
