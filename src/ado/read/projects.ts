/** Projects: listing (paged by the `x-ms-continuationtoken` header, read by CoreRestClient) and selection. */
import type { ProjectInfo } from "../../core/snapshot";
import type { CoreRestClient } from "../rest/api-clients";
import { AdoError } from "../http/errors";
import { collectPages } from "../rest/paging";
import type { WireProject } from "../rest/wire";

/** ProjectVisibility enum numbers, in case a server answers with numbers (azure-devops-extension-api Core.d.ts). */
const VISIBILITY_NUMBERS: Record<number, string> = { 0: "private", 1: "organization", 2: "public" };

export function toProjectInfo(project: WireProject): ProjectInfo {
  const visibility =
    typeof project.visibility === "number"
      ? (VISIBILITY_NUMBERS[project.visibility] ?? String(project.visibility))
      : (project.visibility ?? "private");
  return { id: project.id, name: project.name, visibility };
}

/**
 * Projects per page. The service answers 100 without `$top` and accepts larger values (1,000 reported to work:
 * https://github.com/expertasolutions/AzDo.VstsDashboard/issues/158, used by Microsoft's own sample change
 * https://github.com/microsoft/azure-devops-dotnet-samples/pull/10); the continuation token is still followed in
 * case it caps the page lower.
 */
export const PROJECTS_PER_PAGE = 1000;

/** Every well-formed project, all pages (https://learn.microsoft.com/rest/api/azure/devops/core/projects/list). */
export async function listAllProjects(core: CoreRestClient, onProgress?: (message: string) => void): Promise<ProjectInfo[]> {
  const projects = await collectPages<WireProject>(
    "projects",
    async (continuationToken) => {
      const token = continuationToken === undefined ? undefined : Number(continuationToken);
      if (token !== undefined && !Number.isFinite(token)) {
        throw new AdoError("server", `Azure DevOps returned a project continuation token that is not a number (${continuationToken}).`);
      }
      const page = (await core.getProjects(undefined, PROJECTS_PER_PAGE, undefined, token)) as unknown;
      // CoreRestClient sets `continuationToken` on the parsed body (a bare array with noArrayWrap).
      const items = Array.isArray(page) ? page : ((page as { value?: WireProject[] } | null)?.value ?? []);
      return { items: items as WireProject[], next: (page as { continuationToken?: string | null } | null)?.continuationToken };
    },
    (pageNumber, soFar) => {
      if (pageNumber > 1) onProgress?.(`Read ${soFar} projects so far (page ${pageNumber})`);
    },
  );
  return projects.map(toProjectInfo);
}

/**
 * The projects `filters` name (by name or id, case-insensitively), in the order given, without duplicates;
 * every project when `filters` is empty. Unknown names -> one `notFound` naming all of them.
 */
export function selectProjects(all: ProjectInfo[], filters: string[], organization: string): ProjectInfo[] {
  const wanted = filters.map((filter) => filter.trim()).filter((filter) => filter !== "");
  if (wanted.length === 0) return [...all].sort((a, b) => a.name.localeCompare(b.name));
  const byKey = new Map<string, ProjectInfo>();
  for (const project of all) {
    byKey.set(project.id.toLowerCase(), project);
    byKey.set(project.name.toLowerCase(), project);
  }
  const selected = new Map<string, ProjectInfo>();
  const missing: string[] = [];
  for (const filter of wanted) {
    const project = byKey.get(filter.toLowerCase());
    if (project) selected.set(project.id, project);
    else missing.push(filter);
  }
  if (missing.length > 0) {
    const names = missing.map((name) => `"${name}"`).join(", ");
    throw new AdoError(
      "notFound",
      `${missing.length === 1 ? "Project" : "Projects"} ${names} ${missing.length === 1 ? "was" : "were"} not found in ${organization} (or the token cannot see ${missing.length === 1 ? "it" : "them"}); ${all.length} projects are visible.`,
      { status: 404 },
    );
  }
  return [...selected.values()];
}
