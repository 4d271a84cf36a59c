/**
 * Errors that end a command with exit code 2, and how any error becomes the single line printed on stderr.
 * A stack trace is never printed: the line must say what to fix.
 */
import { terminalSafe } from "./render/terminal-safe";
import { AdoError } from "../ado";
import { UsageError } from "./args";

/** A problem on this machine (e.g. an --output file that cannot be written), reported as one line. */
export class CliError extends Error {
  override readonly name = "CliError";
}

export function describeError(error: unknown, program: string): string {
  if (error instanceof UsageError) {
    const help = error.commandName ? `${program} ${error.commandName} --help` : `${program} --help`;
    return oneLine(`${error.message} (see "${help}")`);
  }
  if (error instanceof AdoError) {
    const candidates = error.candidates ?? [];
    const listed = candidates.filter((c) => !error.message.includes(c));
    return oneLine(listed.length > 0 ? `${error.message}; candidates: ${listed.join(", ")}` : error.message);
  }
  if (error instanceof CliError) return oneLine(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return oneLine(`unexpected error: ${message}`);
}

/** Collapses whitespace runs (newlines included) so the explanation stays on one line. */
export function oneLine(text: string): string {
  return terminalSafe(text.replace(/\s+/g, " ").trim());
}
