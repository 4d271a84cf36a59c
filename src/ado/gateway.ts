/**
 * AdoGateway: the one object through which the flows (src/flows) read and write an organization. It owns a
 * Transport (auth, limits, retries, errors, counting) and the REST clients routed through it; nothing outside
 * src/ado sees a client or a URL.
 *
 * CLI:        AdoGateway.forOrganization({ org: parseOrganization(flag), auth: credentialsFromEnv(process.env) })
 *             -> hosts discovered from the organization's resource areas.
 * Extension:  new AdoGateway({ org, auth: <SDK token provider>, hosts: areaId => <location service> })
 *
 * A run (one audit, one hooks read, one apply) gets its own view with `gateway.scoped({ signal, onProgress })`:
 * same credentials, hosts, concurrency limit, throttling pause and request counter, but its own cancellation
 * and progress, so a hub can cancel one run without touching another.
 */
import type { GrantPlan } from "../core/grant/model";
import type { HooksPlan, HooksSnapshot, StepResult } from "../core/hooks/index";
import type { GroupInfo, OrgSnapshot, ProjectInfo } from "../core/snapshot";
import type { AuthProvider } from "./http/auth";
import { credentialPolicyFor } from "./http/credential-policy";
import type { RetryOptions } from "./http/retry-policy";
import { Transport, type FetchFunction, type TransportScope, type TransportStats } from "./http/transport";
import { readHooksSnapshot, type HooksReadOptions } from "./read/hooks";
import type { ReaderContext } from "./read/identity";
import { findIdentity, searchPrincipals, toIdentityRef, type IdentityRef, type PrincipalSuggestion } from "./read/identity-resolution";
import { readSnapshotNaiveWith } from "./read/naive-snapshot";
import { listAllProjects, selectProjects } from "./read/projects";
import { readSnapshot, type SnapshotOptions } from "./read/snapshot";
import { readServiceEvaluation } from "./read/service-evaluation";
import type { NamespaceKey } from "../core/permissions/catalogue";
import type { ServiceEvaluation } from "../core/audit/service-check";
import { readPairedSnapshot, type PairedSnapshot, type PairedSnapshotOptions } from "./read/paired-snapshot";
import type { Organization } from "./organization";
import { memoizedHostResolver, resourceAreaHostResolver, type HostResolver } from "./resource-areas";
import { GatewayClients } from "./rest/gateway-clients";
import { checkCallerCanApply, type CallerCheck } from "./write/caller-check";
import { readResourceTenant } from "./read/resource-tenant";
import { applyPlan, type ApplyOptions, type ApplyOutcome } from "./write/grant";
import { applyHooksPlan, type HooksApplyOptions } from "./write/hooks";

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

/** A run's own cancellation and progress (see `AdoGateway.scoped`). */
export type GatewayScope = TransportScope;

export class AdoGateway {
  readonly organization: Organization;
  private readonly clients: GatewayClients;
  private readonly transport: Transport;
  private readonly hosts: HostResolver;
  private readonly progress: (message: string) => void;

  constructor(options: GatewayOptions);
  /** @internal A scoped view (see `scoped`). */
  constructor(options: GatewayOptions, view: { transport: Transport; hosts: HostResolver });
  constructor(options: GatewayOptions, view?: { transport: Transport; hosts: HostResolver }) {
    this.organization = { name: options.org.name, url: options.org.url.endsWith("/") ? options.org.url : `${options.org.url}/` };
    this.progress = options.onProgress ?? (() => undefined);
    this.transport =
      view?.transport ??
      new Transport({
        auth: options.auth,
        maxConcurrency: options.maxConcurrency,
        retry: options.retry,
        timeoutMs: options.timeoutMs,
        onProgress: this.progress,
        fetch: options.fetch,
        sleep: options.sleep,
        credentialPolicy: credentialPolicyFor(this.organization.url),
      });
    // Hosts are looked up once per gateway, whichever view asks first.
    this.hosts = view?.hosts ?? memoizedHostResolver(options.hosts ?? resourceAreaHostResolver(this.organization, this.transport, this.progress));
    this.clients = new GatewayClients(this.organization, this.hosts, this.transport);
    this.options = options;
  }

  private readonly options: GatewayOptions;

  /** The CLI path: other hosts (Graph, Identities, entitlements) are discovered from the resource areas. */
  static forOrganization(options: Omit<GatewayOptions, "hosts">): AdoGateway {
    return new AdoGateway(options);
  }

