/** Writing a command's result to `--output <file>`. */
import { constants } from "node:fs";
import { access, stat, writeFile } from "node:fs/promises";
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
