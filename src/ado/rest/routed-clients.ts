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
export function routedThrough<T>(Client: ClientClass<T>, transport: Transport): ClientClass<T> {
  // The package declares `_issueRequest` protected on a base class it does not export; TypeScript cannot
  // name that member on a generic base, so the override is typed on a plain constructor and cast back.
  const Base = Client as unknown as new (options: IVssRestClientOptions) => object;
  class Routed extends Base {
    _issueRequest(requestUrl: string, apiVersion: string, requestParams: RestClientRequestParams): Promise<unknown> {
      return transport.issueForClient(requestUrl, apiVersion, requestParams);
    }
  }
  Object.defineProperty(Routed, "name", { value: `Routed${Client.name}` });
  return Routed as unknown as ClientClass<T>;
}

/** An instance of `Client` rooted at `rootPath` (which must end with "/": the package appends routes to it). */
export function createRoutedClient<T>(Client: ClientClass<T>, rootPath: string, transport: Transport): T {
  const root = rootPath.endsWith("/") ? rootPath : `${rootPath}/`;
  return new (routedThrough(Client, transport))({ rootPath: root });
}
