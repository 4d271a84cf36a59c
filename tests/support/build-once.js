/**
 * Jest global setup: compile the Node build (`tsc -p tsconfig.node.json` → build/) once, before any worker
 * starts, so the tests that spawn the real `dbt-ado` executable run the code as shipped without racing each
 * other to rebuild it.
 *
 * It also names this run (process.env, which the workers inherit) so that the production build of the hubs
 * is made once per run and shared (tests/e2e/support/webBundle.ts), and clears the bundles that runs killed
 * before their teardown left behind.
 */
const { execFileSync } = require("node:child_process");
const { randomBytes } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const { RUN_ID_VARIABLE, WEB_BUNDLE_ROOT } = require("./web-bundle-run.js");

/** Older than this, a run's bundle folder is an orphan: no test run takes that long. */
const ORPHAN_AGE_MS = 6 * 60 * 60 * 1000;

function removeOrphanBundles() {
  if (!fs.existsSync(WEB_BUNDLE_ROOT)) return;
  for (const name of fs.readdirSync(WEB_BUNDLE_ROOT)) {
    const folder = path.join(WEB_BUNDLE_ROOT, name);
    if (Date.now() - fs.statSync(folder).mtimeMs > ORPHAN_AGE_MS) fs.rmSync(folder, { recursive: true, force: true });
  }
}

module.exports = async function buildOnce() {
  const root = path.join(__dirname, "..", "..");
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.node.json")], { cwd: root, stdio: "inherit" });
  removeOrphanBundles();
  process.env[RUN_ID_VARIABLE] = `run-${Date.now()}-${process.pid}-${randomBytes(3).toString("hex")}`;
};
