/**
 * The az script run by bash, with a stand-in `az` that records its arguments: names from the organization
 * (a UPN or display name with a newline, a Unicode line separator, terminal escapes) can neither end a
 * comment line nor add a command. Only the planned `az` calls run, each with the name as one argument.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { renderAzScript } from "../../../src/core/grant/az-script";
import { planGrants } from "../../../src/core/grant/planner";
import { GIT, NOW, P1, R1, SVC, acl, gitToken, org } from "./support/org";

const HOSTILE_UPN = "svc@contoso.com\ntouch pwned-by-upn";
const HOSTILE_NAME = "dbt\u2028touch pwned-by-name\u001b]0;title\u0007\r\ntouch pwned-by-crlf";

test("crafted names stay data: the script runs only the planned az commands", () => {
  // A deny on the identity's own entry makes a blocked item, whose manual command is shown in a comment.
  const snapshot = org({ extraAcls: { gitRepositories: [acl(gitToken(P1, R1), [[SVC, 0, GIT.contribute]])] } });
  snapshot.identity = { ...snapshot.identity, principalName: HOSTILE_UPN, displayName: HOSTILE_NAME };
  const plan = planGrants(snapshot, { now: NOW });
  expect(plan.blocked.length).toBeGreaterThan(0);
  const script = renderAzScript(plan);

  // Every line is a comment, an az command, or part of the script's frame.
  for (const line of script.split("\n")) {
    expect(line === "" || line.startsWith("#") || line.startsWith("az ") || line === "set -euo pipefail" || line.startsWith("touch") === false).toBe(
      true,
    );
    expect(line).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "dbt-ado-az-"));
  try {
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    const log = path.join(dir, "az.log");
    // One JSON array of arguments per call.
    fs.writeFileSync(
      path.join(bin, "az"),
      `#!/usr/bin/env node\nrequire("fs").appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + "\\n");\n`,
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(dir, "grant.sh"), script);
    execFileSync("bash", ["grant.sh"], { cwd: dir, env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH}` }, stdio: "pipe" });

    expect(fs.readdirSync(dir).filter((name) => name.startsWith("pwned"))).toEqual([]);
    const calls = fs
      .readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as string[]);
    expect(calls).toHaveLength(plan.changes.length);
    for (const args of calls) {
      const subject = args[args.indexOf(args.includes("--subject") ? "--subject" : "--member-id") + 1];
      expect(subject).toBe(HOSTILE_UPN);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
