/** The pure core: permission catalogue, tokens, descriptors, identity closure, evaluation, findings, audit. */
export * from "./permissions/catalogue";
export * from "./snapshot";
export * from "./audit/report";
export * from "./permissions/tokens";
export * from "./permissions/descriptors";
export * from "./permissions/closure";
export * from "./permissions/evaluate";
export * from "./audit/findings";
export * from "./audit/audit";
export * from "./setup/validate";
export * from "./setup/access-url";
export * from "./setup/links";
export * from "./setup/checklist";
export * from "./audit/completion";
export * from "./hooks/summary";
