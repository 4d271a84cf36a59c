/**
 * Hub figures for `npm run bench` (also runnable alone: `npm run build && node build/bench/hubs.js`):
 *  - the gzipped size of what each hub page loads (its HTML and scripts; the icon fonts are separate files,
 *    fetched by the browser only when a glyph is drawn, and are excluded), target ≤ 450 KB;
 *  - in Chromium, through the local Azure DevOps host, against emulated organizations of 1,000 projects × 10
 *    and × 100 repositories: the time from the audit's data being ready (the report computed, marked by the
 *    page's audit source as `dbt-ado:audit-ready`) to the first matrix rows on screen, target ≤ 1 s at both; and
 *    the page's JavaScript heap once the matrix shows (after a garbage collection, from the DevTools protocol's
 *    `Runtime.getHeapUsage` in the hub's frame).
 * The hubs are built with webpack into a temporary folder, as the end-to-end tests do.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium, type Frame, type Page } from "playwright-core";
import { generateOrg, startEmulator } from "../emulator";
import { startDevHost } from "../dev/host/server";

const ROOT = path.resolve(__dirname, "../..");
const CHROMIUM = process.env.BENCH_CHROMIUM ?? "/usr/bin/chromium";
const HUBS = ["org-settings", "project-settings"] as const;
const AUDIT_READY_MARK = "dbt-ado:audit-ready";
const RUNS = Number(process.env.BENCH_HUB_RUNS ?? 3);
export const HUB_TARGETS = { maxGzipKB: 450, maxFirstRowsMs: 1000 };

export interface BundleSize {
  hub: string;
  files: string[];
  rawBytes: number;
  gzipBytes: number;
}

export interface FirstRowsTiming {
  /** Click on "Check permissions" to the report being ready (reading and evaluating the organization). */
  readMs: number;
  /** Report ready to the first matrix row in the DOM. */
  domMs: number;
  /** Report ready to the frame after that row was added (it is painted then). */
  paintedMs: number;
  /** The page's JavaScript heap in use with the matrix shown, after a garbage collection (MB, 10^6 bytes). */
  heapMB: number;
}

const kb = (bytes: number) => bytes / 1000;

function buildHubs(outDir: string): void {
  const build = spawnSync(process.execPath, [require.resolve("webpack-cli/bin/cli.js"), "--mode", "production", "--env", `outputPath=${outDir}`], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 300_000,
  });
  if (build.status !== 0) throw new Error(`webpack failed:\n${build.stdout}\n${build.stderr}`);
}

/** What a hub's page loads: the HTML and each script it names (CSS is inside the scripts). */
export function bundleSize(distDir: string, hub: string): BundleSize {
  const htmlFile = path.join(distDir, `${hub}.html`);
  const html = fs.readFileSync(htmlFile, "utf8");
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1]);
  if (scripts.length === 0) throw new Error(`${htmlFile} loads no script`);
  const files = [`${hub}.html`, ...scripts];
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const content = fs.readFileSync(path.join(distDir, file));
    rawBytes += content.length;
    gzipBytes += gzipSync(content, { level: 9 }).length;
  }
  return { hub, files, rawBytes, gzipBytes };
}

/** Resolves in the hub frame once the first permission cell is in the DOM, and again after the next frame. */
async function watchFirstRows(frame: Frame): Promise<void> {
  await frame.evaluate((mark) => {
    performance.clearMarks(mark);
    const w = window as unknown as { __firstRows: Promise<{ dom: number; painted: number }> };
    w.__firstRows = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!document.querySelector("button[data-permission]")) return;
        observer.disconnect();
        const dom = performance.now();
        requestAnimationFrame(() => setTimeout(() => resolve({ dom, painted: performance.now() }), 0));
      });
      observer.observe(document.body, { childList: true, subtree: true });
    });
  }, AUDIT_READY_MARK);
}

async function measureOnce(page: Page, hostUrl: string, identity: string): Promise<FirstRowsTiming> {
  const timing = await firstRowsOnce(page, hostUrl, identity);
  // The hub's own frame: on another port than the host page, Chromium may run it in a process of its own.
  const devtools = await page.context().newCDPSession(hubFrame(page));
  try {
    await devtools.send("HeapProfiler.collectGarbage");
    const { usedSize } = (await devtools.send("Runtime.getHeapUsage")) as { usedSize: number };
    return { ...timing, heapMB: usedSize / 1e6 };
  } finally {
    await devtools.detach();
  }
}

function hubFrame(page: Page): Frame {
  const frame = page.frames().find((f) => new URL(f.url()).pathname.endsWith("/dist/org-settings.html"));
  if (!frame) throw new Error("The organization hub is not framed");
  return frame;
}

