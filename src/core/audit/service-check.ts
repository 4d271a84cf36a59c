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
import { isProjectComplete } from "./completion";
import type { AuditReport, Effective, Finding, PermissionResult, VerificationSummary, VerifyMode } from "./report";

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

function cellsOf(report: AuditReport): Cell[] {
  const cells: Cell[] = [];
  for (const project of report.projects) {
    for (const [key, result] of Object.entries(project.permissions)) {
      cells.push({ place: project.name, permission: key as PermissionKey, result, disabled: false });
    }
    for (const repository of project.repositories) {
      for (const [key, result] of Object.entries(repository.permissions)) {
        cells.push({ place: `${project.name}/${repository.name}`, permission: key as PermissionKey, result, disabled: repository.isDisabled });
      }
    }
  }
  return cells;
}

/**
 * The cells a mode asks the service about: every cell (`all`), or every cell not allowed plus an evenly
 * spread, deterministic sample of allowed ones (`missing`). Disabled repositories are never asked about.
 */
export function cellsToVerify(report: AuditReport, mode: VerifyMode): Cell[] {
  if (mode === "none") return [];
  const live = cellsOf(report).filter((cell) => !cell.disabled);
  if (mode === "all") return live;
  const allowed = live.filter((cell) => cell.result.effective === "allow");
  const stride = Math.max(1, Math.ceil(allowed.length / SAMPLE_SIZE));
  const sample = new Set(allowed.filter((_, index) => index % stride === 0));
  return live.filter((cell) => cell.result.effective !== "allow" || sample.has(cell));
}

/** The namespaces the service must be asked about for these cells (one batched query each). */
export function namespacesToVerify(report: AuditReport, mode: VerifyMode): NamespaceKey[] {
  const namespaces = new Set(cellsToVerify(report, mode).map((cell) => PERMISSIONS.get(cell.permission)!.namespace));
  return (Object.keys(NAMESPACES) as NamespaceKey[]).filter((namespace) => namespaces.has(namespace));
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
  const summary: VerificationSummary = { mode, requests, checked: 0, confirmed: 0, mismatched: 0, unanswered: 0 };
  const mismatches: string[] = [];
  const asked = new Set(cellsToVerify(report, mode).map((cell) => cell.result));

  const judge = (place: string, permission: PermissionKey, result: PermissionResult): PermissionResult => {
    if (!asked.has(result)) return result;
    const required = PERMISSIONS.get(permission)!;
    const service = serviceVerdict(evaluation, required.namespace, result.token, required.bit);
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
    mismatches.push(`${place} ${required.displayName}: ${SHORT[service]} for Azure DevOps, ${SHORT[result.effective]} from what its APIs list`);
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
  };

  const projects = report.projects.map((project) => ({
    ...project,
    permissions: mapPermissions(project.permissions, (key, result) => judge(project.name, key, result)),
    repositories: project.repositories.map((repository) => ({
      ...repository,
      permissions: mapPermissions(repository.permissions, (key, result) => judge(`${project.name}/${repository.name}`, key, result)),
    })),
  }));

  const findings = [...report.findings];
  if (mismatches.length > 0) findings.push(mismatchFinding(mismatches));
  const ok = findings.every((finding) => finding.severity !== "error") && projects.every(isProjectComplete);
  return { ...report, ok, findings, projects, verification: summary };
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
