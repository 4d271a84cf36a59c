/** Unit, integration (real HTTP to the emulator) and CLI-process tests. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  transform: {
    "^.+\\.tsx?$": ["ts-jest", { tsconfig: "tsconfig.test.json" }],
    "^.+\\.js$": ["ts-jest", { tsconfig: { allowJs: true }, diagnostics: false }],
  },
  transformIgnorePatterns: ["/node_modules/(?!(azure-devops-ui|azure-devops-extension-sdk)/)"],
  moduleNameMapper: {
    "\\.(css|scss)$": "<rootDir>/tests/support/style-mock.cjs",
    "^azure-devops-extension-sdk$": "<rootDir>/node_modules/azure-devops-extension-sdk/esm/SDK.js",
  },
  testTimeout: 30000,
  setupFilesAfterEnv: ["<rootDir>/tests/support/testing-library.js"],
  globalSetup: "<rootDir>/tests/support/build-once.js",
  globalTeardown: "<rootDir>/tests/support/remove-web-bundle.js",
  reporters: ["default", "<rootDir>/tests/support/summary-reporter.js"],
};
