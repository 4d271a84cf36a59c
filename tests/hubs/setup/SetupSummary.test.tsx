/**
 * @jest-environment jsdom
 *
 * The Setup tab's progress line: counts while anything is left, and says the setup is complete once every step is done.
 */
import * as React from "react";
import { render, screen } from "@testing-library/react";
import { SetupSummary } from "../../../src/hubs/setup/SetupSummary";

const counts = (done: number, manual = 0) => ({ done, todo: 0, problem: 0, manual, unknown: 0 });

test("with a step left it counts; with every step done it says the setup is complete", () => {
  const { rerender } = render(<SetupSummary counts={counts(15, 1)} total={16} scopeNote="" />);
  expect(screen.getByTestId("setup-progress").textContent).toBe("15 of 16 steps done");
  expect(screen.getByTestId("setup-progress").dataset.complete).toBeUndefined();
  rerender(<SetupSummary counts={counts(16)} total={16} scopeNote="" />);
  expect(screen.getByTestId("setup-progress").textContent).toBe("All 16 steps done: the setup is complete.");
  expect(screen.getByTestId("setup-progress").dataset.complete).toBe("true");
});
