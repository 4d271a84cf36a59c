/** Every route the emulator serves, per host. */
import type { RouteSpec } from "../http/context";
import { coreRoutes } from "./core";
import { entitlementRoutes } from "./entitlements";
import { graphRoutes } from "./graph";
import { hookRoutes } from "./hooks";
import { identityRoutes } from "./identities";
import { locationRoutes } from "./location";
import { securityRoutes } from "./security";

export const allRoutes: RouteSpec[] = [
  ...locationRoutes,
  ...coreRoutes,
  ...securityRoutes,
  ...hookRoutes,
  ...identityRoutes,
  ...graphRoutes,
  ...entitlementRoutes,
];
