/**
 * Routes a REST client's traffic through our Transport by overriding azure-devops-extension-api's protected
 * `RestClientBase._issueRequest(requestUrl, apiVersion, requestParams)`. URL building (route templates, query
 * encoding) stays the package's; sending, auth, retries, throttling and error mapping become ours, for the
 * package's clients and for the ones we add on its base class alike.
 */
import type { IVssRestClientOptions, RestClientRequestParams } from "./api-clients";
import type { Transport } from "../http/transport";

export type ClientClass<T> = new (options: IVssRestClientOptions) => T;

/** A subclass of `Client` whose every request goes through `transport` (a mixin over any client class). */
export function routedThrough<T>(Client: ClientClass<T>, transport: Transport, restoreUrl: (url: string) => string = (url) => url): ClientClass<T> {
  // The package declares `_issueRequest` protected on a base class it does not export; TypeScript cannot
  // name that member on a generic base, so the override is typed on a plain constructor and cast back.
  const Base = Client as unknown as new (options: IVssRestClientOptions) => object;
  class Routed extends Base {
    _issueRequest(requestUrl: string, apiVersion: string, requestParams: RestClientRequestParams): Promise<unknown> {
      return transport.issueForClient(restoreUrl(requestUrl), apiVersion, requestParams);
    }
  }
  Object.defineProperty(Routed, "name", { value: `Routed${Client.name}` });
  return Routed as unknown as ClientClass<T>;
}

/** An instance of `Client` rooted at `rootPath` (which must end with "/": the package appends routes to it). */
export function createRoutedClient<T>(Client: ClientClass<T>, rootPath: string, transport: Transport): T {
  const root = rootPath.endsWith("/") ? rootPath : `${rootPath}/`;
  const { rootPath: stand, restoreUrl } = withoutIpv6Literal(root);
  return new (routedThrough(Client, transport, restoreUrl))({ rootPath: stand });
}

/** A host name that cannot exist (RFC 2606 `.invalid`), standing in for an IPv6 literal while the package builds URLs. */
const IPV6_STAND_IN = "ipv6-literal.invalid";

/**
 * The package's URL parser (`Uri` in Common/Util/Url.js, used whenever a request has query parameters) splits
 * the authority at the first ":", which mangles an IPv6 literal host such as `[::1]`. Such a root is given to
 * the package with a stand-in host, and each request URL gets the real host back before it is sent.
 */
function withoutIpv6Literal(root: string): { rootPath: string; restoreUrl: (url: string) => string } {
  let url: URL;
  try {
    url = new URL(root);
  } catch {
    return { rootPath: root, restoreUrl: (requestUrl) => requestUrl };
  }
  if (!url.hostname.startsWith("[")) return { rootPath: root, restoreUrl: (requestUrl) => requestUrl };
  const realOrigin = `${url.protocol}//${url.host}`;
  const standIn = `${url.protocol}//${IPV6_STAND_IN}${url.port ? `:${url.port}` : ""}`;
  return {
    rootPath: `${standIn}${root.slice(realOrigin.length)}`,
    restoreUrl: (requestUrl) => (requestUrl.toLowerCase().startsWith(standIn) ? `${realOrigin}${requestUrl.slice(standIn.length)}` : requestUrl),
  };
}
