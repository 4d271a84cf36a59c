/**
 * The Azure Pipelines example must call the CLI the way the CLI really parses, and publish the file it writes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "../../src/cli/args";
import { COMMANDS } from "../../src/cli/commands";

const yaml = readFileSync(join(__dirname, "..", "..", "examples", "azure-pipelines.yml"), "utf8");

/** Splits a shell command line on spaces, honouring double quotes (enough for the example's lines). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

const invocations = yaml
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line.startsWith("node build/src/cli/main.js "))
  .map((line) => shellWords(line).slice(2));

describe("examples/azure-pipelines.yml", () => {
  test("runs the audit as JUnit and as Markdown, with arguments the CLI accepts", () => {
    const formats = invocations.map((argv) => {
      const parsed = parseArgs(
        argv,
        COMMANDS.map((c) => c.spec),
      );
      if (parsed.kind !== "command") throw new Error(`not a command: ${argv.join(" ")}`);
      expect(parsed.command.words).toEqual(["audit"]);
      return [parsed.flags.string("format"), parsed.flags.string("output")];
    });
    expect(formats).toEqual([
      ["junit", "$OUT/dbt-ado-audit.xml"],
      ["markdown", "$OUT/dbt-ado-audit.md"],
    ]);
  });

  test("passes the pipeline token through the environment, never as an argument", () => {
    expect(yaml).toMatch(/^\s+env:\n\s+SYSTEM_ACCESSTOKEN: \$\(System\.AccessToken\)$/m);
    expect(yaml).toMatch(/#\s*AZURE_DEVOPS_EXT_PAT: \$\(\w+\)/);
    for (const argv of invocations) expect(argv.join(" ")).not.toMatch(/AccessToken|PAT/i);
  });

  test("publishes the JUnit file the audit writes, even when the audit step failed, and uploads the summary", () => {
    expect(yaml).toMatch(/OUT="\$\(Agent\.TempDirectory\)"/);
    const publish = yaml.slice(yaml.indexOf("- task: PublishTestResults@2"));
    expect(publish).toMatch(/condition: succeededOrFailed\(\)/);
    expect(publish).toMatch(/testResultsFormat: JUnit/);
    expect(publish).toContain("testResultsFiles: $(Agent.TempDirectory)/dbt-ado-audit.xml");
    expect(yaml).toContain('echo "##vso[task.uploadsummary]$OUT/dbt-ado-audit.md"');
    expect(yaml).toMatch(/- cron: "[^"]+"/);
  });
});
