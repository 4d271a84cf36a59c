/**
 * azure-devops-extension-api's `Common/Fetch.js` requires whatwg-fetch 3.0.0, which reads the global `self`
 * and throws "self is not defined" in Node (azure-devops-extension-api's Common/Client.js and Common/Fetch.js). Pointing `self` at `globalThis` lets the polyfill
 * see the native fetch and leave it alone. This module must be imported before the first import of the API;
 * `api-clients.ts` does that, and every other file imports the API only through it. In a browser `self`
 * already exists and nothing changes.
 */
const scope = globalThis as { self?: unknown };
if (typeof scope.self === "undefined") scope.self = globalThis;

export {};
