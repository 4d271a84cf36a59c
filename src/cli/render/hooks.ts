/**
 * Text rendering for `dbt-ado hooks list` and `dbt-ado hooks prune`: pure functions of the core's HooksReport,
 * HooksPlan and step results. Fits 100 columns for typical names; advice is word-wrapped.
 */
import {
  stepSucceeded,
  type DbtHookView,
  type HookFinding,
  type HooksPlan,
  type HooksPlanStep,
  type HooksReport,
  type NamedRef,
  type StepResult,
} from "../../core/hooks/index";
import { wrap } from "./table";
import { withTerminalSafeStrings } from "./terminal-safe";

export interface HooksRenderOptions {
  color: boolean;
  width?: number;
}

const ANSI = { green: "32", red: "31", yellow: "33", bold: "1", dim: "2" } as const;
type Style = keyof typeof ANSI;
type Paint = (style: Style, text: string) => string;

function painter(color: boolean): Paint {
  return (style, text) => (color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text);
}

const SEVERITY_SYMBOLS: Record<HookFinding["severity"], string> = { error: "✗", warning: "!", info: "i" };
const STATE_SYMBOLS: Record<DbtHookView["severity"], string> = { ok: "✓", warning: "!", error: "✗" };
const STATE_STYLES: Record<DbtHookView["severity"], Style> = { ok: "green", warning: "yellow", error: "red" };

function refText(ref: NamedRef, none: string): string {
  if (ref.id === null) return none;
  return ref.name ?? ref.id;
}

/** `Analytics/dbt-models`, `Analytics/(any repository)`. */
export function whereText(view: { project: NamedRef; repository: NamedRef }): string {
  return `${refText(view.project, "(no project)")}/${refText(view.repository, "(any repository)")}`;
}

function filtersText(branch: string | null, filters: Record<string, string>): string {
  const parts = [`branch ${branch ?? "any"}`, ...Object.entries(filters).map(([name, value]) => `${name}=${value}`)];
  return parts.join(", ");
}

/** A plain-text table: columns padded to their widest cell (the last one is not padded). */
function columns(rows: string[][], indent = "  "): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows.map((row) =>
    (indent + row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join("  ")).trimEnd(),
  );
}

function deliveryText(view: DbtHookView): string {
  const delivery = view.delivery;
  if (!delivery.historyRead) return "history not read";
  if (delivery.recent === 0) return "no deliveries yet";
  const last = delivery.lastResult
    ? `last ${delivery.lastResult}${delivery.lastDeliveryDate ? ` ${delivery.lastDeliveryDate}` : ""}`
    : "none finished";
  return `${last}; ${delivery.failed} of ${delivery.recent} failed`;
}

function creatorText(view: DbtHookView): string {
  const name = view.creator.displayName ?? view.creator.uniqueName ?? view.creator.id ?? "unknown";
  if (view.creator.isServiceUser === true) return `${name} (service user)`;
  if (view.creator.isServiceUser === false) return `${name} (not the service user)`;
  return name;
}

/**
 * Findings about one subscription take one line (its advice is printed with the subscription in `hooks list`);
 * findings about a project or the organization are printed in full.
 */
function findingLines(report: HooksReport, width: number, paint: Paint): string[] {
  if (report.findings.length === 0) return ["  none"];
  const views = new Map(report.dbtSubscriptions.map((view) => [view.id, view]));
  const lines: string[] = [];
  for (const finding of report.findings) {
    const severity = `${SEVERITY_SYMBOLS[finding.severity]} ${finding.severity.padEnd(7)}`;
    const style: Style = finding.severity === "error" ? "red" : finding.severity === "warning" ? "yellow" : "dim";
    const view = finding.subscriptionId === undefined ? undefined : views.get(finding.subscriptionId);
    const message = view ? `${view.eventType} ${whereText(view)} (${view.id})` : finding.message;
    const prefix = `  ${severity}  ${finding.id}  `;
    const wrapped = wrap(message, width, prefix, "      ");
    wrapped[0] = `  ${paint(style, severity)}  ${finding.id}  ${wrapped[0]!.slice(prefix.length)}`;
    lines.push(...wrapped);
  }
  return lines;
}

