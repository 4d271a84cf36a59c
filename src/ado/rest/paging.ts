/**
 * Continuation-token paging. Each API carries the token differently (https://learn.microsoft.com/rest/api/azure/devops/): projects in the
 * `x-ms-continuationtoken` header holding a number, Graph lists in the `X-MS-ContinuationToken` header,
 * userentitlements in the body. The clients extract it; this loop only follows it, and stops a server that
 * hands back the same token forever.
 */
import { AdoError } from "../http/errors";

export interface Page<T> {
  items: T[];
  /** Token for the next page; null/undefined/"" on the last page. */
  next?: string | number | null;
}

export async function collectPages<T>(
  what: string,
  fetchPage: (continuationToken: string | undefined, pageNumber: number) => Promise<Page<T>>,
  onPage?: (pageNumber: number, itemsSoFar: number) => void,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await fetchPage(token, pageNumber);
    items.push(...page.items);
    onPage?.(pageNumber, items.length);
    const next = page.next === null || page.next === undefined ? "" : String(page.next).trim();
    if (next === "") return items;
    if (seen.has(next)) {
      throw new AdoError("server", `Azure DevOps returned the same continuation token twice while listing ${what}; stopping to avoid a loop.`);
    }
    seen.add(next);
    token = next;
  }
}
