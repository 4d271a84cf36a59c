/** Writing a command's result to `--output <file>`. */
import { constants } from "node:fs";
import { access, open, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { CliError } from "../errors";

/**
 * Fails fast, before any request, when the file could not be written: its folder is missing or read-only, or
 * the path is a folder. Writing can still fail later (disk full); writeOutputFile reports that.
 */
export async function checkOutputPath(path: string): Promise<void> {
  const folder = dirname(resolve(path));
  try {
    await access(folder, constants.W_OK);
  } catch (error) {
    throw new CliError(`cannot write --output file "${path}": ${(error as NodeJS.ErrnoException).code ?? "folder not writable"}`);
  }
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new CliError(`cannot write --output file "${path}": it is a folder`);
}

export async function writeOutputFile(path: string, content: string): Promise<void> {
  try {
    await writeFile(path, content, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`cannot write --output file "${path}": ${reason}`);
  }
}

/** Pieces are joined up to this size before each write: few system calls, little memory. */
const WRITE_BATCH_CHARS = 1 << 20;

/** Joins `chunks` into writes of about WRITE_BATCH_CHARS characters each. */
export function* batched(chunks: Iterable<string>): Generator<string> {
  let pending: string[] = [];
  let size = 0;
  for (const chunk of chunks) {
    pending.push(chunk);
    size += chunk.length;
    if (size >= WRITE_BATCH_CHARS) {
      yield pending.join("");
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) yield pending.join("");
}

/** Writes a large result piece by piece, so it is never held whole in memory. */
export async function writeOutputChunks(path: string, chunks: Iterable<string>): Promise<void> {
  try {
    const file = await open(path, "w");
    try {
      for (const text of batched(chunks)) await file.write(text, null, "utf8");
    } finally {
      await file.close();
    }
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`cannot write --output file "${path}": ${reason}`);
  }
}
