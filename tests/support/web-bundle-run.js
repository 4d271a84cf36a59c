/**
 * Where a test run's shared production build of the hubs lives, and the variable naming the run. Shared by
 * the Jest global setup and teardown (plain JavaScript) and tests/e2e/support/webBundle.ts.
 */
const path = require("node:path");

const RUN_ID_VARIABLE = "DBT_ADO_TEST_RUN_ID";
const WEB_BUNDLE_ROOT = path.join(__dirname, "..", "..", "build", "web-bundle");

module.exports = { RUN_ID_VARIABLE, WEB_BUNDLE_ROOT };
