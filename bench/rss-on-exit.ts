/**
 * Preloaded into a measured process (`node --require build/bench/rss-on-exit.js …`): on exit, writes the
 * process's peak resident set size (KB, from getrusage) to the file named by BENCH_RSS_FILE. The CLI is then
 * measured exactly as users run it, report writing included, without a `time` binary on the machine.
 */
import { writeFileSync } from "node:fs";

const target = process.env.BENCH_RSS_FILE;
if (target) process.on("exit", () => writeFileSync(target, String(process.resourceUsage().maxRSS)));
