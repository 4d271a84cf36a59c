/** Jest global teardown: removes this run's shared production build of the hubs (see build-once.js). */
const fs = require("node:fs");
const path = require("node:path");
const { RUN_ID_VARIABLE, WEB_BUNDLE_ROOT } = require("./web-bundle-run.js");

module.exports = async function removeWebBundle() {
  const runId = process.env[RUN_ID_VARIABLE];
  if (runId) fs.rmSync(path.join(WEB_BUNDLE_ROOT, runId), { recursive: true, force: true });
};
