/**
 * The task's inputs and the agent's variables -> typed options, validated before the first request. The
 * agent hands inputs to the task as INPUT_<NAME> environment variables and variables as <NAME_WITH_UNDERSCORES>
 * (https://github.com/microsoft/azure-pipelines-task-lib/blob/master/node/docs/azure-pipelines-task-lib.md);
 * the task library reads both, so this module only sees the `AgentInputs` reader.
 */
import { bearerAuth, parseOrganization, patAuth, type AuthProvider, type Organization } from "../ado";
import type { AuditRequest } from "../flows";
import { VERIFY_MODES, type VerifyMode } from "../core/audit/report";

export const FAIL_ON = ["errors", "warnings", "never"] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** What the task reads from the agent: inputs by task.json name, variables by their pipeline name. */
export interface AgentInputs {
  input(name: string): string | undefined;
  variable(name: string): string | undefined;
  /** A service connection the job may use, by id: its URL and its token (undefined when the job has none by that id). */
  serviceConnection(id: string): ServiceConnection | undefined;
}

/**
 * An "Azure Repos/Team Foundation Server" service connection (type ExternalTfs, scheme Token): the organization's
 * URL and a PAT in the `apitoken` parameter, as Azure DevOps stores it (the same type and parameter the
 * azuredevops Terraform provider writes: microsoft/terraform-provider-azuredevops, resource_serviceendpoint_externaltfs.go).
 */
export interface ServiceConnection {
  url?: string;
  token?: string;
}

export interface TaskOptions {
  org: Organization;
  auth: AuthProvider;
  identity: string;
  projects: string[];
  /** The Microsoft Entra tenant the organization should be connected to (checked by the audit's tenant step). */
  tenantId?: string;
  failOn: FailOn;
  /** Azure DevOps' own evaluation as a second opinion (as `dbt-ado audit --verify`). */
  verify: VerifyMode;
  /** How long each answer from Azure DevOps may take, in ms (as `dbt-ado audit --timeout`); the gateway's default when absent. */
  timeoutMs?: number;
  /** Where the JUnit and Markdown files are written: the agent's temporary folder, emptied after every job. */
  outputFolder: string;
}

/** Bad input: the task fails with this one sentence, before anything is read from the organization. */
export class TaskInputError extends Error {}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readTaskOptions(agent: AgentInputs, fallbackFolder: string): TaskOptions {
  const identity = agent.input("identity")?.trim();
  if (!identity) throw new TaskInputError("Input required: identity (the dbt Cloud service user or service principal)");

  const failOn = (agent.input("failOn")?.trim() || "errors") as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new TaskInputError(`failOn must be one of ${FAIL_ON.join(", ")}, not "${failOn}"`);

  const verify = (agent.input("verify")?.trim() || "missing") as VerifyMode;
  if (!VERIFY_MODES.includes(verify)) throw new TaskInputError(`verify must be one of ${VERIFY_MODES.join(", ")}, not "${verify}"`);

  const timeoutInput = agent.input("timeout")?.trim() || undefined;
  const timeoutSeconds = timeoutInput !== undefined && /^\d+(\.\d+)?$/.test(timeoutInput) ? Number(timeoutInput) : NaN;
  if (timeoutInput !== undefined && !(timeoutSeconds >= 1 && timeoutSeconds <= 3600)) {
    throw new TaskInputError(`timeout must be a number of seconds from 1 to 3600, not "${timeoutInput}"`);
  }

  const tenantId = agent.input("tenantId")?.trim() || undefined;
  if (tenantId !== undefined && !GUID.test(tenantId)) throw new TaskInputError(`tenantId must be a GUID (the Directory ID), not "${tenantId}"`);

  const connection = connectionOf(agent);
  // System.TeamFoundationCollectionUri is the organization the job runs in, e.g. https://dev.azure.com/contoso/
  // (https://learn.microsoft.com/azure/devops/pipelines/build/variables#system-variables). A service connection
  // names its own organization, which may be another one.
  const collectionUri = connection?.url ?? agent.variable("System.TeamFoundationCollectionUri")?.trim();
  if (!collectionUri) throw new TaskInputError("System.TeamFoundationCollectionUri is not set: run this task in an Azure Pipelines job");

  return {
    org: parseOrganization(collectionUri),
    auth: connection ? connection.auth : taskAuth(agent),
    identity,
    projects: projectList(agent.input("projects")),
    tenantId,
    failOn,
    verify,
    ...(timeoutInput !== undefined ? { timeoutMs: Math.round(timeoutSeconds * 1000) } : {}),
    outputFolder: agent.variable("Agent.TempDirectory")?.trim() || fallbackFolder,
  };
}

/** One project per line (or comma-separated); blank lines ignored. */
function projectList(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[\r\n,]+/)
    .map((line) => line.trim())
    .filter((line) => line !== "");
}

/**
 * The `connection` input: an Azure Repos/Team Foundation Server service connection whose PAT and URL the check
 * uses instead of the job's own token and organization. Either it or a PAT input, never both: with two
 * credentials, which one was used would be a guess.
 */
function connectionOf(agent: AgentInputs): { url: string; auth: AuthProvider } | undefined {
  const id = agent.input("connection")?.trim();
  if (!id) return undefined;
  if (agent.input("personalAccessToken")?.trim()) {
    throw new TaskInputError("Give either connection or personalAccessToken, not both");
  }
  const found = agent.serviceConnection(id);
  const url = found?.url?.trim();
  const token = found?.token?.trim();
  if (!url || !token) {
    throw new TaskInputError(
      `The service connection "${id}" gives no organization URL and personal access token: use an "Azure Repos/Team Foundation Server" connection with token authentication`,
    );
  }
  return {
    url,
    auth: patAuth(token, "The service connection's personal access token was refused: renew it in Project settings > Service connections."),
  };
}

/**
 * A PAT given as an input (from a secret variable) wins; else the job's own token, System.AccessToken, sent as
 * Bearer (https://learn.microsoft.com/azure/devops/pipelines/build/variables#systemaccesstoken). Neither is ever
 * printed: both are secrets the agent already masks in the log.
 */
function taskAuth(agent: AgentInputs): AuthProvider {
  const pat = agent.input("personalAccessToken")?.trim();
  if (pat)
    return patAuth(pat, "Create a new PAT with the scopes this task needs and store it in the secret variable the personalAccessToken input names.");
  const token = agent.variable("System.AccessToken")?.trim();
  if (!token) {
    throw new TaskInputError(
      "No credentials: System.AccessToken is not available to this job. Allow scripts to access the OAuth token, or give a PAT from a secret variable in personalAccessToken",
    );
  }
  return bearerAuth(
    token,
    "The job's token was refused: give its build service identity read access, or give a PAT from a secret variable in personalAccessToken.",
  );
}

/**
 * The flow's request from the task's options: the one place where the task's inputs meet the audit. With a
 * tenant ID the audit compares it with the organization's Entra tenant (`X-VSS-ResourceTenant`).
 */
export function auditRequestOf(options: TaskOptions): AuditRequest {
  return {
    identity: options.identity,
    projects: options.projects,
    verify: options.verify,
    // JUnit and Markdown show what is not allowed; allowed cells need no explanation.
    explainAllowed: false,
    ...(options.tenantId ? { tenantId: options.tenantId } : {}),
  };
}
