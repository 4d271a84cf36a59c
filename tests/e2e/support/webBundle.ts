/**
 * The production bundles of the hubs, built ONCE per Jest run and shared by every test file that needs them
 * (the browser tests serve them through the local host, the package test packs them with tfx).
 *
 * A run's bundle lives in `build/web-bundle/<run id>/` (build/ is git-ignored). The run id comes from the Jest
 * global setup (tests/support/build-once.js) through `process.env`, which every worker inherits, and the
 * global teardown removes the folder. Several workers may ask at once, so:
 *  - the first to create `lock/` (mkdir is atomic) builds, with its pid in `lock/owner`;
 *  - it then writes `done` (holding the run id) or, if webpack fails, `failed` (holding webpack's output);
 *  - the others wait for one of the two markers: a failure is thrown in every waiter (and in every later test
 *    file of the run) instead of hanging; if the builder process died without a marker, a waiter takes over.
 * Markers are written to a temporary name and renamed, so a reader never sees half of one.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { RUN_ID_VARIABLE, WEB_BUNDLE_ROOT } from "../../support/web-bundle-run.js";

export const ROOT = path.resolve(__dirname, "../../..");

const BUILD_TIMEOUT_MS = 240_000;
const WAIT_TIMEOUT_MS = 300_000;
const POLL_MS = 200;

/** Without the global setup (a file run by other means) the process builds for itself. */
const runId = (): string => process.env[RUN_ID_VARIABLE] || `local-${process.pid}`;

interface RunFolder {
  base: string;
  lock: string;
  owner: string;
  bundle: string;
  done: string;
  failed: string;
}

function runFolder(id: string): RunFolder {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new Error(`${RUN_ID_VARIABLE} must be letters, digits, "-" or "_"; got "${id}"`);
  const base = path.join(WEB_BUNDLE_ROOT, id);
  return {
    base,
    lock: path.join(base, "lock"),
    owner: path.join(base, "lock", "owner"),
    bundle: path.join(base, "bundle"),
    done: path.join(base, "done"),
    failed: path.join(base, "failed"),
  };
}

let inThisProcess: Promise<string> | undefined;

/**
 * The folder holding this run's `vss-extension.json` and `dist/` (the production build of both hubs), what
 * the local host's `rootDir` and tfx's `--root` expect. Builds on the first call of the run; later calls,
 * from any worker, get the same folder.
 */
export function webBundle(): Promise<string> {
  inThisProcess ??= obtain(runId());
  return inThisProcess;
}

async function obtain(id: string): Promise<string> {
  const run = runFolder(id);
  fs.mkdirSync(run.base, { recursive: true });
  const deadline = Date.now() + WAIT_TIMEOUT_MS;
  for (;;) {
    const finished = outcome(run);
    if (finished !== undefined) return finished;
    if (tryLock(run)) return buildAsOwner(run);
    if (ownerIsGone(run)) {
      // The builder died without a marker (killed worker): free the lock and try to take it over.
      fs.rmSync(run.lock, { recursive: true, force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`Waited ${WAIT_TIMEOUT_MS / 1000} s for another test process to build the hubs into ${run.bundle}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The bundle folder once built, a thrown error once failed, undefined while neither. */
function outcome(run: RunFolder): string | undefined {
  if (fs.existsSync(run.done) && fs.readFileSync(run.done, "utf8") === path.basename(run.base)) return run.bundle;
  if (fs.existsSync(run.failed)) {
    throw new Error(`The production build of the hubs failed for this test run:\n${fs.readFileSync(run.failed, "utf8")}`);
  }
  return undefined;
}

function tryLock(run: RunFolder): boolean {
  try {
    fs.mkdirSync(run.lock);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  fs.writeFileSync(run.owner, String(process.pid));
  return true;
}

function ownerIsGone(run: RunFolder): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(run.owner, "utf8"));
  } catch {
    return false; // The owner has made the lock and not yet written its pid.
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "ESRCH";
  }
}

async function buildAsOwner(run: RunFolder): Promise<string> {
  try {
    await buildWebBundle(run.bundle);
  } catch (error) {
    writeMarker(run.failed, (error as Error).message);
    throw error;
  }
  writeMarker(run.done, path.basename(run.base));
  return run.bundle;
}

function writeMarker(file: string, content: string): void {
  const partial = `${file}.${process.pid}.partial`;
  fs.writeFileSync(partial, content);
  fs.renameSync(partial, file);
}

/**
 * A plain production build into `outRoot` (`outRoot/dist/` plus the manifest beside it), as `npm run build:web`
 * does into the repository. Asynchronous, so the waiting worker's own timers keep running.
 */
export async function buildWebBundle(outRoot: string): Promise<void> {
  fs.mkdirSync(outRoot, { recursive: true });
  fs.copyFileSync(path.join(ROOT, "vss-extension.json"), path.join(outRoot, "vss-extension.json"));
  const args = [require.resolve("webpack-cli/bin/cli.js"), "--mode", "production", "--env", `outputPath=${path.join(outRoot, "dist")}`];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), BUILD_TIMEOUT_MS);
  const result = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal }));
  }).finally(() => clearTimeout(timer));
  if (result.code !== 0) {
    const why = result.signal === "SIGKILL" ? `killed after ${BUILD_TIMEOUT_MS / 1000} s` : `exit ${result.code ?? result.signal}`;
    throw new Error(`webpack failed (${why}):\n${output}`);
  }
}
