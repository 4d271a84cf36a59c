/**
 * AdoGateway: the one object the CLI and the extension use to read an organization. It owns a Transport (auth,
 * limits, retries, errors, counting) and the REST clients routed through it.
 *
 * CLI:        AdoGateway.forOrganization({ org: parseOrganization(flag), auth: credentialsFromEnv(process.env) })
 *             -> hosts discovered from the organization's resource areas.
 * Extension:  new AdoGateway({ org, auth: <SDK token provider>, hosts: areaId => <location service> })
 */
import type { OrgSnapshot, ProjectInfo } from "../core/snapshot";
import type { AuthProvider } from "./http/auth";
import { GatewayClients } from "./rest/gateway-clients";
import type { ReaderContext } from "./read/identity";
import { findIdentity, toIdentityRef, type IdentityRef } from "./read/identity-resolution";
import { readSnapshotNaiveWith } from "./read/naive-snapshot";
import type { Organization } from "./organization";
import { listAllProjects, selectProjects } from "./read/projects";
import { resourceAreaHostResolver, type HostResolver } from "./resource-areas";
import type { RetryOptions } from "./http/retry-policy";
import { readSnapshot, type SnapshotOptions } from "./read/snapshot";
import { Transport, type FetchFunction, type TransportStats } from "./http/transport";

export interface GatewayOptions {
  org: Organization;
  auth: AuthProvider;
  /** Where each resource area lives; default: read from the organization's resource areas. */
  hosts?: HostResolver;
  /** Requests in flight at once (default 4). */
  maxConcurrency?: number;
  retry?: RetryOptions;
  /** Per-request timeout in ms (default 60 s). */
  timeoutMs?: number;
  /** Progress for people (the CLI prints it on stderr). */
  onProgress?: (message: string) => void;
  /** For tests. */
  fetch?: FetchFunction;
  sleep?: (ms: number) => Promise<void>;
}

export class AdoGateway {
  readonly organization: Organization;
  /** The routed REST clients, for commands that need more than reads (grant, hooks). */
  readonly clients: GatewayClients;
  private readonly transport: Transport;
  private readonly progress: (message: string) => void;

  constructor(options: GatewayOptions) {
    this.organization = { name: options.org.name, url: options.org.url.endsWith("/") ? options.org.url : `${options.org.url}/` };
    this.progress = options.onProgress ?? (() => undefined);
    this.transport = new Transport({
      auth: options.auth,
      maxConcurrency: options.maxConcurrency,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      onProgress: this.progress,
      fetch: options.fetch,
      sleep: options.sleep,
    });
    const hosts = options.hosts ?? resourceAreaHostResolver(this.organization, this.transport, this.progress);
    this.clients = new GatewayClients(this.organization, hosts, this.transport);
  }

  /** The CLI path: other hosts (Graph, Identities, entitlements) are discovered from the resource areas. */
  static forOrganization(options: Omit<GatewayOptions, "hosts">): AdoGateway {
    return new AdoGateway(options);
  }

  /** HTTP requests sent so far, retries included. */
  requestCount(): number {
    return this.transport.stats().requests;
  }

  stats(): TransportStats {
    return this.transport.stats();
  }

  /** The one user or service principal `query` names (UPN/e-mail, display name, or descriptor). */
  async resolveIdentity(query: string): Promise<IdentityRef> {
    const identities = await this.clients.identities();
    return toIdentityRef(await findIdentity(identities, query, this.organization.name, "None"));
  }

  /** Projects by name or id (case-insensitive); all projects when `filters` is empty. */
  async resolveProjects(filters: string[]): Promise<ProjectInfo[]> {
    const all = await listAllProjects(await this.clients.core(), this.progress);
    return selectProjects(all, filters, this.organization.name);
  }

  /** Everything the audit computes from, in a bounded number of requests (see read/snapshot.ts). */
  async readSnapshot(options: SnapshotOptions): Promise<OrgSnapshot> {
    const before = this.requestCount();
    const snapshot = await readSnapshot(this.readerContext(), options);
    this.progress(`Read ${snapshot.projects.length} projects and ${snapshot.repositories.length} repositories in ${this.requestCount() - before} requests`);
    return snapshot;
  }

  /** @internal What the snapshot readers work with (used by readSnapshotNaive). */
  readerContext(): ReaderContext {
    return { clients: this.clients, progress: this.progress };
  }
}

/** For the benchmark only: the same snapshot, read one project and one repository at a time. */
export function readSnapshotNaive(gateway: AdoGateway, options: SnapshotOptions): Promise<OrgSnapshot> {
  return readSnapshotNaiveWith(gateway.readerContext(), options);
}
