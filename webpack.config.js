/**
 * Builds the two settings hubs into dist/ (what vss-extension.json ships).
 * esbuild-loader only transpiles; type-checking is `npm run typecheck` (tsconfig.web.json for the web code).
 * Both hubs share one vendor chunk (React, azure-devops-ui, the SDK) and one chunk of our own code they both use
 * (the flows, the core, the gateway, the shared components), so the extension ships each once and a browser that
 * opened one hub has the rest of the other cached. Each page loads vendor.js, shared.js, then its entry.
 * `--env outputPath=<dir>` builds elsewhere than dist/ (the browser tests build into a temporary folder).
 */
const path = require("path");
const CopyWebpackPlugin = require("copy-webpack-plugin");
const { EsbuildPlugin } = require("esbuild-loader");

module.exports = (env, argv) => {
  const production = argv.mode !== "development";
  return {
    entry: {
      "org-settings": "./src/hubs/org-settings/index.tsx",
      "project-settings": "./src/hubs/project-settings/index.tsx",
    },
    output: {
      path: env && env.outputPath ? path.resolve(env.outputPath) : path.resolve(__dirname, "dist"),
      filename: "[name].js",
      clean: true,
    },
    devtool: production ? false : "inline-source-map",
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          loader: "esbuild-loader",
          options: { target: "es2019", jsx: "transform", tsconfig: path.resolve(__dirname, "tsconfig.web.json") },
        },
        { test: /\.css$/, use: ["style-loader", "css-loader"] },
        // Icon fonts stay separate files: inlined they would triple the bundle (measured: the codicon and Fabric fonts are most of azure-devops-ui's CSS weight).
        { test: /\.(woff2?|ttf|eot)$/, type: "asset/resource", generator: { filename: "fonts/[name][ext]" } },
        { test: /\.(svg|png)$/, type: "asset/inline" },
      ],
    },
    optimization: {
      minimizer: [new EsbuildPlugin({ target: "es2019", css: true })],
      splitChunks: {
        cacheGroups: {
          vendor: { test: /[\\/]node_modules[\\/]/, name: "vendor", chunks: "all", enforce: true },
          shared: { test: /[\\/]src[\\/]/, name: "shared", chunks: "all", minChunks: 2, enforce: true },
        },
      },
    },
    plugins: [new CopyWebpackPlugin({ patterns: [{ from: "static/*.html", to: "[name][ext]" }] })],
    performance: { hints: false },
    stats: "errors-warnings",
  };
};
