/**
 * Builds the `dbt-ado` executable that the npm package ships (package.json `bin`): src/cli/main.ts and
 * everything it imports bundled into one file, so installing the package needs no other package.
 *
 *   node scripts/build-cli.mjs [outfile]   (default: bundle/dbt-ado.js; run by `npm pack` through prepack)
 */
import { build } from "esbuild";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = resolve(process.argv[2] ?? join(root, "bundle", "dbt-ado.js"));

await build({
  entryPoints: [join(root, "src", "cli", "main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
});
