/**
 * Debian's Chromium, driven through playwright-core (never a downloaded browser). Without it the
 * browser tests are skipped with a message on a developer's machine, and fail under CI=true, where a missing
 * browser must not pass silently.
 */
import * as fs from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Call at the top of a test file: gives `describe` when Chromium is installed; otherwise registers one skipped
 * test that says why and gives `describe.skip`, or throws when `CI` is set.
 */
export function chromiumOrSkip(): jest.Describe {
  if (fs.existsSync(CHROMIUM)) return describe;
  if (process.env.CI) {
    throw new Error(`${CHROMIUM} is missing: CI must install chromium (apt-get install -y chromium) so the end-to-end tests run.`);
  }
  test.skip(`end-to-end tests skipped: ${CHROMIUM} is not installed on this machine (apt-get install -y chromium)`, () => undefined);
  return describe.skip;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
