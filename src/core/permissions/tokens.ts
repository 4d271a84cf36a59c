/**
 * Security tokens of the three namespaces the audit reads, and how they nest.
 *
 * Token shapes (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference, https://learn.microsoft.com/azure/devops/cli/security-tokens):
 * - Project:      `$PROJECT` (all projects) and `$PROJECT:vstfs:///Classification/TeamProject/{projectId}`.
 *                 The namespace is flat (no separator), yet a project's token inherits from `$PROJECT`
 *                 (Azure/azure-devops-cli-extension doc/security_tokens.md), so its chain is [token, `$PROJECT`].
 * - ServiceHooks: `PublisherSecurity` and `PublisherSecurity/{projectId}`.
 * - Git:          `repoV2`, `repoV2/{projectId}`, `repoV2/{projectId}/{repoId}` (and deeper ref tokens).
 *
 * Tokens compare case-insensitively (https://learn.microsoft.com/azure/devops/organizations/security/namespace-reference). Real listings show hierarchical tokens without a trailing
 * separator, while older docs wrote them with one [OLD-TOK], so one trailing separator is ignored.
 */
import { NAMESPACES, type NamespaceKey } from "./catalogue";

const PROJECT_ROOT = NAMESPACES.project.rootToken; // "$PROJECT"
const PROJECT_TOKEN_PREFIX = `${PROJECT_ROOT}:vstfs:///Classification/TeamProject/`;

function requireId(kind: string, id: string): string {
  if (typeof id !== "string" || id.trim() === "") throw new Error(`A ${kind} id is required to build a security token`);
  if (/[/\\:]/.test(id)) throw new Error(`Invalid ${kind} id "${id}": ids must not contain "/", "\\" or ":"`);
  return id;
}

/** `$PROJECT:vstfs:///Classification/TeamProject/{projectId}` (Project namespace). */
export function projectToken(projectId: string): string {
  return PROJECT_TOKEN_PREFIX + requireId("project", projectId);
}

/** `PublisherSecurity` or `PublisherSecurity/{projectId}` (ServiceHooks namespace). */
export function serviceHooksToken(projectId?: string): string {
  const root = NAMESPACES.serviceHooks.rootToken;
  return projectId === undefined ? root : `${root}/${requireId("project", projectId)}`;
}

/** `repoV2`, `repoV2/{projectId}` or `repoV2/{projectId}/{repoId}` (Git Repositories namespace). */
export function gitToken(projectId?: string, repoId?: string): string {
  const root = NAMESPACES.gitRepositories.rootToken;
  if (projectId === undefined) {
    if (repoId !== undefined) throw new Error("A repository token needs its project id");
    return root;
  }
  const projectLevel = `${root}/${requireId("project", projectId)}`;
  return repoId === undefined ? projectLevel : `${projectLevel}/${requireId("repository", repoId)}`;
}

/** The token a required permission of `namespace` is checked on, for a project (and a repository in Git). */
export function tokenFor(namespace: NamespaceKey, projectId: string, repoId?: string): string {
  switch (namespace) {
    case "project":
      return projectToken(projectId);
    case "serviceHooks":
      return serviceHooksToken(projectId);
    case "gitRepositories":
      if (repoId === undefined) throw new Error("Git Repositories permissions are checked on a repository token");
      return gitToken(projectId, repoId);
  }
}

/** The token without one trailing separator, case kept (for display and for building chains). */
export function trimToken(namespace: NamespaceKey, token: string): string {
  if (typeof token !== "string" || token === "") throw new Error(`Empty security token in namespace ${namespace}`);
  const separator = NAMESPACES[namespace].separator;
  if (separator !== null && token.length > 1 && token.endsWith(separator)) return token.slice(0, -separator.length);
  return token;
}

/** The key two tokens are compared by: one trailing separator dropped, lower-cased. */
export function normalizeToken(namespace: NamespaceKey, token: string): string {
  return trimToken(namespace, token).toLowerCase();
}

export function tokensEqual(namespace: NamespaceKey, a: string, b: string): boolean {
  return normalizeToken(namespace, a) === normalizeToken(namespace, b);
}

/**
 * The token and every token it inherits from, closest first (trailing separator dropped, case kept):
 * `repoV2/p/r` -> [`repoV2/p/r`, `repoV2/p`, `repoV2`]; a project token -> [token, `$PROJECT`].
 */
export function tokenChain(namespace: NamespaceKey, token: string): string[] {
  const trimmed = trimToken(namespace, token);
  const separator = NAMESPACES[namespace].separator;
  if (separator === null) {
    const lower = trimmed.toLowerCase();
    if (lower === PROJECT_ROOT.toLowerCase()) return [trimmed];
    if (lower.startsWith(PROJECT_ROOT.toLowerCase() + ":")) return [trimmed, PROJECT_ROOT];
    throw new Error(`"${token}" is not a Project namespace token (expected ${PROJECT_ROOT} or ${PROJECT_TOKEN_PREFIX}{projectId})`);
  }
  const parts = trimmed.split(separator);
  if (parts.some((part) => part === "")) throw new Error(`Malformed token "${token}" in namespace ${namespace}: empty segment`);
  const chain: string[] = [];
  for (let length = parts.length; length >= 1; length--) chain.push(parts.slice(0, length).join(separator));
  return chain;
}

export interface ParsedToken {
  namespace: NamespaceKey;
  projectId?: string;
  repoId?: string;
}

/**
 * Which namespace a token belongs to, and the project/repository it names. Git ref tokens
 * (`repoV2/p/r/refs/heads/…`) parse to their repository. Throws on a token of any other shape.
 */
export function parseToken(token: string): ParsedToken {
  if (typeof token !== "string" || token === "") throw new Error("Cannot parse an empty security token");
  const lower = token.toLowerCase();

  if (lower === PROJECT_ROOT.toLowerCase()) return { namespace: "project" };
  if (lower.startsWith(PROJECT_TOKEN_PREFIX.toLowerCase())) {
    const projectId = token.slice(PROJECT_TOKEN_PREFIX.length);
    if (projectId === "" || /[/:]/.test(projectId)) throw new Error(`Malformed Project namespace token "${token}"`);
    return { namespace: "project", projectId };
  }

  for (const namespace of ["serviceHooks", "gitRepositories"] as const) {
    const root = NAMESPACES[namespace].rootToken;
    const parts = trimToken(namespace, token).split("/");
    if (parts[0].toLowerCase() !== root.toLowerCase()) continue;
    if (parts.slice(1).some((part) => part === "")) throw new Error(`Malformed token "${token}": empty segment`);
    if (namespace === "serviceHooks" && parts.length > 2) throw new Error(`Malformed ServiceHooks token "${token}"`);
    const parsed: ParsedToken = { namespace };
    if (parts.length > 1) parsed.projectId = parts[1];
    if (parts.length > 2) parsed.repoId = parts[2];
    return parsed;
  }

  throw new Error(
    `Unrecognised security token "${token}": expected ${PROJECT_ROOT}…, ${NAMESPACES.serviceHooks.rootToken}… or ${NAMESPACES.gitRepositories.rootToken}…`,
  );
}
