/**
 * The pipeline task, once the agent is abstracted away: the same flow as `dbt-ado audit` (src/flows runAudit),
 * rendered by the CLI's own JUnit and Markdown renderers, published to the run's Tests tab and Summary page,
 * and the step's result set from the findings. main.ts binds `Agent` to azure-pipelines-task-lib.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AdoGateway, isAdoError } from "../ado";
import { formatJunit, formatMarkdown } from "../cli/render";
import { runAudit } from "../flows";
import { auditRequestOf, readTaskOptions, TaskInputError, type AgentInputs } from "./options";
import { taskOutcome, type TaskResultName } from "./outcome";

export const JUNIT_FILE = "dbt-ado-audit.xml";
export const SUMMARY_FILE = "dbt-ado-audit.md";

export interface Agent extends AgentInputs {
  log(message: string): void;
  /** Publishes a JUnit file to the run's Tests tab. */
  publishJunit(file: string, runTitle: string): void;
  /** Attaches a Markdown file to the run's Summary page. */
  uploadSummary(file: string): void;
  setResult(result: TaskResultName, message: string): void;
}

export async function runTask(agent: Agent, fallbackFolder: string): Promise<TaskResultName> {
  try {
    const options = readTaskOptions(agent, fallbackFolder);
    agent.log(`Auditing ${options.identity} in ${options.org.name}${options.projects.length ? ` (projects: ${options.projects.join(", ")})` : ""}`);
    const gateway = AdoGateway.forOrganization({ org: options.org, auth: options.auth, onProgress: agent.log, timeoutMs: options.timeoutMs });
    const { report } = await runAudit(gateway, auditRequestOf(options), { onProgress: ({ message }) => agent.log(message) });

    const junit = join(options.outputFolder, JUNIT_FILE);
    const summary = join(options.outputFolder, SUMMARY_FILE);
    await writeFile(junit, formatJunit(report), "utf8");
    await writeFile(summary, formatMarkdown(report), "utf8");
    agent.publishJunit(junit, `dbt Cloud permission check: ${report.identity.principalName || options.identity}`);
    agent.uploadSummary(summary);

    const outcome = taskOutcome(report, options.failOn);
    agent.setResult(outcome.result, outcome.message);
    return outcome.result;
  } catch (error) {
    // Bad input, rejected credentials, an unknown identity or project, an unreachable organization: one sentence.
    if (error instanceof TaskInputError || isAdoError(error)) {
      agent.setResult("Failed", error.message);
      return "Failed";
    }
    throw error;
  }
}
