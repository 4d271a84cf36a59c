import { audit } from "../../../src/core/audit/audit";
import {
  SAMPLE_SIZE,
  applyServiceEvaluation,
  cellsToVerify,
  namespacesToVerify,
  serviceVerdict,
  type ServiceEvaluation,
} from "../../../src/core/audit/service-check";
import { normalizeToken } from "../../../src/core/permissions/tokens";
import { planGrants } from "../../../src/core/grant/planner";
import { alreadyEffectiveCells } from "../../../src/core/grant/cells";
import { P1, R1, SVC_DESCRIPTOR, acl, gitToken, project, projectToken, repo, serviceHooksToken, snapshot } from "../builders";

/** The builders' identity last signed in on 2026-01-10: three weeks later it is not idle. */
const NOW = new Date("2026-02-01T00:00:00Z");

/** One project, one repository; the identity has every permission except the Git ones. */
function org() {
  return snapshot({
    projects: [project(P1, "HR")],
    repositories: [repo(P1, R1, "hr-dbt")],
    acls: {
      project: [acl(projectToken(P1), [[SVC_DESCRIPTOR, 1, 0]])],
      serviceHooks: [acl(serviceHooksToken(P1), [[SVC_DESCRIPTOR, 7, 0]])],
      gitRepositories: [acl(gitToken(P1), [])],
    },
  });
}

const bits = (entries: [string, number, number][], namespace: "project" | "serviceHooks" | "gitRepositories") =>
  new Map(entries.map(([token, effectiveAllow, effectiveDeny]) => [normalizeToken(namespace, token), { effectiveAllow, effectiveDeny }]));

describe("serviceVerdict", () => {
  const evaluation: ServiceEvaluation = { gitRepositories: bits([[gitToken(P1), 2 | 4, 16384]], "gitRepositories") };

  test("a token without an ACL of its own takes the closest ancestor's answer", () => {
    expect(serviceVerdict(evaluation, "gitRepositories", gitToken(P1, R1), 2)).toBe("allow");
    expect(serviceVerdict(evaluation, "gitRepositories", gitToken(P1, R1), 16384)).toBe("deny");
  });

  test("no ACL on the token or any ancestor, or a namespace not asked: no answer", () => {
    expect(serviceVerdict(evaluation, "gitRepositories", gitToken("other", R1), 2)).toBeUndefined();
    expect(serviceVerdict(evaluation, "project", projectToken(P1), 1)).toBeUndefined();
  });

  test("a bit neither allowed nor denied is not set", () => {
    expect(serviceVerdict({ project: bits([[projectToken(P1), 0, 0]], "project") }, "project", projectToken(P1), 1)).toBe("notSet");
  });
});

