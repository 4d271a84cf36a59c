/**
 * The DbtCloudAudit task's entry point (task.json execution.Node20_1.target), bundled into one file with
 * everything it needs: the agent runs it with its own Node 20 and installs nothing.
 */
import { tmpdir } from "node:os";
import * as tl from "azure-pipelines-task-lib/task";
import { runTask, type Agent } from "./run";
import { keepHeapNearLiveSize } from "../runtime/steady-heap";

// The agent runs the task in a process of its own: the same trade as the CLI's (see steady-heap.ts).
keepHeapNearLiveSize();

const RESULTS = { Succeeded: tl.TaskResult.Succeeded, SucceededWithIssues: tl.TaskResult.SucceededWithIssues, Failed: tl.TaskResult.Failed };

const agent: Agent = {
  input: (name) => tl.getInput(name, false),
  variable: (name) => (name === "System.AccessToken" ? systemAccessToken() : tl.getVariable(name)),
  // The agent passes a connection as ENDPOINT_URL_<ID> and ENDPOINT_AUTH_PARAMETER_<ID>_<KEY> (azure-pipelines-task-lib).
  serviceConnection: (id) => ({ url: tl.getEndpointUrl(id, true), token: tl.getEndpointAuthorizationParameter(id, "apitoken", true) }),
  log: (message) => console.log(message),
  // ##vso[results.publish type=JUnit;...]resultFiles (https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands)
  publishJunit: (file, runTitle) => new tl.TestPublisher("JUnit").publish(file, "false", "", "", runTitle, "true"),
  uploadSummary: (file) => tl.uploadSummary(file),
  setResult: (result, message) => tl.setResult(RESULTS[result], message),
};

/**
 * The job's token: the SystemVssConnection endpoint's AccessToken, which the agent gives every task and which
 * Microsoft's own tasks read this way (e.g. https://github.com/microsoft/azure-pipelines-tasks, DownloadSecureFile,
 * NuGetAuthenticate); else the secret variable System.AccessToken (the agent passes secrets as SECRET_<NAME>,
 * kept in the task library's vault). The task library echoes values in debug lines; the agent masks secrets.
 */
function systemAccessToken(): string | undefined {
  return tl.getEndpointAuthorizationParameter("SystemVssConnection", "AccessToken", true) || tl.getVariable("System.AccessToken");
}

runTask(agent, tmpdir()).catch((error: unknown) => {
  tl.setResult(tl.TaskResult.Failed, `The audit stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
});
