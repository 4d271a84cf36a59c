/**
 * ACE writes as plan changes: what each grants, on which token, for which identity, and why, in words an
 * administrator can check.
 */
import { NAMESPACES, REQUIRED_PERMISSIONS } from "../permissions/catalogue";
import { cellKey, permissionLabel, tokenLevel } from "./cells";
import type { Ladders, TokenWrite } from "./ladders";
import type { AceGrant, PlanCell, PlanIdentity } from "./model";
import { compareCells } from "./order";
import type { AuditReport } from "../audit/report";
import { parseToken } from "../permissions/tokens";

export class Names {
  private readonly projects = new Map<string, string>();
  private readonly repositories = new Map<string, string>();

  constructor(report: AuditReport) {
    for (const project of report.projects) {
      this.projects.set(project.id.toLowerCase(), project.name);
      for (const repo of project.repositories) this.repositories.set(repo.id.toLowerCase(), repo.name);
    }
  }

  project(id: string): string {
    return this.projects.get(id.toLowerCase()) ?? id;
  }

  repository(id: string): string {
    return this.repositories.get(id.toLowerCase()) ?? id;
  }
}

export function aceChange(write: TokenWrite, identity: PlanIdentity, names: Names, ladders: Ladders, fallbackReasons: Map<string, string>): AceGrant {
  const namespace = NAMESPACES[write.namespace];
  const level = tokenLevel(write.token);
  const parsed = parseToken(write.token);
  const permissions = REQUIRED_PERMISSIONS.filter((p) => p.namespace === write.namespace && (write.allow & p.bit) !== 0).map((p) => p.key);
  const fixes = [...write.cells].sort(compareCells);
  const change: AceGrant = {
    kind: "ace",
    namespace: write.namespace,
    namespaceId: namespace.id,
    namespaceName: namespace.name,
    token: write.token,
    level,
    descriptor: identity.descriptor,
    allow: write.allow,
    permissions,
    fixes,
    reason: "",
  };
  if (parsed.projectId !== undefined) {
    change.projectId = parsed.projectId;
    change.projectName = names.project(parsed.projectId);
  }
  if (parsed.repoId !== undefined) {
    change.repositoryId = parsed.repoId;
    change.repositoryName = names.repository(parsed.repoId);
  }

  const who = identity.displayName || identity.principalName;
  const sentences = [
    `Allows ${permissions.map(permissionLabel).join(", ")} (${namespace.name} allow bits ${write.allow}) for ${who} on ${write.token}, ` +
      `${levelWords(level)}: missing in ${places(fixes)}`,
  ];
  for (const projectId of new Set(fixes.filter((cell) => cell.permission === "GENERIC_READ").map((cell) => cell.projectId.toLowerCase()))) {
    const why = fallbackReasons.get(projectId);
    if (why) sentences.push(`Not through a Readers membership: ${why}`);
  }
  const moved = [...new Set(fixes.flatMap((cell) => ladders.movedBecause.get(cellKey(cell)) ?? []))];
  if (moved.length > 0) {
    const shown = moved.slice(0, 3).map((why) => why.replace(/\.$/, ""));
    sentences.push(`Not written higher up: ${shown.join("; ")}${moved.length > shown.length ? ` (and ${moved.length - shown.length} more)` : ""}`);
  }
  change.reason = sentences.map((sentence) => sentence.replace(/\.$/, "")).join(". ") + ".";
  return change;
}

function levelWords(level: AceGrant["level"]): string {
  switch (level) {
    case "organization":
      return "which covers every project";
    case "project":
      return "which covers the project and all its repositories";
    case "repository":
      return "this repository only";
  }
}

/** "Analytics (dbt-models, jaffle-shop)" or "3 projects (A, B, C)": where the fixed cells are. */
function places(cells: readonly PlanCell[]): string {
  const byProject = new Map<string, { name: string; repositories: Set<string> }>();
  for (const cell of cells) {
    const key = cell.projectId.toLowerCase();
    const entry = byProject.get(key) ?? { name: cell.projectName, repositories: new Set<string>() };
    if (cell.repositoryName !== undefined) entry.repositories.add(cell.repositoryName);
    byProject.set(key, entry);
  }
  const list = (items: string[]) => (items.length > 4 ? `${items.slice(0, 4).join(", ")} and ${items.length - 4} more` : items.join(", "));
  const projects = [...byProject.values()];
  if (projects.length === 1) {
    const [only] = projects;
    const repos = [...only.repositories];
    return repos.length === 0 ? only.name : `${only.name} (${repos.length === 1 ? "repository" : `${repos.length} repositories:`} ${list(repos)})`;
  }
  return `${projects.length} projects (${list(projects.map((project) => project.name))})`;
}
