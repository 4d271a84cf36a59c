/**
 * One routed client per API family, created on first use at the host its resource area names. Core, Security
 * and Service hooks live on the organization URL itself (the security and hooks specs declare no resource
 * area (https://learn.microsoft.com/azure/devops/extend/develop/work-with-urls)).
 */
import { CoreRestClient, GitRestClient, GraphRestClient, ServiceHooksRestClient } from "./api-clients";
import { MemberEntitlementsRestClient } from "./entitlements-client";
import { GitListsRestClient } from "./git-lists-client";
import { GraphListsRestClient } from "./graph-lists-client";
import { IdentitiesRestClient } from "./identities-client";
import { SecurityRestClient } from "./security-client";
import type { Organization } from "../organization";
import { RESOURCE_AREAS, withTrailingSlash, type HostResolver } from "../resource-areas";
import { createRoutedClient, type ClientClass } from "./routed-clients";
import type { Transport } from "../http/transport";

export class GatewayClients {
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(
    readonly organization: Organization,
    private readonly hosts: HostResolver,
    private readonly transport: Transport,
  ) {}

  core(): Promise<CoreRestClient> {
    return this.onOrganizationHost("core", CoreRestClient);
  }

  security(): Promise<SecurityRestClient> {
    return this.onOrganizationHost("security", SecurityRestClient);
  }

  /**
   * The same clients on a transport that does not retry a timed-out request: for the reads of a whole
   * namespace or of every repository at once, which fall back to one read per project instead of waiting for
   * the same large answer again (read/namespace-acls.ts, read/repositories.ts).
   */
  forLargeReads(): GatewayClients {
    this.largeReads ??= new GatewayClients(this.organization, this.hosts, this.transport.withoutTimeoutRetries());
    return this.largeReads;
  }

  private largeReads: GatewayClients | undefined;

  serviceHooks(): Promise<ServiceHooksRestClient> {
    return this.onOrganizationHost("serviceHooks", ServiceHooksRestClient);
  }

  git(): Promise<GitRestClient> {
    return this.onArea("git", RESOURCE_AREAS.git, GitRestClient);
  }

  gitLists(): Promise<GitListsRestClient> {
    return this.onArea("gitLists", RESOURCE_AREAS.git, GitListsRestClient);
  }

  graph(): Promise<GraphRestClient> {
    return this.onArea("graph", RESOURCE_AREAS.graph, GraphRestClient);
  }

  graphLists(): Promise<GraphListsRestClient> {
    return this.onArea("graphLists", RESOURCE_AREAS.graph, GraphListsRestClient);
  }

  identities(): Promise<IdentitiesRestClient> {
    return this.onArea("identities", RESOURCE_AREAS.ims, IdentitiesRestClient);
  }

  entitlements(): Promise<MemberEntitlementsRestClient> {
    return this.onArea("entitlements", RESOURCE_AREAS.memberEntitlementManagement, MemberEntitlementsRestClient);
  }

  /**
   * A routed client of a class of the caller's own (commands with endpoints of their own, e.g. grant): on the
   * organization's host, or on the host of resource area `areaId`. Same transport, so same auth, limits and retries.
   */
  custom<T>(key: string, Client: ClientClass<T>, areaId?: string): Promise<T> {
    return areaId === undefined ? this.onOrganizationHost(`custom:${key}`, Client) : this.onArea(`custom:${key}`, areaId, Client);
  }

  private onOrganizationHost<T>(key: string, Client: ClientClass<T>): Promise<T> {
    return this.memo(key, async () => createRoutedClient(Client, this.organization.url, this.transport));
  }

  private onArea<T>(key: string, areaId: string, Client: ClientClass<T>): Promise<T> {
    return this.memo(key, async () => createRoutedClient(Client, withTrailingSlash(await this.hosts(areaId)), this.transport));
  }

  private memo<T>(key: string, create: () => Promise<T>): Promise<T> {
    let client = this.cache.get(key) as Promise<T> | undefined;
    if (!client) {
      client = create();
      // Do not cache a failed host lookup: a later call may succeed.
      client.catch(() => this.cache.delete(key));
      this.cache.set(key, client);
    }
    return client;
  }
}