  /** This gateway for one run: its requests stop when `scope.signal` aborts, its progress goes to `scope.onProgress`. */
  scoped(scope: GatewayScope): AdoGateway {
    const onProgress = scope.onProgress ?? this.progress;
    return new AdoGateway(
      { ...this.options, onProgress },
      { transport: this.transport.scoped({ signal: scope.signal, onProgress }), hosts: this.hosts },
    );
  }

  /** HTTP requests sent so far by this gateway and all its views, retries included. */
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

  /** Users and service principals matching `text` (display name, sign-in name or mail), for suggestions while typing. */
  async searchIdentities(text: string, max = 8): Promise<PrincipalSuggestion[]> {
    return searchPrincipals(await this.clients.graphLists(), text, max);
  }

  /** The Entra tenant backing the organization; null = not connected to Entra ID; undefined = not readable here. */
  readResourceTenant(): Promise<string | null | undefined> {
    return readResourceTenant(this.transport, this.organization.url);
  }

  /** Projects by name or id (case-insensitive); all projects when `filters` is empty. */
  async resolveProjects(filters: string[]): Promise<ProjectInfo[]> {
    const all = await listAllProjects(await this.clients.core(), this.progress);
    return selectProjects(all, filters, this.organization.name);
  }

  /** Everything the audit and the planner compute from, in a bounded number of requests (see read/snapshot.ts). */
  async readSnapshot(options: SnapshotOptions): Promise<OrgSnapshot> {
    const before = this.requestCount();
    const snapshot = await readSnapshot(this.readerContext(), options);
    this.progress(
      `Read ${snapshot.projects.length} projects and ${snapshot.repositories.length} repositories in ${this.requestCount() - before} requests`,
    );
    return snapshot;
  }

  /** Azure DevOps' own effective bits for the identity, one ACL query per namespace (read/service-evaluation.ts). */
  async readServiceEvaluation(
    descriptor: string,
    namespaces: readonly NamespaceKey[],
    projectIds: readonly string[],
  ): Promise<{ evaluation: ServiceEvaluation; requests: number }> {
    const before = this.requestCount();
    const evaluation = await readServiceEvaluation(this.readerContext(), descriptor, namespaces, projectIds);
    return { evaluation, requests: this.requestCount() - before };
  }

  /**
   * Two identities' snapshots and the subscriptions in scope from one read of the organization (a migration):
   * only the identities' own lookups and entitlements are read twice (read/paired-snapshot.ts).
   */
  async readPairedSnapshot(options: PairedSnapshotOptions): Promise<PairedSnapshot> {
    const before = this.requestCount();
    const paired = await readPairedSnapshot(this.readerContext(), options);
    this.progress(
      `Read ${paired.to.projects.length} projects and ${paired.to.repositories.length} repositories for both identities in ${this.requestCount() - before} requests`,
    );
    return paired;
  }

  /** For the benchmark only: the same snapshot, read one project and one repository at a time. */
  readSnapshotNaive(options: SnapshotOptions): Promise<OrgSnapshot> {
    return readSnapshotNaiveWith(this.readerContext(), options);
  }

  /** Everything the hooks analysis needs: projects, repositories, subscriptions, delivery history, visibility. */
  readHooksSnapshot(options: HooksReadOptions = {}): Promise<HooksSnapshot> {
    return readHooksSnapshot(
      {
        organization: this.organization,
        clients: this.clients,
        resolveProjects: (filters) => this.resolveProjects(filters),
        resolveIdentity: (query) => this.resolveIdentity(query),
      },
      { onProgress: this.progress, ...options },
    );
  }

  /** May the signed-in caller make the plan's writes? (write/caller-check.ts) */
  checkCallerCanApply(plan: GrantPlan, groups: readonly GroupInfo[]): Promise<CallerCheck> {
    return checkCallerCanApply(this.clients, plan, groups);
  }

  /** Writes a grant plan, a few writes at a time, starting none after the first failure (write/grant.ts). */
  applyGrantPlan(plan: GrantPlan, options: ApplyOptions = {}): Promise<ApplyOutcome> {
    return applyPlan(this.clients, plan, options);
  }

  /** Applies a hooks clean-up plan, re-checking each subscription right before its write (write/hooks.ts). */
  applyHooksPlan(plan: HooksPlan, options: HooksApplyOptions = {}): Promise<StepResult[]> {
    return applyHooksPlan(this.clients, plan, { onProgress: this.progress, ...options });
  }

  private readerContext(): ReaderContext {
    return { clients: this.clients, progress: this.progress };
  }
}
