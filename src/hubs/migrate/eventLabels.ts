/**
 * Service hook event types in words, as Azure DevOps' own service hooks page names them
 * (https://learn.microsoft.com/azure/devops/service-hooks/events). Unknown ids are shown as they are.
 */
export const EVENT_LABELS: Readonly<Record<string, string>> = {
  "git.pullrequest.created": "Pull request created",
  "git.pullrequest.updated": "Pull request updated",
  "git.pullrequest.merged": "Pull request merge attempted",
  "git.push": "Code pushed",
  "build.complete": "Build completed",
};