describe("applyServiceEvaluation", () => {
  const local = audit(org(), { now: NOW });

  test("missing asks only the namespaces with missing or sampled cells", () => {
    expect(local.ok).toBe(false);
    expect(namespacesToVerify(local, "missing")).toEqual(["project", "serviceHooks", "gitRepositories"]);
    expect(namespacesToVerify(local, "none")).toEqual([]);
  });

  test("where the service allows what the ACLs do not explain, its answer wins and the planner writes nothing for it", () => {
    const evaluation: ServiceEvaluation = {
      project: bits([[projectToken(P1), 1, 0]], "project"),
      serviceHooks: bits([[serviceHooksToken(P1), 7, 0]], "serviceHooks"),
      gitRepositories: bits([[gitToken(P1), 2 | 4 | 16384, 0]], "gitRepositories"),
    };
    const verified = applyServiceEvaluation(local, evaluation, "missing", 3);
    const git = verified.projects[0].repositories[0].permissions;
    expect(git.GenericRead).toMatchObject({ effective: "allow", localEffective: "notSet", verification: "mismatch" });
    expect(verified.projects[0].permissions.GENERIC_READ).toMatchObject({ effective: "allow", verification: "confirmed" });
    expect([verified.ok, verified.findings.map((f) => f.id)]).toEqual([true, ["evaluation-mismatch"]]);
    expect(verified.verification).toEqual({ mode: "missing", requests: 3, checked: 7, confirmed: 4, mismatched: 3, unanswered: 0 });
    expect(verified.findings.map((finding) => [finding.id, finding.severity])).toEqual([["evaluation-mismatch", "warning"]]);
    expect(verified.findings[0].message).toMatch(/^Azure DevOps evaluates 3 permissions differently/);

    const plain = planGrants(org(), { now: NOW });
    expect(plain.changes.length).toBeGreaterThan(0);
    const informed = planGrants({ ...org(), alreadyEffective: alreadyEffectiveCells(verified) }, { now: NOW });
    expect(informed.changes).toEqual([]);
    expect(informed.summary.missing).toBe(0);
    expect(informed.verified).toBe(true);
  });

  test("where the service denies what the ACLs allow, the cell fails and ok follows", () => {
    const evaluation: ServiceEvaluation = { project: bits([[projectToken(P1), 0, 1]], "project") };
    const verified = applyServiceEvaluation(audit(org(), { now: NOW }), evaluation, "all", 1);
    expect(verified.projects[0].permissions.GENERIC_READ).toMatchObject({ effective: "deny", localEffective: "allow", verification: "mismatch" });
    expect(verified.projects[0].permissions.GENERIC_READ.reason).toMatch(/^Azure DevOps evaluates this as denied;/);
    expect(verified.verification).toMatchObject({ checked: 1, unanswered: 6 });
  });

  test("an audit that does not explain allowed cells gives the same verdicts, and a mismatch on one still reads as a sentence", () => {
    const lean = audit(org(), { now: NOW, explainAllowed: false });
    const full = audit(org(), { now: NOW });
    const cellsOf = (report: typeof full) => report.projects.flatMap((p) => [p.permissions, ...p.repositories.map((r) => r.permissions)]);
    cellsOf(lean).forEach((permissions, index) => {
      for (const [key, cell] of Object.entries(permissions)) {
        const explained = (cellsOf(full)[index] as Record<string, typeof cell>)[key];
        if (cell.effective === "allow") expect(cell).toEqual({ effective: "allow", reason: "", token: explained.token });
        else expect(cell).toEqual(explained);
      }
    });
    expect([lean.ok, lean.findings]).toEqual([full.ok, full.findings]);
    const evaluation: ServiceEvaluation = { project: bits([[projectToken(P1), 0, 1]], "project") };
    const verified = applyServiceEvaluation(lean, evaluation, "all", 1);
    expect(verified.projects[0].permissions.GENERIC_READ.reason).toMatch(/this tool found: it is allowed\. The service's answer wins/);
  });

  test("a cell the service was not asked about stays as it was, unmarked", () => {
    const verified = applyServiceEvaluation(local, {}, "missing", 0);
    expect(verified.projects[0].permissions.GENERIC_READ.verification).toBeUndefined();
    expect(verified.findings).toEqual(local.findings);
    expect(verified.ok).toBe(local.ok);
  });
});

describe("cellsToVerify", () => {
  test("missing: every cell not allowed and an evenly spread sample of at most SAMPLE_SIZE allowed ones, the same on every run", () => {
    const many = snapshot({
      projects: [project(P1, "HR")],
      repositories: Array.from({ length: 60 }, (_, i) => repo(P1, `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, `repo-${i}`)),
      acls: {
        project: [acl(projectToken(P1), [[SVC_DESCRIPTOR, 1, 0]])],
        serviceHooks: [acl(serviceHooksToken(P1), [[SVC_DESCRIPTOR, 7, 0]])],
        gitRepositories: [acl(gitToken(P1), [[SVC_DESCRIPTOR, 2 | 16384, 0]])],
      },
    });
    const report = audit(many, { now: NOW });
    const cells = cellsToVerify(report, "missing");
    const missing = cells.filter((cell) => cell.result.effective !== "allow");
    const sampled = cells.filter((cell) => cell.result.effective === "allow");
    expect(missing).toHaveLength(60);
    expect(sampled.length).toBeGreaterThan(0);
    expect(sampled.length).toBeLessThanOrEqual(SAMPLE_SIZE);
    expect(cellsToVerify(report, "missing").map((cell) => cell.result.token)).toEqual(cells.map((cell) => cell.result.token));
    expect(cellsToVerify(report, "all")).toHaveLength(4 + 60 * 3);
  });
});
