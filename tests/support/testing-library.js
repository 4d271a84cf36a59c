/**
 * Component tests (jsdom) wait up to 5 s for the UI to settle instead of Testing Library's 1 s: the suite runs
 * on 2 shared cores beside Chromium and webpack, and a slow tick must not fail a correct test.
 */
if (typeof document !== "undefined") {
  require("@testing-library/react").configure({ asyncUtilTimeout: 5000 });
}
