/**
 * A grant plan as a bash script of `az devops` commands, for an administrator to review and run (the "hand
 * a reviewed script to someone who must run it" path of design.md). One command per change, with namespace
 * ids, tokens, bits and identities filled in, in the form docs.getdbt.com shows them (seeds/setup-azure.md):
 *
 *   az devops security permission update --organization … --namespace-id … --subject … --token … --allow-bit …
 *   az devops security group membership add --organization … --group-id … --member-id …
 *
 * `permission update` merges the allow bits into the subject's existing entry (https://github.com/Azure/azure-devops-cli-extension, azext_devops/dev/team/security_permission.py
 * sends `merge: true`]; the script never denies, resets or removes anything. Blocked items appear as comments,
 * with the reset command an administrator would have to choose to run by hand, commented out.
 */
import type { AceGrant, BlockedItem, GrantPlan, MembershipGrant, PlanIdentity } from "./model";

/** The organization URL az takes (`https://dev.azure.com/contoso`), without the trailing slash. */
export function azOrganization(url: string): string {
  return url.replace(/\/+$/, "");
}

const SHELL_SAFE = /^[A-Za-z0-9@%+=:,./_-]+$/;

/** Characters a single-quoted word would carry as they are, splitting a command over lines or fooling a reader. */
const NEEDS_ESCAPES = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/**
 * A single shell word: left bare when it has no special characters, else single-quoted; a value with control
 * characters, line separators or bidirectional overrides becomes an ANSI-C quoted word (`$'a\nb'`), so the
 * command stays on one line and shows exactly what it passes
 * (https://www.gnu.org/software/bash/manual/html_node/ANSI_002dC-Quoting.html).
 */
export function shellQuote(value: string): string {
  if (value !== "" && SHELL_SAFE.test(value)) return value;
  if (NEEDS_ESCAPES.test(value)) return `$'${[...value].map(ansiCEscape).join("")}'`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function ansiCEscape(char: string): string {
  if (char === "\\") return "\\\\";
  if (char === "'") return "\\'";
  if (char === "\n") return "\\n";
  if (char === "\r") return "\\r";
  if (char === "\t") return "\\t";
  const code = char.codePointAt(0)!;
  if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (NEEDS_ESCAPES.test(char)) return `\\u${code.toString(16).padStart(4, "0")}`;
  return char;
}

/**
 * How az is told who the identity is. `--subject` and `--member-id` take a user's e-mail/UPN, or a descriptor
 * (https://github.com/Azure/azure-devops-cli-extension help "User Email ID or Group descriptor"); a service principal has no e-mail, so its Graph subject
 * descriptor is used [I: az resolves descriptors through the Identities API].
 */
export function azSubject(identity: Pick<PlanIdentity, "principalName" | "subjectDescriptor" | "descriptor">): string {
  if (identity.principalName.includes("@")) return identity.principalName;
  return identity.subjectDescriptor || identity.descriptor;
}

/** `--name value` pairs, each value quoted as needed. */
function flags(pairs: [flag: string, value: string][]): string {
  return pairs.map(([flag, value]) => `--${flag} ${shellQuote(value)}`).join(" ");
}

export function azPermissionUpdate(organizationUrl: string, namespaceId: string, subject: string, token: string, allowBits: number): string {
  return [
    "az devops security permission update",
    flags([
      ["organization", azOrganization(organizationUrl)],
      ["namespace-id", namespaceId],
      ["subject", subject],
      ["token", token],
      ["allow-bit", String(allowBits)],
    ]),
  ].join(" ");
}

/** Clears the explicit allow and deny of one bit for a subject on a token (`az devops security permission reset`). */
export function azPermissionReset(organizationUrl: string, namespaceId: string, subject: string, token: string, bit: number): string {
  return [
    "az devops security permission reset",
    flags([
      ["organization", azOrganization(organizationUrl)],
      ["namespace-id", namespaceId],
      ["subject", subject],
      ["token", token],
      ["permission-bit", String(bit)],
    ]),
  ].join(" ");
}

export function azMembershipAdd(organizationUrl: string, groupSubjectDescriptor: string, memberId: string): string {
  return [
    "az devops security group membership add",
    flags([
      ["organization", azOrganization(organizationUrl)],
      ["group-id", groupSubjectDescriptor],
      ["member-id", memberId],
    ]),
  ].join(" ");
}

export function azCommandForChange(plan: Pick<GrantPlan, "organization" | "identity">, change: AceGrant | MembershipGrant): string {
  const subject = azSubject(plan.identity);
  if (change.kind === "membership") return azMembershipAdd(plan.organization.url, change.groupSubjectDescriptor, subject);
  return azPermissionUpdate(plan.organization.url, change.namespaceId, subject, change.token, change.allow);
}

/**
 * Characters that must not reach a comment: C0 and C1 controls (a newline would end the comment and make the
 * rest of a crafted name an executable line; ESC starts terminal sequences when the script is shown), DEL, and
 * Unicode's line and paragraph separators and bidirectional overrides (which make a line read differently
 * from what it does).
 */
const UNSAFE_IN_COMMENT = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;

/** Text for a `#` comment: one line, no control characters. */
function comment(text: string): string {
  return `# ${commentText(text)}`;
}

function commentText(text: string): string {
  return text.replace(UNSAFE_IN_COMMENT, " ").replace(/\s+/g, " ").trim();
}

function blockedComment(item: BlockedItem, index: number): string[] {
  const { cell } = item;
  const place = cell.repositoryName === undefined ? cell.projectName : `${cell.projectName}/${cell.repositoryName}`;
  return [
    comment(`B${index + 1}. ${place}: ${cell.permission} (bit ${cell.bit}) on ${cell.token} is blocked. ${item.reason}`),
    comment(`By hand: ${item.manualFix}`),
    ...item.manualCommands.map((line) => `#   ${commentText(line)}`),
  ];
}

/** The whole script. Deterministic: the same plan gives the same text. */
export function renderAzScript(plan: GrantPlan): string {
  const { identity } = plan;
  const lines: string[] = [
    "#!/usr/bin/env bash",
    comment("Grants the Azure DevOps permissions dbt Cloud needs (least privilege), generated by dbt-ado grant."),
    comment(`Organization: ${azOrganization(plan.organization.url)}`),
    comment(`Identity: ${shellQuote(identity.displayName)} <${shellQuote(identity.principalName)}> ${shellQuote(identity.descriptor)}`),
    comment(`Scope: ${plan.scope}; ${plan.changes.length} change(s), ${plan.blocked.length} blocked item(s).`),
    comment("Every command only adds allow bits or a group membership: nothing is denied, reset or removed."),
    comment("Run it as someone who may manage permissions and group membership (az login, or AZURE_DEVOPS_EXT_PAT"),
    comment("with the Security (manage) and Graph (read & manage) scopes). Review each line before running it."),
    "set -euo pipefail",
    "",
  ];
  if (plan.changes.length === 0) lines.push(comment("Nothing to grant: every permission this plan could add is already effective."), "");
  plan.changes.forEach((change, index) => {
    lines.push(comment(`${index + 1}/${plan.changes.length}. ${change.reason}`), azCommandForChange(plan, change), "");
  });
  if (plan.blocked.length > 0) {
    lines.push(comment("BLOCKED: no allow can fix the following; an explicit deny decides them. The tool never removes a deny."));
    plan.blocked.forEach((item, index) => lines.push(...blockedComment(item, index)));
    lines.push("");
  }
  for (const note of plan.notes) lines.push(comment(`Not fixed by this script: ${note}`));
  if (plan.notes.length > 0) lines.push("");
  return lines.join("\n");
}
