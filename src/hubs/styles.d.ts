// Side-effect CSS imports (azure-devops-ui and the hub's own styles) are handled by webpack's css-loader.
declare module "*.css";
