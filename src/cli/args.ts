/**
 * A small, dependency-free command-line parser driven by declarative command specs.
 *
 * Commands are identified by one or more words (`audit`, `hooks list`), so later commands slot in by adding a
 * spec. Flags are long options only (`--org x` or `--org=x`), plus `-h` for help. Anything the parser cannot
 * make sense of becomes a UsageError whose message fits on one line.
 */

export class UsageError extends Error {
  override readonly name = "UsageError";
  /** The command the error is about, so the message can point at its help. */
  readonly commandName?: string;

  constructor(message: string, commandName?: string) {
    super(message);
    this.commandName = commandName;
  }
}

export interface FlagSpec {
  /** Without the leading dashes, e.g. `org`. */
  name: string;
  /** `string` takes a value; `boolean` is a switch (`--yes`). */
  type: "string" | "boolean";
  /** Placeholder shown in help, e.g. `<name|url>`. */
  valueName?: string;
  repeatable?: boolean;
  required?: boolean;
  /** Allowed values, checked by the parser. */
  choices?: readonly string[];
  description: string;
}

export interface CommandSpec {
  /** The words that select the command, e.g. `["hooks", "list"]`. */
  words: readonly string[];
  summary: string;
  flags: readonly FlagSpec[];
  /** Extra help text printed after the flag list (exit codes, environment variables). */
  notes?: readonly string[];
}

export type FlagValue = string | string[] | boolean;

/** The values of one parsed command line, with typed accessors. */
export class ParsedFlags {
  constructor(private readonly values: ReadonlyMap<string, FlagValue>) {}

  /** A single-valued string flag, or undefined when absent. */
  string(name: string): string | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw new Error(`Flag --${name} is not a single-valued string flag`);
    return value;
  }

  /** A repeatable string flag; an empty list when absent. */
  list(name: string): string[] {
    const value = this.values.get(name);
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw new Error(`Flag --${name} is not a repeatable flag`);
    return [...value];
  }

  boolean(name: string): boolean {
    return this.values.get(name) === true;
  }
}

export type ParseResult =
  { kind: "help"; command?: CommandSpec } | { kind: "version" } | { kind: "command"; command: CommandSpec; flags: ParsedFlags };

export function commandName(command: CommandSpec): string {
  return command.words.join(" ");
}

/**
 * Parses `argv` (without the node executable and script path) against the known commands.
 * `--help`/`-h` anywhere wins over every other error, so a half-typed command line can still ask for help.
 */
export function parseArgs(argv: readonly string[], commands: readonly CommandSpec[]): ParseResult {
  const wantsHelp = argv.some((arg) => arg === "--help" || arg === "-h");
  if (argv.length === 0) return { kind: "help" };
  if (argv[0] === "--version") {
    if (argv.length > 1) throw new UsageError(`--version takes no other arguments, got "${argv[1]}"`);
    return { kind: "version" };
  }

  const { command, consumed } = selectCommand(argv, commands, wantsHelp);
  if (!command) return { kind: "help" };
  if (wantsHelp) return { kind: "help", command };
  return { kind: "command", command, flags: parseFlags(argv.slice(consumed), command) };
}

/** Finds the longest command whose words prefix argv. */
function selectCommand(argv: readonly string[], commands: readonly CommandSpec[], wantsHelp: boolean): { command?: CommandSpec; consumed: number } {
  const matches = commands.filter((c) => c.words.every((word, i) => argv[i] === word));
  const best = matches.sort((a, b) => b.words.length - a.words.length)[0];
  if (best) return { command: best, consumed: best.words.length };
  if (wantsHelp) return { consumed: 0 };

  const first = argv[0]!;
  if (first.startsWith("-")) throw new UsageError(`expected a command before "${first}"`);
  // `hooks` alone, or `hooks frobnicate`: name the sub-commands that exist under it.
  const group = commands.filter((c) => c.words.length > 1 && c.words[0] === first);
  if (group.length > 0) {
    const choices = group.map(commandName).join(", ");
    const second = argv[1];
    if (second === undefined || second.startsWith("-")) throw new UsageError(`"${first}" needs a sub-command: ${choices}`);
    throw new UsageError(`unknown command "${first} ${second}"; expected one of: ${choices}`);
  }
  const known = [...new Set(commands.map((c) => c.words[0]))].join(", ");
  throw new UsageError(`unknown command "${first}"; expected one of: ${known}`);
}