function summaryText(report: HooksReport): string {
  const s = report.summary;
  const cannotSee = s.projectsCannotSee > 0 ? `; ${s.projectsCannotSee} ${s.projectsCannotSee === 1 ? "project" : "projects"} could not be seen` : "";
  return `${s.dbt} dbt Cloud ${s.dbt === 1 ? "subscription" : "subscriptions"}: ${s.healthy} healthy, ${s.duplicates} duplicate, ${s.unhealthy} need attention; ${s.other} other${cannotSee}`;
}

function header(report: HooksReport, paint: Paint): string[] {
  const user = report.serviceUser;
  const who = user
    ? `${user.displayName ?? user.id ?? "?"}${user.principalName ? ` <${user.principalName}>` : ""}`
    : "not given (pass --identity to check who created each subscription)";
  return [
    paint("bold", `dbt Cloud service hooks: ${report.organization}`),
    `Access URL    ${report.accessUrl ?? "any dbt Cloud host (getdbt.com, dbt.com)"}`,
    `Service user  ${who}`,
    `Result        ${report.ok ? paint("green", "PASS") : paint("red", "FAIL")}  ${summaryText(report)}`,
  ];
}

function projectLines(report: HooksReport, paint: Paint): string[] {
  if (report.projects.length === 0) return ["  No projects in scope."];
  const visibility = { visible: "visible", cannotSee: "CANNOT SEE", unchecked: "unchecked" } as const;
  const rows = [["PROJECT", "SUBSCRIPTIONS", "REPOS", "DBT", "OTHER", "NOTE"]];
  for (const project of report.projects) {
    const seen = project.visibility === "visible";
    rows.push([
      project.name,
      visibility[project.visibility],
      String(project.repositories),
      seen ? String(project.dbtSubscriptions) : "?",
      seen ? String(project.otherSubscriptions) : "?",
      project.missingDbtSubscription ? "no dbt Cloud subscription" : "",
    ]);
  }
  const [head, ...body] = columns(rows);
  return [paint("dim", head!), ...body];
}

/** How the CLI carries out the core's advice: the actions `hooks prune --yes` takes. */
const PRUNE_DOES: Partial<Record<DbtHookView["action"], string>> = {
  delete: " `dbt-ado hooks prune --yes` deletes it.",
  reEnable: " `dbt-ado hooks prune --yes` re-enables it.",
};

function dbtLines(report: HooksReport, width: number, paint: Paint): string[] {
  if (report.dbtSubscriptions.length === 0) return ["  none"];
  const lines: string[] = [];
  for (const view of report.dbtSubscriptions) {
    const symbol = paint(STATE_STYLES[view.severity], `${STATE_SYMBOLS[view.severity]} ${view.state}`);
    lines.push(`  ${symbol}  ${view.eventType}  ${whereText(view)}  (${filtersText(view.branch, view.filters)})`);
    lines.push(paint("dim", `      id ${view.id}, status ${view.status}, created ${view.createdDate ?? "?"} by ${creatorText(view)}`));
    const probation = view.status === "onProbation" ? `, ${view.probationRetries} probation retries` : "";
    lines.push(paint("dim", `      target ${view.target}; deliveries: ${deliveryText(view)}${probation}`));
    if (view.action !== "none") {
      lines.push(...wrap(`${view.advice}${PRUNE_DOES[view.action] ?? ""}`, width, "      → ", "        "));
      for (const link of view.links) lines.push(`        ${link.label}: ${link.url}`);
    }
  }
  return lines;
}

function otherLines(report: HooksReport): string[] {
  if (report.otherSubscriptions.length === 0) return ["  none"];
  const rows = [["ID", "EVENT", "PROJECT/REPOSITORY", "CONSUMER", "TARGET HOST", "STATUS"]];
  for (const view of report.otherSubscriptions) {
    rows.push([view.id, view.eventType, whereText(view), `${view.consumerId}/${view.consumerActionId}`, view.targetHost ?? "-", view.status]);
  }
  return columns(rows);
}

