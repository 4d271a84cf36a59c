/**
 * Azure DevOps' own answer as a second opinion on the local evaluation. The audit explains every cell from raw
 * ACLs and the memberships the Identities API lists; the service evaluates with memberships it may not list
 * (Entra groups resolved internally) and with its own rules. An ACL query with `descriptors=<identity>` and
 * `includeExtendedInfo=true` returns, for every ACL, the identity's `extendedInfo.effectiveAllow/effectiveDeny`
 * (https://learn.microsoft.com/rest/api/azure/devops/security/access-control-lists/query#aceextendedinformation;
 * what `az devops security permission show` prints; real answers in shared/reference/recorded/az-cli-2025).
 *
 * Where the two differ, the service decides the cell (and `ok`), the reason gives both answers, and the
 * `evaluation-mismatch` warning names the cells. Cells the service agrees with are marked `confirmed`.
 */
import { NAMESPACES, REQUIRED_PERMISSIONS, type NamespaceKey, type PermissionKey } from "../permissions/catalogue";
import { normalizeToken, tokenChain } from "../permissions/tokens";
import type { EvaluatedAudit } from "./audit";
import { isProjectComplete } from "./completion";
import type {
  AuditReport,
  AuditView,
  Effective,
  Finding,
  PermissionResult,
  ProjectAudit,
  RepositoryAudit,
  VerificationSummary,
  VerifyMode,
} from "./report";

export { VERIFY_MODES, type VerifyMode } from "./report";

/** The identity's effective bits on one token, as the service computed them. */
export interface ServiceBits {
  effectiveAllow: number;
  effectiveDeny: number;
}

/**
 * What the service answered: per namespace, the identity's effective bits on every token that holds an ACL,
 * keyed by normalised token. A namespace that was not asked is absent.
 */
export type ServiceEvaluation = Partial<Record<NamespaceKey, ReadonlyMap<string, ServiceBits>>>;

/** How many allowed cells `missing` also checks, so a local rule that is too generous cannot go unnoticed. */
export const SAMPLE_SIZE = 24;

const PERMISSIONS = new Map(REQUIRED_PERMISSIONS.map((permission) => [permission.key, permission]));

interface Cell {
  place: string;
  permission: PermissionKey;
  result: PermissionResult;
  /** Set when the cell's repository is disabled: it never counts against the audit. */
  disabled: boolean;
}

/** Each cell of the projects, in report order, without building a list of them (a view's projects are evaluated as they come). */
function forEachCell(
  projects: Iterable<ProjectAudit>,
  visit: (project: ProjectAudit, repository: RepositoryAudit | undefined, permission: PermissionKey, result: PermissionResult) => void,
): void {
  for (const project of projects) {
    for (const [key, result] of Object.entries(project.permissions)) visit(project, undefined, key as PermissionKey, result);
    for (const repository of project.repositories) {
      for (const [key, result] of Object.entries(repository.permissions)) visit(project, repository, key as PermissionKey, result);
    }
  }
}

/**
 * Whether the service is asked about a cell, given in report order (so the same cells on every run): every cell
 * (`all`), or every cell not allowed plus every `stride`-th allowed one, an evenly spread sample of at most
 * SAMPLE_SIZE (`missing`). Disabled repositories are never asked about. One predicate per pass over the cells.
 */
function askedInOrder(mode: VerifyMode, allowedLive: number): (result: PermissionResult, disabled: boolean) => boolean {
  const stride = Math.max(1, Math.ceil(allowedLive / SAMPLE_SIZE));
  let allowedIndex = 0;
  return (result, disabled) => {
    if (mode === "none" || disabled) return false;
    if (mode === "all" || result.effective !== "allow") return true;
    return allowedIndex++ % stride === 0;
  };
}

/** What a second opinion needs to know before asking: the namespaces to ask about, and how many allowed cells there are. */
export interface VerificationPlan {
  namespaces: NamespaceKey[];
  /** Allowed cells of enabled repositories and projects (the sample is spread over them). */
  allowedLive: number;
}