function parseFlags(args: readonly string[], command: CommandSpec): ParsedFlags {
  const name = commandName(command);
  const values = new Map<string, FlagValue>();

  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--") || arg === "--") {
      throw new UsageError(`unexpected argument "${arg}" for "${name}"`, name);
    }
    const equals = arg.indexOf("=");
    const flagName = arg.slice(2, equals === -1 ? undefined : equals);
    const spec = command.flags.find((f) => f.name === flagName);
    if (!spec) throw new UsageError(`unknown flag --${flagName} for "${name}"`, name);

    if (spec.type === "boolean") {
      if (equals !== -1) throw new UsageError(`--${spec.name} takes no value`, name);
      values.set(spec.name, true);
      continue;
    }

    let value: string;
    if (equals !== -1) {
      value = arg.slice(equals + 1);
    } else {
      const next = args[i + 1];
      // A following flag is not a value: `--org --identity x` means --org was left empty.
      if (next === undefined || next.startsWith("--")) throw new UsageError(`--${spec.name} needs a value`, name);
      value = next;
      i++;
    }
    if (value.trim() === "") throw new UsageError(`--${spec.name} needs a non-empty value`, name);
    if (spec.choices && !spec.choices.includes(value)) {
      throw new UsageError(`--${spec.name} must be one of ${spec.choices.join(", ")}; got "${value}"`, name);
    }

    if (spec.repeatable) {
      const list = (values.get(spec.name) as string[] | undefined) ?? [];
      values.set(spec.name, [...list, value]);
    } else {
      if (values.has(spec.name)) throw new UsageError(`--${spec.name} was given more than once`, name);
      values.set(spec.name, value);
    }
  }

  for (const spec of command.flags) {
    if (spec.required && !values.has(spec.name)) throw new UsageError(`missing required flag --${spec.name}`, name);
  }
  return new ParsedFlags(values);
}

/** Help text for one command, or the overview when no command is given. */
export function helpText(program: string, commands: readonly CommandSpec[], command?: CommandSpec): string {
  if (!command) {
    const width = Math.max(...commands.map((c) => commandName(c).length));
    return [
      `Usage: ${program} <command> [flags]`,
      "",
      "Commands:",
      ...commands.map((c) => `  ${commandName(c).padEnd(width)}  ${c.summary}`),
      "",
      `Run "${program} <command> --help" for a command's flags, "${program} --version" for the version.`,
      "",
    ].join("\n");
  }
  const synopsis = command.flags.map((f) => {
    const text = f.type === "boolean" ? `--${f.name}` : `--${f.name} ${f.valueName ?? "<value>"}`;
    const repeated = f.repeatable ? "..." : "";
    return f.required ? `${text}${repeated}` : `[${text}]${repeated}`;
  });
  const labels = command.flags.map((f) => (f.type === "boolean" ? `--${f.name}` : `--${f.name} ${f.valueName ?? "<value>"}`));
  const width = Math.max(...labels.map((l) => l.length));
  return [
    `Usage: ${program} ${commandName(command)} ${synopsis.join(" ")}`,
    "",
    command.summary,
    "",
    "Flags:",
    ...command.flags.map((f, i) => `  ${labels[i]!.padEnd(width)}  ${f.description}`),
    `  ${"--help, -h".padEnd(width)}  Show this help.`,
    ...(command.notes && command.notes.length > 0 ? ["", ...command.notes] : []),
    "",
  ].join("\n");
}