async function firstRowsOnce(page: Page, hostUrl: string, identity: string): Promise<Omit<FirstRowsTiming, "heapMB">> {
  await page.goto(`${hostUrl}?hub=org-settings-hub&theme=light`);
  await page.waitForSelector('#devhost-status[data-state="loaded"]', { timeout: 30_000 });
  const frame = hubFrame(page);
  await frame.getByRole("tab", { name: "Permissions" }).click();
  await frame.getByLabel("Service user or service principal", { exact: true }).fill(identity);
  await watchFirstRows(frame);
  const clickedAt = await frame.evaluate(() => performance.now());
  await frame.getByRole("button", { name: "Check permissions" }).click();
  return frame.evaluate(
    async ({ mark, clickedAt }) => {
      const rows = await (window as unknown as { __firstRows: Promise<{ dom: number; painted: number }> }).__firstRows;
      const ready = performance.getEntriesByName(mark).pop();
      if (!ready) throw new Error(`No "${mark}" mark: the page's audit source did not record when the data was ready`);
      return { readMs: ready.startTime - clickedAt, domMs: rows.dom - ready.startTime, paintedMs: rows.painted - ready.startTime };
    },
    { mark: AUDIT_READY_MARK, clickedAt },
  );
}

/** The first matrix rows for an organization of `projects` × `reposPerProject`, measured `runs` times on fresh page loads. */
export async function measureFirstRows(distRoot: string, projects: number, reposPerProject: number, runs: number): Promise<FirstRowsTiming[]> {
  const seed = generateOrg({ name: "bench-hubs", projects, reposPerProject });
  const admin = seed.tokens.find((t) => t.kind === "pat" && !t.identity.startsWith("svc-"))!.identity;
  seed.tokens.push({ token: "bench-admin-bearer", identity: admin, kind: "bearer" });
  const identity = seed.expectedGapsFor!;
  const emulator = await startEmulator({ seeds: [seed] });
  try {
    const host = await startDevHost({ rootDir: distRoot, orgUrl: emulator.orgUrl(seed.organization.name), accessToken: "bench-admin-bearer" });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      page.setDefaultTimeout(600_000);
      const timings: FirstRowsTiming[] = [];
      for (let run = 0; run < runs; run++) timings.push(await measureOnce(page, host.hostUrl, identity));
      return timings;
    } finally {
      await browser.close();
      await host.stop();
    }
  } finally {
    await emulator.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Prints the figures and PASS/FAIL lines; resolves false when a target is missed. */
export async function runHubBenchmarks(log: (line: string) => void = console.log): Promise<boolean> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "dbt-ado-bench-hubs-"));
  try {
    fs.copyFileSync(path.join(ROOT, "vss-extension.json"), path.join(workDir, "vss-extension.json"));
    const distDir = path.join(workDir, "dist");
    buildHubs(distDir);

    const checks: [string, boolean][] = [];
    log("hub                    raw        gzip   files");
    for (const hub of HUBS) {
      const size = bundleSize(distDir, hub);
      log(
        `${hub.padEnd(18)} ${kb(size.rawBytes).toFixed(1).padStart(7)} KB ${kb(size.gzipBytes).toFixed(1).padStart(7)} KB   ${size.files.join(" + ")}`,
      );
      checks.push([`${hub} bundle ≤ ${HUB_TARGETS.maxGzipKB} KB gzipped, fonts excluded`, kb(size.gzipBytes) <= HUB_TARGETS.maxGzipKB]);
    }
    const fonts = fs.existsSync(path.join(distDir, "fonts")) ? fs.readdirSync(path.join(distDir, "fonts")) : [];
    log(`(1 KB = 1,000 bytes; not counted: ${fonts.length} icon font files in dist/fonts)`);

    log("");
    if (!fs.existsSync(CHROMIUM)) {
      log(`SKIP  first matrix rows: ${CHROMIUM} is not installed (apt-get install -y chromium)`);
    } else {
      // 100,000 repositories once: reading and auditing them in the page takes a while.
      for (const [projects, repos, runs] of [
        [1000, 10, RUNS],
        [1000, 100, 1],
      ] as const) {
        const timings = await measureFirstRows(workDir, projects, repos, runs);
        const size = `${projects.toLocaleString("en-US")} projects × ${repos} repositories (${(projects * repos).toLocaleString("en-US")} repositories)`;
        log(`Chromium, ${size}, organization hub:`);
        log("run   read + audit   data ready → rows in DOM   data ready → rows painted   JS heap");
        timings.forEach((t, i) => {
          log(
            `${String(i + 1).padEnd(5)} ${(t.readMs / 1000).toFixed(2).padStart(10)} s ${t.domMs.toFixed(0).padStart(21)} ms ${t.paintedMs.toFixed(0).padStart(24)} ms ${t.heapMB.toFixed(0).padStart(6)} MB`,
          );
        });
        const painted = median(timings.map((t) => t.paintedMs));
        log(
          `median data ready → first rows painted: ${painted.toFixed(0)} ms; JS heap with the matrix shown: ${median(timings.map((t) => t.heapMB)).toFixed(0)} MB`,
        );
        log("");
        checks.push([
          `first matrix rows ≤ ${HUB_TARGETS.maxFirstRowsMs / 1000} s after data ready (${(projects * repos).toLocaleString("en-US")} repositories): ${painted.toFixed(0)} ms`,
          painted <= HUB_TARGETS.maxFirstRowsMs,
        ]);
      }
    }
    for (const [label, pass] of checks) log(`${pass ? "PASS" : "FAIL"}  ${label}`);
    return checks.every(([, pass]) => pass);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runHubBenchmarks().then(
    (ok) => {
      if (!ok) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(`bench: ${(error as Error).message}`);
      process.exitCode = 2;
    },
  );
}
