/** Writing a command's result to `--output <file>`. */
import { writeFile } from "node:fs/promises";
import { CliError } from "../errors";

export async function writeOutputFile(path: string, content: string): Promise<void> {
  try {
    await writeFile(path, content, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CliError(`cannot write --output file "${path}": ${reason}`);
  }
}
