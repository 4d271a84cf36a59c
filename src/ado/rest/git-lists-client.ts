/**
 * The repository list read element by element (http/json-list-stream.ts): at 100,000 repositories the
 * organization-wide answer is about 76 MB of JSON. Same request as azure-devops-extension-api's
 * `GitRestClient.getRepositories` (its Git/GitClient.js: route `{project}/_apis/git/Repositories/{repositoryId}`,
 * `7.2-preview.2`; https://learn.microsoft.com/rest/api/azure/devops/git/repositories/list), which cannot hand
 * its answer over as it arrives.
 */
import type { KeepListItem } from "../http/json-list-stream";
import { RestClientBase } from "./api-clients";
import { listItems } from "./wire";

const API_VERSION = "7.2-preview.2";

export class GitListsRestClient extends RestClientBase {
  /** Every repository of the organization, or of `project`; the list holds what `keep` returns for each one. */
  async listRepositories<T>(project: string | undefined, keep: (repository: unknown) => T | undefined): Promise<T[]> {
    const body = await this.beginRequest<unknown>({
      apiVersion: API_VERSION,
      routeTemplate: "{project}/_apis/git/Repositories/{repositoryId}",
      routeValues: { project },
      keepListItem: keep as KeepListItem,
    });
    return listItems<T>(body, "repository list");
  }
}
