/**
 * The local host's extension data, kept by its server so that it outlives the page: Azure DevOps keeps an
 * extension's settings and documents on the service, so a reload of the page (or of the whole local host, with a
 * file) must find what the hub saved, or Save would seem to work locally and be lost on the next visit.
 *
 * The host page holds the working copy (hostFrame.ts) and sends a collection here after every write; the
 * server hands all collections back in the page it serves. With a file, every change is written to it
 * (to a temporary name, then renamed, so a crash never leaves half a file); without one, the data lives
 * as long as the server.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";

/** Collection key (`extension|scope|collection`, as hostFrame.ts builds it) -> its documents. */
export type ExtensionDataCollections = Record<string, Record<string, unknown>[]>;

export interface ExtensionDataStore {
  /** Every collection, as the host page starts from. */
  collections(): ExtensionDataCollections;
  /** Replaces one collection's documents, and writes the file when there is one. */
  put(key: string, documents: unknown): Promise<void>;
}

/** The largest collection key accepted, so a bad request cannot grow the file without bound. */
const MAX_KEY_LENGTH = 512;

function isDocument(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as { id?: unknown }).id === "string";
}

export async function openExtensionDataStore(file?: string): Promise<ExtensionDataStore> {
  const data: ExtensionDataCollections = file ? await readFile(file) : {};
  let writing: Promise<void> = Promise.resolve();
  return {
    collections: () => structuredClone(data),
    async put(key, documents) {
      if (typeof key !== "string" || key === "" || key.length > MAX_KEY_LENGTH) throw new Error("The collection key is missing or too long.");
      if (!Array.isArray(documents) || !documents.every(isDocument))
        throw new Error("A collection is a JSON array of documents, each with a string id.");
      if (documents.length === 0) delete data[key];
      else data[key] = structuredClone(documents);
      if (!file) return;
      const content = JSON.stringify(data, null, 2);
      // One write at a time, in the order the changes came.
      writing = writing.then(() => writeAtomically(file, content));
      await writing;
    },
  };
}

async function readFile(file: string): Promise<ExtensionDataCollections> {
  let text: string;
  try {
    text = await fs.readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new Error(`${file} does not hold the local host's extension data (a JSON object of collections); move it away to start afresh.`);
  }
  const data: ExtensionDataCollections = {};
  for (const [key, documents] of Object.entries(parsed as Record<string, unknown>)) {
    if (Array.isArray(documents)) data[key] = documents.filter(isDocument);
  }
  return data;
}

async function writeAtomically(file: string, content: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  await fs.writeFile(partial, content);
  await fs.rename(partial, file);
}
