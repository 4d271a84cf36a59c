/** Validates JSON the CLI prints against schema/audit-report.schema.json (draft 2020-12, strict mode). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";

export const SCHEMA_PATH = join(__dirname, "..", "..", "..", "schema", "audit-report.schema.json");

export function loadSchema(): Record<string, any> {
  return JSON.parse(readFileSync(SCHEMA_PATH, "utf8"));
}

function compile() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  // RFC 3339 date-time, without pulling in ajv-formats.
  ajv.addFormat("date-time", /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i);
  return ajv.compile(loadSchema());
}

let validator: ReturnType<typeof compile> | undefined;

/** The schema errors of `value` as readable strings; empty when it is valid. */
export function schemaErrors(value: unknown): string[] {
  validator ??= compile();
  if (validator(value)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""} ${JSON.stringify(e.params)}`);
}
