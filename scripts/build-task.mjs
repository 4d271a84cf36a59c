/**
 * Builds the DbtCloudAudit pipeline task: src/task/main.ts and everything it imports bundled into one file for
 * the agent's Node 20 (no npm install at run time), next to task.json and the icon the task picker shows.
 *
 *   node scripts/build-task.mjs [outdir]   (default: bundle/tasks/DbtCloudAudit, the folder vss-extension.json lists)
 */
import { build } from "esbuild";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = resolve(process.argv[2] ?? join(root, "bundle", "tasks", "DbtCloudAudit"));

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await build({
  entryPoints: [join(root, "src", "task", "main.ts")],
  outfile: join(outdir, "index.js"),
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
});
copyFileSync(join(root, "src", "task", "task.json"), join(outdir, "task.json"));
// The task picker shows icon.png beside task.json at 32x32 (images/render-icon.cjs draws it).
copyFileSync(join(root, "images", "task-icon.png"), join(outdir, "icon.png"));
console.log(`Built the DbtCloudAudit task in ${outdir}`);
