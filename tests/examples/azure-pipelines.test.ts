/**
 * The Azure Pipelines examples: the task example must use the task as its task.json declares it (name, major
 * version, inputs); the script example must call the CLI the way the CLI really parses, and publish the file
 * it writes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "../../src/cli/args";
import { COMMANDS } from "../../src/cli/commands";

const ROOT = join(__dirname, "..", "..");
const yaml = readFileSync(join(ROOT, "examples", "azure-pipelines-script.yml"), "utf8");

/** Splits a shell command line on spaces, honouring double quotes (enough for the example's lines). */
function shellWords(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

const invocations = yaml
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line.startsWith("node build/src/cli/main.js "))
  .map((line) => shellWords(line).slice(2));

describe("examples/azure-pipelines.yml (the extension's task)", () => {
  const taskYaml = readFileSync(join(ROOT, "examples", "azure-pipelines.yml"), "utf8");
  const task = JSON.parse(readFileSync(join(ROOT, "src", "task", "task.json"), "utf8")) as {
    name: string;
    version: { Major: number };
    inputs: { name: string; required?: boolean; options?: Record<string, string> }[];
  };
  const step = taskYaml.slice(taskYaml.indexOf("  - task: DbtCloudAudit@"));
  /** `name: value` lines under the step's inputs, commented ones included (they are documentation too). */
  const inputs = [...step.matchAll(/^ {6}(#?)[ \t]*(\w+):[ \t]*([^\s#][^\n#]*?)?[ \t]*(?:#[^\n]*)?$/gm)].map((m) => ({
    name: m[2],
    value: m[3] ?? "",
    commented: m[1] === "#",
  }));

  test("uses the task by the name and major version its task.json declares", () => {
    expect(taskYaml).toContain(`- task: ${task.name}@${task.version.Major}\n`);
    expect(taskYaml).not.toMatch(/npm ci|npm run build|node build\//);
  });

  test("gives every required input, and only inputs the task declares, with values it accepts", () => {
    const declared = new Map(task.inputs.map((input) => [input.name, input]));
    for (const input of inputs) expect({ input: input.name, declared: declared.has(input.name) }).toEqual({ input: input.name, declared: true });
    const given = inputs.filter((input) => !input.commented).map((input) => input.name);
    for (const required of task.inputs.filter((input) => input.required)) expect(given).toContain(required.name);
    const failOn = inputs.find((input) => input.name === "failOn" && !input.commented)!;
    expect(Object.keys(declared.get("failOn")!.options!)).toContain(failOn.value);
  });

  test("a PAT only ever comes from a secret variable", () => {
    expect(inputs.find((input) => input.name === "personalAccessToken")).toEqual({
      name: "personalAccessToken",
      value: "$(dbtAdoPat)",
      commented: true,
    });
  });

  test("keeps the schedule of the script example", () => {
    expect(taskYaml.match(/- cron: "[^"]+"/)?.[0]).toBe(yaml.match(/- cron: "[^"]+"/)?.[0]);
  });
});

describe("examples/azure-pipelines-script.yml (the CLI, for organizations without the extension)", () => {
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
