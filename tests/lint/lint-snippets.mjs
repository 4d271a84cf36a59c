// Lints code snippets as if they were files of the repository, with its own ESLint configuration.
// stdin: [{ file, code }]; stdout: [[message, ...], ...] (the layer rules' messages, one list per snippet).
// A child process because ESLint loads its flat config with a dynamic import, which Jest's VM does not allow.
import { ESLint } from "eslint";

const input = JSON.parse(
  await new Promise((resolve) => {
    let text = "";
    process.stdin.on("data", (chunk) => (text += chunk));
    process.stdin.on("end", () => resolve(text));
  }),
);
const eslint = new ESLint({ cwd: process.cwd() });
const out = [];
for (const { file, code } of input) {
  const [result] = await eslint.lintText(code, { filePath: file });
  out.push(result.messages.filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-globals").map((m) => m.message));
}
process.stdout.write(JSON.stringify(out));
