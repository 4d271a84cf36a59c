/**
 * The azure-devops-extension-api clients the gateway uses, loaded after the Node shim.
 *
 * Only area sub-paths are imported (`/Core`, `/Git`, …): the package root and `/Common` load the SDK's AMD
 * build and fail in Node (their Common/Fetch.js needs a `self` and an AMD loader). The base class is not exported under any sub-path, so it is
 * taken from a client's prototype chain (see the package's Core/CoreClient.js: `extends RestClientBase`); its shape is declared here.
 */
import "./node-shim";
import type { IVssRestClientOptions } from "azure-devops-extension-api/Common";
import type { KeepListItem } from "../http/json-list-stream";
import { CoreRestClient } from "azure-devops-extension-api/Core";
import { GitRestClient } from "azure-devops-extension-api/Git";
import { GraphRestClient } from "azure-devops-extension-api/Graph";
import { LocationsRestClient } from "azure-devops-extension-api/Locations";
import { ServiceHooksRestClient } from "azure-devops-extension-api/ServiceHooks";

export { CoreRestClient, GitRestClient, GraphRestClient, LocationsRestClient, ServiceHooksRestClient };
export type { IVssRestClientOptions };

/** Mirrors azure-devops-extension-api's `RestClientRequestParams` (Common/RestClientBase.d.ts). */
export interface RestClientRequestParams {
  routeTemplate: string;
  apiVersion: string;
  routeValues?: Record<string, unknown>;
  body?: unknown;
  queryParams?: Record<string, unknown>;
  method?: string;
  httpResponseType?: string;
  customHeaders?: Record<string, string>;
  returnRawResponse?: boolean;
  isRawData?: boolean;
  command?: string;
  /** Ours (the transport's, not the package's): read a list answer element by element, see http/json-list-stream.ts. */
  keepListItem?: KeepListItem;
}

/** Mirrors the declaration of azure-devops-extension-api's `RestClientBase` (Common/RestClientBase.d.ts). */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- a declaration only: its type is what `RestClientBase` is given.
declare class RestClientBaseShape {
  constructor(options: IVssRestClientOptions);
  protected getRootPath(): Promise<string>;
  protected beginRequest<T>(requestParams: RestClientRequestParams): Promise<T>;
  protected _issueRequest<T>(requestUrl: string, apiVersion: string, requestParams: RestClientRequestParams): Promise<T>;
}

/** azure-devops-extension-api's RestClientBase: extend it for areas the package has no client for. */
export const RestClientBase = Object.getPrototypeOf(CoreRestClient) as typeof RestClientBaseShape;
