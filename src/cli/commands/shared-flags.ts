/** Flags and help notes that several commands share (audit, grant, hooks, links, migrate). */
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