/** One pass over the cells (the views' projects are evaluated again on each pass). */
export function planVerification(projects: Iterable<ProjectAudit>, mode: VerifyMode): VerificationPlan {
  const notAllowed = new Set<NamespaceKey>();
  /** The namespace of each allowed live cell, in order: the sample is picked from them once their number is known. */
  const allowedNamespaces: NamespaceKey[] = [];
  forEachCell(projects, (_project, repository, permission, result) => {
    if (repository?.isDisabled) return;
    const { namespace } = PERMISSIONS.get(permission)!;
    if (result.effective === "allow") allowedNamespaces.push(namespace);
    else notAllowed.add(namespace);
  });
  const asked = new Set(notAllowed);
  if (mode !== "none") {
    const isAsked = askedInOrder(mode, allowedNamespaces.length);
    for (const namespace of allowedNamespaces) if (isAsked(ALLOWED, false)) asked.add(namespace);
  }
  const namespaces = mode === "none" ? [] : (Object.keys(NAMESPACES) as NamespaceKey[]).filter((namespace) => asked.has(namespace));
  return { namespaces, allowedLive: allowedNamespaces.length };
}

/** Stands for any allowed cell when only the order of allowed cells matters. */
const ALLOWED: PermissionResult = { effective: "allow", reason: "", token: "" };

/** The cells a mode asks the service about (see askedInOrder), as a list: for tests and small reports. */
export function cellsToVerify(report: AuditReport, mode: VerifyMode): Cell[] {
  const isAsked = askedInOrder(mode, planVerification(report.projects, mode).allowedLive);
  const cells: Cell[] = [];
  forEachCell(report.projects, (project, repository, permission, result) => {
    const disabled = repository?.isDisabled === true;
    if (isAsked(result, disabled)) cells.push({ place: placeOf(project, repository), permission, result, disabled });
  });
  return cells;
}

/** The namespaces the service must be asked about for these cells (one batched query each). */
export function namespacesToVerify(report: AuditReport, mode: VerifyMode): NamespaceKey[] {
  return planVerification(report.projects, mode).namespaces;
}

function placeOf(project: ProjectAudit, repository: RepositoryAudit | undefined): string {
  return repository ? `${project.name}/${repository.name}` : project.name;
}

/**
 * The service's verdict on one cell: the bits of the token itself, or, where no ACL is stored on it, of the
 * closest ancestor that has one (a token without an ACL inherits everything from its parent). Undefined when
 * no token of the chain holds an ACL: the service said nothing about it.
 */
export function serviceVerdict(evaluation: ServiceEvaluation, namespace: NamespaceKey, token: string, bit: number): Effective | undefined {
  const answers = evaluation[namespace];
  if (!answers) return undefined;
  for (const link of tokenChain(namespace, token)) {
    const bits = answers.get(normalizeToken(namespace, link));
    if (!bits) continue;
    if ((bits.effectiveDeny & bit) !== 0) return "deny";
    return (bits.effectiveAllow & bit) !== 0 ? "allow" : "notSet";
  }
  return undefined;
}

const WORDS: Record<Effective, string> = { allow: "allowed", deny: "denied", notSet: "not allowed (nothing allows it)" };
const SHORT: Record<Effective, string> = { allow: "allowed", deny: "denied", notSet: "not set" };

/**
 * The report with the service's answers applied: compared cells get `verification` ("confirmed", or
 * "mismatch" with `localEffective` and the service's `effective`), `ok` follows the corrected cells, and an
 * `evaluation-mismatch` warning lists the cells where the two answers differ.
 */
export function applyServiceEvaluation(
  report: AuditReport,
  evaluation: ServiceEvaluation,
  mode: Exclude<VerifyMode, "none">,
  requests: number,
): AuditReport {
  const judge = new Judge(evaluation, mode, planVerification(report.projects, mode).allowedLive, requests);
  const projects = report.projects.map((project) => judge.project(project));
  return { ...report, ...judge.verdict(report.findings, projects.every(isProjectComplete)), projects, verification: judge.summary };
}

/**
 * `applyServiceEvaluation` for an audit not yet evaluated (see AuditView): one pass now for `ok`, the findings and
 * the summary; the view's projects are judged again, as they are evaluated, each time they are iterated.
 * `allowedLive` is the plan's.
 */
