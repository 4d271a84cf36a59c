/** The hooks clean-up result as text: the header counts what was applied apart from what failed or was refused. */
import type { DeleteStep, StepResult, StepSubject } from "../../../src/core/hooks/index";
import { renderStepResults } from "../../../src/cli/render/hooks";

function subject(id: string): StepSubject {
  return {
    id,
    project: { id: "p1", name: "Analytics" },
    repository: { id: "r1", name: "dbt-models" },
    eventType: "git.push",
    branch: null,
    filters: {},
    target: "https://cloud.getdbt.com/hooks/azure/1/push",
    status: "enabled",
    createdDate: null,
    createdBy: null,
  } as StepSubject;
}

const step = (id: string): DeleteStep => ({ kind: "delete", subscription: subject(id), keepId: "kept", duplicateKey: "k", reason: "duplicate" });
const result = (id: string, outcome: StepResult["outcome"], message = ""): StepResult => ({ step: step(id), outcome, message });

describe("renderStepResults", () => {
  it("counts successes and failures separately", () => {
    const text = renderStepResults([result("a", "deleted"), result("b", "failed", "HTTP 500"), result("c", "refused", "the kept copy is gone")], {
      color: false,
    });
    expect(text.split("\n")[0]).toBe("Applied 1 of 3 changes; 1 failed, 1 refused");
  });

  it("says plainly when everything was applied", () => {
    expect(renderStepResults([result("a", "deleted"), result("b", "alreadyDeleted")], { color: false }).split("\n")[0]).toBe(
      "Applied 2 of 2 changes",
    );
    expect(renderStepResults([result("a", "deleted")], { color: false }).split("\n")[0]).toBe("Applied 1 of 1 change");
  });
});
