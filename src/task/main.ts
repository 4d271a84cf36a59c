/**
 * The DbtCloudAudit task's entry point (task.json execution.Node20_1.target), bundled into one file with
 * everything it needs: the agent runs it with its own Node 20 and installs nothing.
 */
import { tmpdir } from "node:os";
import * as tl from "azure-pipelines-task-lib/task";
import { runTask, type Agent } from "./run";

const RESULTS = { Succeeded: tl.TaskResult.Succeeded, SucceededWithIssues: tl.TaskResult.SucceededWithIssues, Failed: tl.TaskResult.Failed };

const agent: Agent = {
  input: (name) => tl.getInput(name, false),
  variable: (name) => (name === "System.AccessToken" ? systemAccessToken() : tl.getVariable(name)),
  log: (message) => console.log(message),
  // ##vso[results.publish type=JUnit;...]resultFiles (https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands)
  publishJunit: (file, runTitle) => new tl.TestPublisher("JUnit").publish(file, "false", "", "", runTitle, "true"),
  uploadSummary: (file) => tl.uploadSummary(file),
  setResult: (result, message) => tl.setResult(RESULTS[result], message),
};

/**
 * The job's token: the secret variable System.AccessToken (the agent passes secrets as SECRET_<NAME>, kept in the
 * task library's vault), else the SystemVssConnection endpoint every job has, as Microsoft's own tasks read it
 * (https://github.com/microsoft/azure-pipelines-tasks, e.g. tl.getEndpointAuthorizationParameter("SystemVssConnection", "AccessToken", false)).
 * The task library echoes values in debug lines; the agent masks secret values in every log line.
 */
function systemAccessToken(): string | undefined {
  return tl.getVariable("System.AccessToken") || tl.getEndpointAuthorizationParameter("SystemVssConnection", "AccessToken", true);
}

runTask(agent, tmpdir()).catch((error: unknown) => {
  tl.setResult(tl.TaskResult.Failed, `The audit stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
});