export function verifiedView(
  local: EvaluatedAudit,
  evaluation: ServiceEvaluation,
  mode: Exclude<VerifyMode, "none">,
  requests: number,
  allowedLive: number,
): AuditView {
  const judge = new Judge(evaluation, mode, allowedLive, requests);
  let complete = true;
  for (const project of local.projects) if (!isProjectComplete(judge.project(project))) complete = false;
  const projects: Iterable<ProjectAudit> = {
    *[Symbol.iterator]() {
      const again = new Judge(evaluation, mode, allowedLive, requests);
      for (const project of local.projects) yield again.project(project);
    },
  };
  const { ok, findings } = judge.verdict(local.head.findings, complete);
  const { schemaVersion, organization, identity } = local.head;
  // The fields in the order of the report (and of the JSON written from it).
  return { schemaVersion, organization, identity, ok, findings, projects, verification: judge.summary };
}

/** Judges the cells of a whole report, project after project in report order, counting as it goes. */
class Judge {
  readonly summary: VerificationSummary;
  private readonly mismatches: string[] = [];
  private readonly isAsked: (result: PermissionResult, disabled: boolean) => boolean;

  constructor(
    private readonly evaluation: ServiceEvaluation,
    mode: Exclude<VerifyMode, "none">,
    allowedLive: number,
    requests: number,
  ) {
    this.summary = { mode, requests, checked: 0, confirmed: 0, mismatched: 0, unanswered: 0 };
    this.isAsked = askedInOrder(mode, allowedLive);
  }

  project(project: ProjectAudit): ProjectAudit {
    return {
      ...project,
      permissions: mapPermissions(project.permissions, (key, result) => this.cell(project.name, key, result, false)),
      repositories: project.repositories.map((repository) => ({
        ...repository,
        permissions: mapPermissions(repository.permissions, (key, result) =>
          this.cell(`${project.name}/${repository.name}`, key, result, repository.isDisabled),
        ),
      })),
    };
  }

  /** `ok` and the findings once every project has been judged. */
  verdict(findings: readonly Finding[], projectsComplete: boolean): { ok: boolean; findings: Finding[] } {
    const all = [...findings];
    if (this.mismatches.length > 0) all.push(mismatchFinding(this.mismatches));
    return { ok: all.every((finding) => finding.severity !== "error") && projectsComplete, findings: all };
  }

  private cell(place: string, permission: PermissionKey, result: PermissionResult, disabled: boolean): PermissionResult {
    if (!this.isAsked(result, disabled)) return result;
    const required = PERMISSIONS.get(permission)!;
    const service = serviceVerdict(this.evaluation, required.namespace, result.token, required.bit);
    const summary = this.summary;
    if (service === undefined) {
      summary.unanswered++;
      return result;
    }
    summary.checked++;
    if (service === result.effective) {
      summary.confirmed++;
      return { ...result, verification: "confirmed" };
    }
    summary.mismatched++;
    this.mismatches.push(`${place} ${required.displayName}: ${SHORT[service]} for Azure DevOps, ${SHORT[result.effective]} from what its APIs list`);
    return {
      ...result,
      effective: service,
      localEffective: result.effective,
      verification: "mismatch",
      reason:
        `Azure DevOps evaluates this as ${WORDS[service]}; from the ACLs and group memberships it lists, this tool found: ${result.reason || `it is ${WORDS[result.effective]}.`} ` +
        (service === "allow"
          ? "The service's answer wins: the identity gets it through something the APIs do not list (for example an Entra group)."
          : "The service's answer wins: check the identity's groups and the inheritance of this token in the security dialog."),
    };
  }
}

function mapPermissions<K extends string>(
  permissions: Record<K, PermissionResult>,
  judge: (key: PermissionKey, result: PermissionResult) => PermissionResult,
): Record<K, PermissionResult> {
  const out = {} as Record<K, PermissionResult>;
  for (const [key, result] of Object.entries(permissions) as [K, PermissionResult][]) out[key] = judge(key as unknown as PermissionKey, result);
  return out;
}

/** The names of the first few cells, then a count: a finding is read by people, the cells carry the detail. */
const LISTED = 5;

function mismatchFinding(mismatches: string[]): Finding {
  const listed = mismatches.slice(0, LISTED).join("; ");
  const more = mismatches.length > LISTED ? `; and ${mismatches.length - LISTED} more` : "";
  const cells = mismatches.length === 1 ? "1 permission" : `${mismatches.length} permissions`;
  return {
    id: "evaluation-mismatch",
    severity: "warning",
    message:
      `Azure DevOps evaluates ${cells} differently from the ACLs and group memberships its APIs list (${listed}${more}). ` +
      "The service's answer is used; the difference usually comes from a group membership only Azure DevOps can see, such as a Microsoft Entra group.",
  };
}
