/** The pure core: permission catalogue, tokens, descriptors, identity closure, evaluation, findings, audit. */
export * from "./catalogue";
export * from "./snapshot";
export * from "./report";
export * from "./tokens";
export * from "./descriptors";
export * from "./identity";
export * from "./evaluate";
export * from "./findings";
export * from "./audit";
export * from "./validate";
export * from "./access-url";
export * from "./links";
export * from "./checklist";
export * from "./completion";
export * from "./hooks-summary";
