/**
 * What the browser tests leave behind: every screenshot and axe report goes to test-results/e2e/ (git-ignored).
 * The README's screenshots in images/screenshots/ are tracked files, so they are rewritten only on request:
 * `UPDATE_SCREENSHOTS=1 npx jest tests/e2e`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { Page } from "playwright-core";
import { ROOT } from "./webBundle";

export const RESULTS_DIR = path.join(ROOT, "test-results", "e2e");
export const README_SCREENSHOTS_DIR = path.join(ROOT, "images", "screenshots");

/** The path of `name` in test-results/e2e/, the folder created if needed. */
export function resultFile(name: string): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  return path.join(RESULTS_DIR, name);
}

export const updatingReadmeScreenshots = (): boolean => process.env.UPDATE_SCREENSHOTS === "1";

/**
 * Screenshots the framed hub (the host page's `#hub-frame`) to test-results/e2e/<name>.png; with `readme`, also
 * to images/screenshots/<name>.png when UPDATE_SCREENSHOTS=1. Returns the test-results path.
 */
export async function saveScreenshot(page: Page, name: string, options: { readme?: boolean } = {}): Promise<string> {
  const file = resultFile(`${name}.png`);
  await page.locator("#hub-frame").screenshot({ path: file });
  if (options.readme && updatingReadmeScreenshots()) {
    fs.mkdirSync(README_SCREENSHOTS_DIR, { recursive: true });
    fs.copyFileSync(file, path.join(README_SCREENSHOTS_DIR, `${name}.png`));
  }
  return file;
}
