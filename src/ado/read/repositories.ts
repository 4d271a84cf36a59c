/**
 * The repositories of the projects in scope: one organization-wide list where the answer is of a reasonable size
 * (read/snapshot.ts `readAllRepositories`), one list per project when it does not come (see
 * read/namespace-acls.ts for when; 100,000 repositories are about 76 MB of JSON). `GET {project}/_apis/git/repositories`
 * (https://learn.microsoft.com/rest/api/azure/devops/git/repositories/list) answers the same objects.
 */
import type { RepositoryInfo } from "../../core/snapshot";
import { isAdoError } from "../http/errors";
import type { ReaderContext } from "./identity";
import { answerDidNotCome } from "./namespace-acls";
import { readAllRepositories, repositoryKeeper, sortRepositories } from "./snapshot";

export async function readRepositoriesInScope(ctx: ReaderContext, projectIds: Set<string>): Promise<RepositoryInfo[]> {
  try {
    return await readAllRepositories(ctx.clients.forLargeReads(), projectIds);
  } catch (error) {
    if (!isAdoError(error) || !answerDidNotCome(error)) throw error;
    ctx.progress(`The repository list did not come in one answer (${error.message}); reading it one project at a time (${projectIds.size} projects)`);
    const git = await ctx.clients.gitLists();
    const lists = await Promise.all([...projectIds].map((projectId) => git.listRepositories(projectId, repositoryKeeper(projectIds, projectId))));
    return sortRepositories(lists.flat());
  }
}
