/** Reading a seed file, with errors that name the file and what is wrong in it. */
import { readFileSync } from "node:fs";
import type { OrgSeed } from "./types";
import { stateFromSeed } from "./to-state";

const REQUIRED_LISTS = ["users", "groups", "projects", "acls", "tokens"] as const;

/** Loads and validates a seed file (every reference is checked by building the state once). */
export function loadSeed(path: string): OrgSeed {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new Error(`Cannot read seed file ${path}: ${(error as Error).message}`);
  }
  let seed: OrgSeed;
  try {
    seed = JSON.parse(text) as OrgSeed;
  } catch (error) {
    throw new Error(`Seed file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (seed === null || typeof seed !== "object" || typeof seed.organization !== "object") {
    throw new Error(`Seed file ${path} must be an object with an "organization" entry`);
  }
  for (const list of REQUIRED_LISTS) {
    if (!Array.isArray(seed[list])) throw new Error(`Seed file ${path} must have a "${list}" array`);
  }
  try {
    stateFromSeed(seed);
  } catch (error) {
    throw new Error(`Seed file ${path}: ${(error as Error).message}`);
  }
  return seed;
}
