/** What a command may touch of the outside world, so `run` can be driven in-process by tests. */

export interface OutputStream {
  write(chunk: string): unknown;
  /** Set by Node on a terminal stream; decides whether the table may use colour. */
  isTTY?: boolean;
}

export interface CliIo {
  /** Results (unless `--output` is given). */
  stdout: OutputStream;
  /** Progress and the one-line error explanation. */
  stderr: OutputStream;
  /** The clock findings such as "inactive for 90 days" are measured against; defaults to the real one. */
  now?: () => Date;
}

export type CliEnv = Readonly<Record<string, string | undefined>>;

/** The process exit codes of design.md's CLI contract. */
export const EXIT = {
  /** Every required permission is effective and there is no error finding. */
  ok: 0,
  /** The command ran and findings remain. */
  findings: 1,
  /** Usage, authentication, connection or not-found error (one line on stderr). */
  error: 2,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Colour only for a terminal, and never when NO_COLOR is set to anything non-empty (no-color.org). */
export function wantsColor(stream: OutputStream, env: CliEnv): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}
