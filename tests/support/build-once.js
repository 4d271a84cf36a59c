/**
 * Jest global setup: compile the Node build (`tsc -p tsconfig.node.json` → build/) once, before any worker
 * starts, so the tests that spawn the real `dbt-ado` executable run the code as shipped without racing each
 * other to rebuild it.
 */
const { execFileSync } = require("node:child_process");
const path = require("node:path");

module.exports = async function buildOnce() {
  const root = path.join(__dirname, "..", "..");
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", path.join(root, "tsconfig.node.json")], { cwd: root, stdio: "inherit" });
};
