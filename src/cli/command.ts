/** The shape every `dbt-ado` command has: a spec the parser reads, and a function that returns an exit code. */
import type { CommandSpec, ParsedFlags } from "./args";
import type { CliEnv, CliIo, ExitCode } from "./io";

export interface CommandContext {
  flags: ParsedFlags;
  env: CliEnv;
  io: CliIo;
}

export interface Command {
  spec: CommandSpec;
  /** Throws UsageError or AdoError for exit code 2; `run` turns them into one line on stderr. */
  execute(context: CommandContext): Promise<ExitCode>;
}
