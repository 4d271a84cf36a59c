/**
 * What every browser test file sets up: its own emulator (so a file that writes never leaks into another),
 * the local Azure DevOps host serving this run's shared production build of the hubs, and Chromium, with the
 * script errors of every page it opens collected.
 *
 *   const e2e = chromiumOrSkip();
 *   e2e("…", () => {
 *     let hub: HubHarness;
 *     beforeAll(async () => { hub = await startHubHarness(); });
 *     afterAll(() => hub?.stop());
 *   });
 */
import * as path from "node:path";
import type { Browser, Page } from "playwright-core";
import { loadSeed, startEmulator, type OrgSeed, type RunningEmulator } from "../../../emulator";
import { manifestScopes, withExtensionToken } from "../../../dev/host/hostToken";
import { startDevHost, type DevHost } from "../../../dev/host/server";
import { launchChromium } from "./chromium";
import { ROOT, webBundle } from "./webBundle";

export { chromiumOrSkip, CHROMIUM } from "./chromium";
export { runAxe } from "./axe";
export { hubFrame, matrixCells, openHub, waitForHub, type HubFile, type MatrixCell } from "./hubPage";
export { resultFile, saveScreenshot } from "./results";
export { webBundle } from "./webBundle";

export const DEMO_SEED = path.join(ROOT, "emulator", "seeds", "demo.json");

export interface HubHarnessOptions {
  /** The organization the emulator serves; the demo organization (emulator/seeds/demo.json) by default. */
  seed?: OrgSeed;
}

export interface HubHarness {
  seed: OrgSeed;
  emulator: RunningEmulator;
  /** The organization's URL on the emulator (no trailing slash). */
  orgUrl: string;
  /** Signed in with the administrator's extension token (withExtensionToken: the manifest's scopes). */
  devhost: DevHost;
  browser: Browser;
  /** A new page of `viewport` whose script errors go to `pageErrors`. */
  newPage(viewport: { width: number; height: number }): Promise<Page>;
  /** The message of every uncaught script error in the pages opened by newPage. */
  pageErrors: string[];
  /** Closes the browser, then stops the host and the emulator. */
  stop(): Promise<void>;
}

export async function startHubHarness(options: HubHarnessOptions = {}): Promise<HubHarness> {
  const rootDir = await webBundle();
  // Signed in with the token the extension gets: the administrator's, carrying exactly the manifest's scopes.
  const extension = withExtensionToken(options.seed ?? loadSeed(DEMO_SEED), manifestScopes(ROOT));
  const seed = extension.seed;
  const stops: (() => Promise<void>)[] = [];
  const stop = async (): Promise<void> => {
    // Last started, first stopped; every one is attempted even if one fails.
    const errors: unknown[] = [];
    for (const stopOne of stops.splice(0).reverse()) await stopOne().catch((error: unknown) => errors.push(error));
    if (errors.length > 0) throw errors[0];
  };
  try {
    const emulator = await startEmulator({ seeds: [seed] });
    stops.push(() => emulator.stop());
    const orgUrl = emulator.orgUrl(seed.organization.name);
    const devhost = await startDevHost({ rootDir, orgUrl, accessToken: extension.token });
    stops.push(() => devhost.stop());
    const browser = await launchChromium();
    stops.push(() => browser.close());
    const pageErrors: string[] = [];
    const newPage = async (viewport: { width: number; height: number }): Promise<Page> => {
      const page = await browser.newPage({ viewport });
      page.on("pageerror", (error) => pageErrors.push(error.message));
      return page;
    };
    return { seed, emulator, orgUrl, devhost, browser, newPage, pageErrors, stop };
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
}
