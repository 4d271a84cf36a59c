/** Flags and help notes that several commands share (audit, grant, hooks, links, migrate). */
import { VERIFY_MODES } from "../../core/audit/report";
import { GRANT_SCOPES } from "../../core/grant/model";
import { UsageError, type FlagSpec, type ParsedFlags } from "../args";

export const ORG_FLAG: FlagSpec = {
  name: "org",
  type: "string",
  valueName: "<name|url>",
  required: true,
  description: "Organization: contoso, https://dev.azure.com/contoso or https://contoso.visualstudio.com.",
};

export const PROJECT_FLAG: FlagSpec = {
  name: "project",
  type: "string",
  valueName: "<name|id>",
  repeatable: true,
  description: "Limit to this project; repeat for several (default: every project).",
};

/** Credentials never come from a flag: it would land in shell history and process listings. */
export const CREDENTIAL_NOTES: readonly string[] = [
  "Credentials come from the environment, never from a flag:",
  "  AZURE_DEVOPS_EXT_PAT  a personal access token (as for az devops)",
  "  SYSTEM_ACCESSTOKEN    a bearer token, e.g. $(System.AccessToken) in Azure Pipelines",
];

/** Where a grant writes its allows (grant, migrate). */
export const SCOPE_FLAG: FlagSpec = {
  name: "scope",
  type: "string",
  valueName: "<org|project|repo>",
  choices: GRANT_SCOPES,
  description: "Where allows are written: namespace roots, each project (default), or each repository.",
};

/** Azure DevOps' own evaluation as a second opinion (audit, grant). */
export const VERIFY_FLAG: FlagSpec = {
  name: "verify",
  type: "string",
  valueName: "<missing|all|none>",
  choices: VERIFY_MODES,
  description:
    "Ask Azure DevOps for its own evaluation: of every permission found missing plus a sample of allowed ones (missing, default), " +
    "of every permission (all), or not at all (none). Where the answers differ, Azure DevOps' answer counts.",
};

/** How long to wait for each answer (audit, grant, hooks, migrate). */
export const TIMEOUT_FLAG: FlagSpec = {
  name: "timeout",
  type: "string",
  valueName: "<seconds>",
  description:
    "Seconds to wait for each answer from Azure DevOps (default 60). A read of a whole permission namespace or of every " +
    "repository that does not answer in time is done again one project at a time.",
};

/** Longest accepted `--timeout`: an hour; a longer wait is a mistake, not a setting. */
const MAX_TIMEOUT_SECONDS = 3600;

/** `--timeout` in milliseconds, or undefined for the gateway's default; a usage error names a bad value. */
export function timeoutMsOf(flags: ParsedFlags, command: string): number | undefined {
  const raw = flags.string("timeout");
  if (raw === undefined) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!(seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw new UsageError(`--timeout: expected a number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}, got "${raw}"`, command);
  }
  return Math.round(seconds * 1000);
}
