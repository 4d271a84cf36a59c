/**
 * The layers of the architecture are lint rules (eslint.config.mjs): each case below is a line that would break
 * one, placed where it would break it, and must be reported; the same line where it is allowed must not be.
 * ESLint runs here with the repository's own configuration, as `npm run lint` does.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

const refused: [string, string, RegExp][] = [
  ["src/core/grant/x.ts", 'import { AdoGateway } from "../../ado";', /src\/core is pure/],
  ["src/core/x.ts", 'import { runAudit } from "../flows";', /src\/core is pure/],
  ["src/core/hooks/x.ts", 'import * as fs from "node:fs";', /no Node built-ins/],
  ["src/core/x.ts", 'import * as React from "react";', /no SDK, UI or REST packages/],
  ["src/core/x.ts", "export const read = () => fetch('https://dev.azure.com');", /Only src\/ado talks HTTP/],
  ["src/hubs/data/x.ts", 'import { Transport } from "../../ado/http/transport";', /barrel/],
  ["src/cli/commands/x.ts", 'import { applyPlan } from "../../ado/write/grant";', /barrel/],
  ["src/flows/x.ts", 'import { HooksApi } from "../ado/rest/hooks-client";', /barrel/],
  ["src/hubs/x.ts", 'import { GitRestClient } from "azure-devops-extension-api/Git";', /REST clients live in src\/ado\/rest/],
  ["src/cli/x.ts", 'import * as http from "node:http";', /network/],
  ["src/hubs/x.ts", "export const read = () => fetch('/x');", /Only src\/ado talks HTTP/],
  ["src/hubs/x.ts", 'import { run } from "../cli/run";', /Faces do not import each other/],
  ["src/cli/x.ts", 'import { HubRoot } from "../hubs/HubRoot";', /Faces do not import each other/],
  ["src/ado/x.ts", 'import { runAudit } from "../flows";', /lower layers never import flows/],
  ["src/flows/x.ts", 'import { run } from "../cli/run";', /Faces do not import each other|lower layers/],
  ["src/cli/x.ts", 'import { startEmulator } from "../../emulator";', /src\/ ships alone/],
  ["src/hubs/x.ts", 'import { startDevHost } from "../../dev/host/server";', /src\/ ships alone/],
  ["emulator/x.ts", 'import { audit } from "../src/core/audit/audit";', /imports nothing from src/],
  ["src/task/x.ts", 'import { run } from "../cli/run";', /uses src\/cli\/render only/],
  ["src/task/x.ts", 'import { auditCommand } from "../cli/commands/audit";', /uses src\/cli\/render only/],
  ["src/task/x.ts", 'import { HubRoot } from "../hubs/HubRoot";', /Faces do not import each other/],
  ["src/task/x.ts", 'import { Transport } from "../ado/http/transport";', /barrel/],
  ["src/task/x.ts", 'import * as https from "node:https";', /network/],
  ["src/task/x.ts", "export const read = () => fetch('https://dev.azure.com');", /Only src\/ado talks HTTP/],
  ["src/cli/x.ts", 'import { runTask } from "../task/run";', /Faces do not import each other/],
  ["src/hubs/x.ts", 'import { runTask } from "../task/run";', /Faces do not import each other/],
  ["src/flows/x.ts", 'import { runTask } from "../task/run";', /lower layers never import task/],
  ["src/core/x.ts", 'import { taskOutcome } from "../task/outcome";', /src\/core is pure/],
];

const allowed: [string, string][] = [
  ["src/core/grant/x.ts", 'import { audit } from "../audit/audit";'],
  ["src/flows/x.ts", 'import { AdoGateway } from "../ado";'],
  ["src/hubs/data/x.ts", 'import { runAudit } from "../../flows";'],
  ["src/cli/commands/x.ts", 'import { AdoGateway } from "../../ado";'],
  ["src/ado/read/x.ts", 'import { Transport } from "../http/transport";'],
  ["src/sdk/x.ts", 'import type { ILocationService } from "azure-devops-extension-api/Common";'],
  ["tests/x.test.ts", 'import { Transport } from "../src/ado/http/transport";'],
  ["src/task/x.ts", 'import { formatJunit } from "../cli/render";'],
  ["src/task/x.ts", 'import { formatMarkdown } from "../cli/render/markdown";'],
  ["src/task/x.ts", 'import { runAudit } from "../flows";'],
  ["src/task/x.ts", 'import { AdoGateway } from "../ado";'],
  ["src/task/x.ts", 'import * as tl from "azure-pipelines-task-lib/task";'],
];

/** Every snippet linted in one ESLint process (tests/lint/lint-snippets.mjs). */
function lintAll(snippets: { file: string; code: string }[]): string[][] {
  const input = JSON.stringify(snippets.map(({ file, code }) => ({ file: path.join(ROOT, file), code })));
  const output = execFileSync(process.execPath, [path.join(__dirname, "lint-snippets.mjs")], { cwd: ROOT, input, encoding: "utf8" });
  return JSON.parse(output) as string[][];
}

describe("layer rules", () => {
  let refusedErrors: string[][];
  let allowedErrors: string[][];
  beforeAll(() => {
    const all = lintAll([...refused, ...allowed].map(([file, code]) => ({ file, code })));
    refusedErrors = all.slice(0, refused.length);
    allowedErrors = all.slice(refused.length);
  });

  test.each(refused.map((item, index) => [...item, index] as const))("%s: `%s` is refused", (_file, _code, reason, index) => {
    expect(refusedErrors[index]).toEqual([expect.stringMatching(reason)]);
  });

  test.each(allowed.map((item, index) => [...item, index] as const))("%s: `%s` is allowed", (_file, _code, index) => {
    expect(allowedErrors[index]).toEqual([]);
  });
});
