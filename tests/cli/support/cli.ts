/**
 * Two ways to drive the CLI: in-process through `run` (fast, with a fake terminal), and as the real built
 * executable in a child process. The child is spawned asynchronously because the emulator it talks to runs in
 * this very process: spawnSync would block the emulator's event loop and the CLI would hang.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../../src/cli/run";

export const ROOT = join(__dirname, "..", "..", "..");
export const MAIN = join(ROOT, "build", "src", "cli", "main.js");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type Env = Record<string, string | undefined>;

/**
 * The process tests run the code as shipped: build/ is compiled once by Jest's global setup
 * (tests/support/build-once.js), never per test file, so parallel workers do not race to rewrite it.
 */
export async function buildCli(): Promise<void> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the tests through jest (its global setup builds it)`);
}

/**
 * Spawns `node build/src/cli/main.js` with exactly `env` (plus PATH), so credentials in the developer's own
 * environment cannot leak into a test.
 */
export function spawnCli(args: string[], env: Env = {}, cwd: string = ROOT): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

export interface InProcessOptions {
  /** Pretend standard output is a terminal. */
  tty?: boolean;
  now?: Date;
}

/** Calls `run` directly with capturing streams. */
export async function runCli(args: string[], env: Env = {}, options: InProcessOptions = {}): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await run(args, env, {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: options.tty ?? false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
    now: options.now ? () => options.now! : undefined,
  });
  // Getters, so writes that arrive after `run` resolved (which must not happen) still show up in assertions.
  return {
    code,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}

/** The error contract: exit 2, nothing on stdout, and exactly one `dbt-ado: …` line on stderr. */
export function expectOneLineError(result: CliResult, pattern: RegExp): void {
  expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: "" });
  const lines = result.stderr.split("\n").filter((l) => l !== "");
  const last = lines[lines.length - 1] ?? "";
  expect(last).toMatch(/^dbt-ado: /);
  expect(last).toMatch(pattern);
  // Progress lines may come first; the explanation itself is one line and no stack trace follows.
  expect(result.stderr).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  expect(result.stderr.endsWith(`${last}\n`)).toBe(true);
}
