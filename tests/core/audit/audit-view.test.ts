/**
 * The audit as a view (AuditView): its projects are evaluated again on each iteration instead of kept, and the
 * second opinion is judged as they come. It must say exactly what the materialized report says, verification
 * sample, mismatches, summary and `ok` included.
 */
import { audit, auditView, evaluateAudit } from "../../../src/core/audit/audit";
import type { AuditView, ProjectAudit } from "../../../src/core/audit/report";
import { applyServiceEvaluation, planVerification, verifiedView, type ServiceEvaluation } from "../../../src/core/audit/service-check";
import { normalizeToken } from "../../../src/core/permissions/tokens";
import { P1, SVC_DESCRIPTOR, acl, gitToken, project, projectToken, repo, serviceHooksToken, snapshot } from "../builders";

const NOW = new Date("2026-02-01T00:00:00Z");
const P2 = "22222222-2222-4222-8222-222222222222";

/** Two projects, 40 repositories; Git read allowed in P1 only, so cells are allowed, missing and sampled. */
function org() {
  const repositories = [P1, P2].flatMap((projectId, p) =>
    Array.from({ length: 20 }, (_, i) => repo(projectId, `0000000${p}-0000-4000-8000-${String(i).padStart(12, "0")}`, `repo-${i}`, i === 3)),
  );
  return snapshot({
    projects: [project(P1, "HR"), project(P2, "Sales")],
    repositories,
    acls: {
      project: [acl(projectToken(P1), [[SVC_DESCRIPTOR, 1, 0]]), acl(projectToken(P2), [[SVC_DESCRIPTOR, 1, 0]])],
      serviceHooks: [acl(serviceHooksToken(P1), [[SVC_DESCRIPTOR, 7, 0]])],
      gitRepositories: [acl(gitToken(P1), [[SVC_DESCRIPTOR, 2 | 4 | 16384, 0]])],
    },
  });
}

const bits = (entries: [string, number, number][], namespace: "project" | "serviceHooks" | "gitRepositories") =>
  new Map(entries.map(([token, effectiveAllow, effectiveDeny]) => [normalizeToken(namespace, token), { effectiveAllow, effectiveDeny }]));

/** The view with its projects read out, as a report. */
const materialized = (view: AuditView) => ({ ...view, projects: [...view.projects] });

test("without a second opinion, the view is the report", () => {
  const view = auditView(evaluateAudit(org(), { now: NOW }));
  expect(materialized(view)).toEqual(audit(org(), { now: NOW }));
  expect(view.ok).toBe(false);
});

test("with one, the view gives the verified report: same sample, mismatches, summary, findings and ok", () => {
  const evaluation: ServiceEvaluation = {
    project: bits(
      [
        [projectToken(P1), 1, 0],
        [projectToken(P2), 1, 0],
      ],
      "project",
    ),
    serviceHooks: bits(
      [
        [serviceHooksToken(P1), 7, 0],
        [serviceHooksToken(P2), 7, 0],
      ],
      "serviceHooks",
    ),
    gitRepositories: bits(
      [
        [gitToken(P1), 2 | 4 | 16384, 0],
        [gitToken(P2), 2, 0],
      ],
      "gitRepositories",
    ),
  };
  for (const mode of ["missing", "all"] as const) {
    const expected = applyServiceEvaluation(audit(org(), { now: NOW }), evaluation, mode, 3);
    const local = evaluateAudit(org(), { now: NOW });
    const plan = planVerification(local.projects, mode);
    const view = verifiedView(local, evaluation, mode, 3, plan.allowedLive);
    expect(materialized(view)).toEqual(expected);
    // Read twice, the same: each reading judges afresh, the sample included.
    expect(materialized(view)).toEqual(expected);
    expect(view.verification!.mismatched).toBeGreaterThan(0);
  }
});

test("the view's projects are evaluated when they are read, one at a time, not kept", () => {
  const local = evaluateAudit(org(), { now: NOW });
  const first = [...local.projects];
  const again = [...local.projects];
  expect(again).toEqual(first);
  // Fresh objects on every reading: nothing of an earlier reading is held.
  expect(again[0]).not.toBe(first[0]);
  const seen: ProjectAudit[] = [];
  for (const projectAudit of local.projects) {
    seen.push(projectAudit);
    break;
  }
  expect(seen.map((p) => p.name)).toEqual(["HR"]);
});
