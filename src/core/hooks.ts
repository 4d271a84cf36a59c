/**
 * Service hook subscriptions: the pure model the CLI (`dbt-ado hooks list|prune`) and the hubs render.
 *
 *   snapshot (HooksSnapshot, read by src/ado/hooks.ts)
 *     -> analyzeHooks        -> HooksReport (dbt Cloud's subscriptions with state, advice and links; others;
 *                               projects with visibility and gaps; findings)
 *     -> planHooksCleanup    -> HooksPlan (delete duplicates, re-enable ones a user disabled)
 *     -> checkBeforeDelete / checkBeforeEnable, right before each write
 */
export * from "./hooks-model";
export * from "./hooks-report";
export * from "./hooks-delivery";
export * from "./hooks-duplicates";
export * from "./hooks-advice";
export * from "./hooks-analysis";
export * from "./hooks-plan";
