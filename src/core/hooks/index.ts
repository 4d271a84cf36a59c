/**
 * Service hook subscriptions: the pure model the CLI (`dbt-ado hooks list|prune`) and the hubs render.
 *
 *   snapshot (HooksSnapshot, read by src/ado/hooks.ts)
 *     -> analyzeHooks        -> HooksReport (dbt Cloud's subscriptions with state, advice and links; others;
 *                               projects with visibility and gaps; findings)
 *     -> planHooksCleanup    -> HooksPlan (delete duplicates, re-enable ones a user disabled)
 *     -> checkBeforeDelete / checkBeforeEnable, right before each write
 */
export * from "./model";
export * from "./report";
export * from "./delivery";
export * from "./duplicates";
export * from "./advice";
export * from "./analysis";
export * from "./cleanup-plan";
export * from "./target-host";
