import { UsageError, helpText, parseArgs, type CommandSpec } from "../../src/cli/args";
import { auditSpec } from "../../src/cli/commands/audit";

// The real audit spec, plus two nested commands shaped like the planned `hooks list|prune`.
const hooksList: CommandSpec = {
  words: ["hooks", "list"],
  summary: "List service hook subscriptions.",
  flags: [{ name: "org", type: "string", required: true, description: "org" }],
};
const hooksPrune: CommandSpec = {
  words: ["hooks", "prune"],
  summary: "Delete redundant subscriptions.",
  flags: [
    { name: "org", type: "string", required: true, description: "org" },
    { name: "yes", type: "boolean", description: "apply" },
  ],
};
const COMMANDS = [auditSpec, hooksList, hooksPrune];
const parse = (...argv: string[]) => parseArgs(argv, COMMANDS);
const usageError = (...argv: string[]) => {
  try {
    parse(...argv);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
};

describe("parseArgs", () => {
  test("parses the audit contract, with repeated --project and --flag=value", () => {
    const result = parse(
      "audit",
      "--org",
      "contoso",
      "--identity=svc-dbt@contoso.com",
      "--project",
      "Analytics",
      "--project",
      "Web=1",
      "--format",
      "junit",
      "--output",
      "out.xml",
    );
    expect(result.kind).toBe("command");
    if (result.kind !== "command") return;
    expect(result.command).toBe(auditSpec);
    expect(result.flags.string("org")).toBe("contoso");
    expect(result.flags.string("identity")).toBe("svc-dbt@contoso.com");
    expect(result.flags.list("project")).toEqual(["Analytics", "Web=1"]);
    expect(result.flags.string("format")).toBe("junit");
    expect(result.flags.string("output")).toBe("out.xml");
  });

  test("leaves optional flags absent", () => {
    const result = parse("audit", "--identity", "svc", "--org", "contoso");
    if (result.kind !== "command") throw new Error("expected a command");
    expect(result.flags.string("format")).toBeUndefined();
    expect(result.flags.list("project")).toEqual([]);
  });

  test("selects multi-word commands and boolean switches", () => {
    const result = parse("hooks", "prune", "--org", "contoso", "--yes");
    if (result.kind !== "command") throw new Error("expected a command");
    expect(result.command).toBe(hooksPrune);
    expect(result.flags.boolean("yes")).toBe(true);
    const list = parse("hooks", "list", "--org", "contoso");
    expect(list.kind === "command" && list.command).toBe(hooksList);
  });

  test("help and version", () => {
    expect(parse()).toEqual({ kind: "help" });
    expect(parse("--help")).toEqual({ kind: "help" });
    expect(parse("-h")).toEqual({ kind: "help" });
    expect(parse("audit", "--help")).toEqual({ kind: "help", command: auditSpec });
    // Help wins over errors in the rest of the line.
    expect(parse("audit", "--bogus", "-h")).toEqual({ kind: "help", command: auditSpec });
    expect(parse("--version")).toEqual({ kind: "version" });
  });

  test.each([
    [["frobnicate"], 'unknown command "frobnicate"; expected one of: audit, hooks'],
    [["--org", "x"], 'expected a command before "--org"'],
    [["hooks"], '"hooks" needs a sub-command: hooks list, hooks prune'],
    [["hooks", "delete"], 'unknown command "hooks delete"; expected one of: hooks list, hooks prune'],
    [["audit", "--org", "x", "--identity", "y", "--pat", "secret"], 'unknown flag --pat for "audit"'],
    [["audit", "--org"], "--org needs a value"],
    [["audit", "--org", "--identity", "y"], "--org needs a value"],
    [["audit", "--org=", "--identity", "y"], "--org needs a non-empty value"],
    [["audit", "--org", "x"], "missing required flag --identity"],
    [["audit", "--identity", "y"], "missing required flag --org"],
    [["audit", "--org", "x", "--org", "z", "--identity", "y"], "--org was given more than once"],
    [["audit", "--org", "x", "--identity", "y", "--format", "xml"], '--format must be one of table, json, markdown, junit; got "xml"'],
    [["audit", "contoso"], 'unexpected argument "contoso" for "audit"'],
    [["hooks", "prune", "--org", "x", "--yes=no"], "--yes takes no value"],
    [["--version", "audit"], '--version takes no other arguments, got "audit"'],
  ])("rejects %j", (argv, message) => {
    expect(usageError(...argv)).toBe(message);
  });

  test("names the command in errors so the message can point at its help", () => {
    try {
      parse("audit", "--nope");
    } catch (error) {
      expect((error as UsageError).commandName).toBe("audit");
    }
    expect.assertions(1);
  });
});

describe("helpText", () => {
  test("overview lists every command", () => {
    const text = helpText("dbt-ado", COMMANDS);
    expect(text).toContain("Usage: dbt-ado <command> [flags]");
    for (const spec of COMMANDS) expect(text).toContain(`${spec.words.join(" ")}`);
  });

  test("command help shows the synopsis, every flag and the notes", () => {
    const text = helpText("dbt-ado", COMMANDS, auditSpec);
    expect(text.split("\n")[0]).toBe(
      "Usage: dbt-ado audit --org <name|url> --identity <upn|email|name|descriptor> [--project <name|id>]... [--tenant-id <guid>] " +
        "[--verify <missing|all|none>] [--format <table|json|markdown|junit>] [--pretty] [--detail] [--output <file>] [--timeout <seconds>]",
    );
    for (const flag of auditSpec.flags) expect(text).toContain(`--${flag.name}`);
    expect(text).toContain("AZURE_DEVOPS_EXT_PAT");
    expect(text).toContain("SYSTEM_ACCESSTOKEN");
  });
});
