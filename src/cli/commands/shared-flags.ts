/** Flags and help notes that several commands share (audit, grant, hooks, links, migrate). */
import { VERIFY_MODES } from "../../core/audit/report";
import { GRANT_SCOPES } from "../../core/grant/model";
import type { FlagSpec } from "../args";

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
