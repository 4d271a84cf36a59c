/**
 * Route matching: literal segments compare case-insensitively (clients send `_apis/git/Repositories`,
 * `_apis/ResourceAreas`), `{name}` captures one segment. Each host has its own table, so calling an API
 * on the wrong host finds nothing and answers 404 like the real service.
 */
import type { HostKind, RouteSpec } from "./context";

interface CompiledRoute {
  spec: RouteSpec;
  segments: Array<{ literal: string } | { param: string }>;
  /** Stats key resource: the last literal segment, lower-case (e.g. "accesscontrollists"). */
  resource: string;
}

export interface RouteMatch {
  spec: RouteSpec;
  params: Record<string, string>;
  resource: string;
}

export class Router {
  private readonly routes: CompiledRoute[];

  constructor(specs: RouteSpec[]) {
    this.routes = specs.map((spec) => {
      const segments = spec.path
        .split("/")
        .filter(Boolean)
        .map((s) => (s.startsWith("{") && s.endsWith("}") ? { param: s.slice(1, -1) } : { literal: s.toLowerCase() }));
      const literals = segments.filter((s): s is { literal: string } => "literal" in s);
      return { spec, segments, resource: literals[literals.length - 1]?.literal ?? "" };
    });
  }

  /**
   * The route for this method and path. HEAD falls back to GET routes. With `anyMethod` (CORS preflight,
   * stats) the first route with a matching path is returned whatever its method.
   */
  match(host: HostKind, method: string, path: string[], anyMethod = false): RouteMatch | undefined {
    let fallback: RouteMatch | undefined;
    for (const route of this.routes) {
      if (route.spec.host !== host) continue;
      const params = matchSegments(route, path);
      if (!params) continue;
      const found = { spec: route.spec, params, resource: route.resource };
      if (anyMethod || route.spec.method === method) return found;
      if (method === "HEAD" && route.spec.method === "GET" && !fallback) fallback = found;
    }
    return fallback;
  }

  /** Whether some route has this path, with another method (a 405 rather than a 404). */
  hasPath(host: HostKind, path: string[]): boolean {
    return this.match(host, "", path, true) !== undefined;
  }
}

function matchSegments(route: CompiledRoute, path: string[]): Record<string, string> | undefined {
  if (route.segments.length !== path.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < path.length; i++) {
    const segment = route.segments[i];
    if ("literal" in segment) {
      if (segment.literal !== path[i].toLowerCase()) return undefined;
    } else {
      // A project segment can never be the `_apis` marker itself.
      if (path[i].toLowerCase() === "_apis") return undefined;
      params[segment.param] = path[i];
    }
  }
  return params;
}
