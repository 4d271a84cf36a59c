/** Types of web-bundle-run.js (plain JavaScript, as the Jest global setup and teardown load it untranspiled). */
export declare const RUN_ID_VARIABLE: string;
export declare const WEB_BUNDLE_ROOT: string;