/** `hooks list` as text. */
export function renderHooksReport(unsafeReport: HooksReport, options: HooksRenderOptions): string {
  const report = withTerminalSafeStrings(unsafeReport);
  const paint = painter(options.color);
  const width = options.width ?? 100;
  const lines = [
    ...header(report, paint),
    "",
    paint("bold", "Projects"),
    ...projectLines(report, paint),
    "",
    paint("bold", "dbt Cloud subscriptions"),
    ...dbtLines(report, width, paint),
    "",
    paint("bold", "Other subscriptions (not dbt Cloud's; listed only, never changed)"),
    ...otherLines(report),
    "",
    paint("bold", "Findings"),
    ...findingLines(report, width, paint),
  ];
  return `${lines.join("\n")}\n`;
}

/** The header and the findings only: what `hooks prune` reports around its plan. */
export function renderHooksSummary(unsafeReport: HooksReport, options: HooksRenderOptions): string {
  const report = withTerminalSafeStrings(unsafeReport);
  const paint = painter(options.color);
  const lines = [
    ...header(report, paint),
    "",
    paint("bold", "Findings"),
    ...findingLines(report, options.width ?? 100, paint),
    "",
    "For each subscription's details and what to do, run `dbt-ado hooks list` with the same flags.",
  ];
  return `${lines.join("\n")}\n`;
}

function stepLines(step: HooksPlanStep): string[] {
  const s = step.subscription;
  const verb = step.kind === "delete" ? "DELETE" : "RE-ENABLE";
  return [
    `  ${verb} ${s.id}  ${s.eventType}  ${whereText(s)}  (${filtersText(s.branch, s.filters)})`,
    `      status ${s.status}, created ${s.createdDate ?? "?"} by ${s.createdBy ?? "unknown"}, target ${s.target}`,
    `      why: ${step.reason}`,
  ];
}

/** The plan `hooks prune` would apply, exactly: every subscription it would delete or re-enable. */
export function renderHooksPlan(unsafePlan: HooksPlan, options: HooksRenderOptions): string {
  const plan = withTerminalSafeStrings(unsafePlan);
  const paint = painter(options.color);
  const deletes = plan.steps.filter((step) => step.kind === "delete").length;
  const enables = plan.steps.length - deletes;
  const lines = [paint("bold", `Clean-up plan for ${plan.organization}: ${deletes} to delete, ${enables} to re-enable`)];
  if (plan.steps.length === 0) lines.push("  Nothing to change.");
  for (const step of plan.steps) lines.push(...stepLines(step));
  return `${lines.join("\n")}\n`;
}

const OUTCOME_WORDS: Record<StepResult["outcome"], string> = {
  deleted: "deleted",
  alreadyDeleted: "already deleted",
  enabled: "re-enabled",
  alreadyEnabled: "already enabled",
  refused: "NOT CHANGED",
  failed: "FAILED",
  unknown: "UNKNOWN",
  notAttempted: "NOT ATTEMPTED",
};

/** What `hooks prune --yes` did, one line per step. */
export function renderStepResults(unsafeResults: StepResult[], options: HooksRenderOptions): string {
  const results = withTerminalSafeStrings(unsafeResults);
  const paint = painter(options.color);
  // Successes and failures are counted apart: "Applied 3 changes" must not include one that failed.
  const count = (outcome: StepResult["outcome"]) => results.filter((result) => result.outcome === outcome).length;
  const [failed, refused, unknown, notAttempted] = [count("failed"), count("refused"), count("unknown"), count("notAttempted")];
  const done = results.length - failed - refused - unknown - notAttempted;
  const problems = [
    failed > 0 ? `${failed} failed` : "",
    refused > 0 ? `${refused} refused` : "",
    unknown > 0 ? `${unknown} with an unknown outcome` : "",
    notAttempted > 0 ? `${notAttempted} not attempted` : "",
  ].filter(Boolean);
  const header = `Applied ${done} of ${results.length} ${results.length === 1 ? "change" : "changes"}${problems.length > 0 ? `; ${problems.join(", ")}` : ""}`;
  const lines = [paint(done < results.length ? "red" : "bold", header)];
  for (const result of results) {
    const s = result.step.subscription;
    const good = stepSucceeded(result);
    const outcome = paint(good ? "green" : "red", OUTCOME_WORDS[result.outcome]);
    lines.push(`  ${outcome}  ${s.id}  ${s.eventType}  ${whereText(s)}${result.message ? `: ${result.message}` : ""}`);
  }
  return `${lines.join("\n")}\n`;
}
