/**
 * The whole CLI as a function: arguments, environment and streams in, exit code out. `main.ts` only wires it
 * to the process, so tests drive this in-process.
 */
import { helpText, parseArgs } from "./args";
import { COMMANDS } from "./commands";
import { describeError } from "./errors";
import { EXIT, type CliEnv, type CliIo, type ExitCode, type OutputStream } from "./io";
import { cliVersion } from "./version";

export const PROGRAM = "dbt-ado";

export async function run(argv: readonly string[], env: CliEnv, io: CliIo): Promise<ExitCode> {
  try {
    const specs = COMMANDS.map((c) => c.spec);
    const parsed = parseArgs(argv, specs);
    switch (parsed.kind) {
      case "help":
        io.stdout.write(helpText(PROGRAM, specs, parsed.command));
        return EXIT.ok;
      case "version":
        io.stdout.write(`${PROGRAM} ${cliVersion()}\n`);
        return EXIT.ok;
      case "command": {
        const command = COMMANDS.find((c) => c.spec === parsed.command)!;
        // Reads run in parallel: when one fails, others may still report progress. Whatever a command writes
        // after it has ended is dropped, so its result or its one-line error is always the last thing printed.
        const session = closingStreams(io);
        try {
          return await command.execute({ flags: parsed.flags, env, io: session.io });
        } finally {
          session.close();
        }
      }
    }
  } catch (error) {
    io.stderr.write(`${PROGRAM}: ${describeError(error, PROGRAM)}\n`);
    return EXIT.error;
  }
}

/** The command's view of the streams, which stop writing once `close` is called. */
function closingStreams(io: CliIo): { io: CliIo; close: () => void } {
  let open = true;
  const gate = (stream: OutputStream): OutputStream => ({
    write: (chunk: string) => (open ? stream.write(chunk) : true),
    isTTY: stream.isTTY,
  });
  return {
    io: { ...io, stdout: gate(io.stdout), stderr: gate(io.stderr) },
    close: () => {
      open = false;
    },
  };
}
