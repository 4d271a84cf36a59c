/**
 * `--timeout <seconds>` (audit, grant, hooks, migrate): validated before any request, and it is the wait the
 * gateway applies: with 1 s, a whole-namespace read the service answers in 1.5 s is read again per project.
 */
import { generateOrg } from "../../emulator";
import { emulatorBehindProxy } from "../support/proxied-emulator";
import { expectOneLineError, runCli } from "./support/cli";

const seed = generateOrg({ name: "fabrikam", projects: 3, reposPerProject: 2 });
const env = { AZURE_DEVOPS_EXT_PAT: seed.tokens[0].token };
const served = emulatorBehindProxy([seed]);

test.each([
  ["audit", "abc"],
  ["grant", "0"],
  ["migrate", "-5"],
  ["hooks list", "7200"],
])("%s --timeout %s is a usage error before any request", async (command, value) => {
  served.proxy.seen.length = 0;
  const extra = command === "migrate" ? ["--from", "a@x.com", "--to", "b@x.com"] : command === "hooks list" ? [] : ["--identity", "a@x.com"];
  const result = await runCli([...command.split(" "), "--org", served.proxy.orgUrl("fabrikam"), ...extra, "--timeout", value], env);
  expectOneLineError(result, new RegExp(`--timeout: expected a number of seconds from 1 to 3600, got "${value}"`));
  expect(served.proxy.seen).toEqual([]);
});

test("--timeout 1: a read answered in 1.5 s is done again per project, and the audit completes", async () => {
  served.proxy.rules.push({
    method: "GET",
    path: /\/_apis\/accesscontrollists\/2e9eb7ed-3c0a-47d4-87c1-0ffdd275fd87\?token=repoV2&recurse=true$/,
    times: 1,
    action: { kind: "before", run: () => new Promise<void>((resolve) => setTimeout(resolve, 1_500)) },
  });
  const result = await runCli(
    [
      "audit",
      "--org",
      served.proxy.orgUrl("fabrikam"),
      "--identity",
      seed.expectedGapsFor!,
      "--timeout",
      "1",
      "--format",
      "json",
      "--verify",
      "none",
    ],
    env,
  );
  expect(result.stderr).toMatch(
    /The Git Repositories permissions did not come in one answer \(.*did not answer within 1 s.*\); reading them one project at a time \(3 projects\)/,
  );
  // 0 or 1 (findings), never 2: the read succeeded.
  expect([0, 1]).toContain(result.code);
  expect(JSON.parse(result.stdout).projects).toHaveLength(3);
});
