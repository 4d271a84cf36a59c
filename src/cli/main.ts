#!/usr/bin/env node
/** The `dbt-ado` executable (package.json `bin`). All behaviour lives in run.ts. */
import { run } from "./run";
import { keepHeapNearLiveSize } from "../runtime/steady-heap";

keepHeapNearLiveSize();

// `dbt-ado audit | head` closes the pipe early. Without a listener Node would crash with a stack trace; the
// reader is gone anyway, and the exit code still carries the result.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") return;
  process.stderr.write(`dbt-ado: cannot write to standard output: ${error.message}\n`);
  process.exitCode = 2;
});

void run(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode ??= code;
});
