/** axe-core, injected into a page or a hub frame, as the accessibility check of the browser tests. */
import * as fs from "node:fs";
import type { Frame, Page } from "playwright-core";
import { resultFile } from "./results";

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe on the document of `target`, writes every violation to test-results/e2e/axe-<label>.json, and
 * returns the serious and critical ones, one readable line each (with up to three of the elements), so that
 * `expect(await runAxe(frame, label)).toEqual([])` fails with what to fix.
 */
export async function runAxe(target: Page | Frame, label: string): Promise<string[]> {
  await target.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  const violations = await target.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations as AxeViolation[];
  });
  fs.writeFileSync(resultFile(`axe-${label}.json`), JSON.stringify(violations, null, 2));
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 3)
          .join("; ")})`,
    );
}
