#!/usr/bin/env node
/** The `dbt-ado` executable (package.json `bin`). All behaviour lives in run.ts. */
import { run } from "./run";

void run(process.argv.slice(2), process.env, { stdout: process.stdout, stderr: process.stderr }).then((code) => {
  process.exitCode = code;
});
