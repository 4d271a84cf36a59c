/**
 * Lint: typescript-eslint's syntax rules, and the layers of the architecture as import rules (README, "How it
 * is built"). A rule broken here fails `npm test`; tests/lint/layers.test.ts proves each layer rule bites.
 *
 *   src/core   pure data → data: imports nothing outside src/core (no Node built-ins, no SDK, no React, no HTTP)
 *   src/ado    the only code that talks HTTP; the rest of src/ reaches it through src/ado/index.ts only
 *   src/flows  one module per use case, over src/core and the src/ado barrel
 *   src/cli, src/hubs, src/sdk   faces: src/flows, src/core and the src/ado barrel; never each other's code
 *   src/task   the pipeline task, a face like the CLI; it also renders with the CLI's renderers (src/cli/render)
 *   nothing in src/ imports emulator/ or dev/ (what ships is src/ alone)
 */
import tseslint from "typescript-eslint";

/** A relative import that climbs out of the file's folder into `folder` (at any depth). */
const into = (folder) => `^(\\.\\./)+${folder}(/|$)`;

const NO_HTTP_GLOBALS = [
  { name: "fetch", message: "Only src/ado talks HTTP: go through the gateway (src/ado/index.ts)." },
  { name: "XMLHttpRequest", message: "Only src/ado talks HTTP: go through the gateway (src/ado/index.ts)." },
  { name: "WebSocket", message: "Only src/ado talks HTTP: go through the gateway (src/ado/index.ts)." },
];

const NODE_NETWORK = ["node:http", "node:https", "node:net", "node:tls", "http", "https", "net", "tls"].map((name) => ({
  name,
  message: "Only src/ado talks to the network.",
}));

/** Folders of src/ and who may not import them, by rule. */
const shipsAlone = [
  { regex: into("emulator"), message: "src/ ships alone: the emulator is for tests, the bench and the dev host." },
  { regex: into("dev"), message: "src/ ships alone: dev/ holds the dev host and the demo." },
];
const adoBarrelOnly = { regex: into("ado/.+"), message: "Import src/ado through its barrel (src/ado/index.ts) only." };
const restClients = {
  regex: "^azure-devops-extension-api/(?!Common($|/))",
  message: "REST clients live in src/ado/rest; everything else calls the gateway.",
};
const noFaces = (...faces) =>
  faces.map((face) => ({ regex: into(face), message: `Faces do not import each other, and lower layers never import ${face}.` }));

export default tseslint.config(
  { ignores: ["build/**", "dist/**", "out/**", "node_modules/**", "test-results/**", "tsout/**", "**/*.js", "**/*.cjs", "**/*.mjs"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      // The codebase uses `unknown` + narrowing; a few well-commented `any` casts at library seams remain legitimate.
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      // Mixin and declaration shapes mirror azure-devops-extension-api's own classes (src/ado/rest/api-clients.ts).
      "@typescript-eslint/no-unsafe-declaration-merging": "off",
      "@typescript-eslint/no-require-imports": "off",
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", ...NO_HTTP_GLOBALS],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: into("(ado|flows|cli|hubs|sdk|task)"), message: "src/core is pure: it imports nothing outside src/core." },
            { regex: "^node:", message: "src/core is pure: no Node built-ins." },
            { regex: "^(react|react-dom|azure-devops-[a-z-]+)(/|$)", message: "src/core is pure: no SDK, UI or REST packages." },
            ...shipsAlone,
          ],
        },
      ],
    },
  },
  {
    files: ["src/ado/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [...noFaces("flows", "cli", "hubs", "sdk", "task"), ...shipsAlone] }],
    },
  },
  {
    files: ["src/flows/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", ...NO_HTTP_GLOBALS],
      "no-restricted-imports": [
        "error",
        { paths: NODE_NETWORK, patterns: [...noFaces("cli", "hubs", "sdk", "task"), adoBarrelOnly, restClients, ...shipsAlone] },
      ],
    },
  },
  {
    files: ["src/cli/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", ...NO_HTTP_GLOBALS],
      "no-restricted-imports": [
        "error",
        { paths: NODE_NETWORK, patterns: [...noFaces("hubs", "sdk", "task"), adoBarrelOnly, restClients, ...shipsAlone] },
      ],
    },
  },
  {
    // Settings of the Node process the CLI and the task run in: below every face, above nothing.
    files: ["src/runtime/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ regex: into("(ado|flows|cli|hubs|sdk|task|core)"), message: "src/runtime imports nothing of the product." }] },
      ],
    },
  },
  {
    // The task shares the CLI's renderers (one JUnit and one Markdown format), and nothing else of the CLI.
    files: ["src/task/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", ...NO_HTTP_GLOBALS],
      "no-restricted-imports": [
        "error",
        {
          paths: NODE_NETWORK,
          patterns: [
            ...noFaces("hubs", "sdk"),
            { regex: "^(\\.\\./)+cli/(?!render(/|$))", message: "The task uses src/cli/render only; the rest of the CLI is another face." },
            adoBarrelOnly,
            restClients,
            ...shipsAlone,
          ],
        },
      ],
    },
  },
  {
    files: ["src/hubs/**/*.ts", "src/hubs/**/*.tsx"],
    rules: {
      "no-restricted-globals": ["error", ...NO_HTTP_GLOBALS],
      "no-restricted-imports": ["error", { patterns: [...noFaces("cli", "task"), adoBarrelOnly, restClients, ...shipsAlone] }],
    },
  },
  {
    files: ["src/sdk/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", ...NO_HTTP_GLOBALS],
      "no-restricted-imports": ["error", { patterns: [...noFaces("cli", "hubs", "flows", "task"), adoBarrelOnly, restClients, ...shipsAlone] }],
    },
  },
  {
    // The emulator stands in for Azure DevOps: an independent implementation, so it imports nothing from src/.
    files: ["emulator/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: into("src"), message: "The emulator imports nothing from src/." }] }],
    },
  },
);
