/**
 * An organization as the gateway read it: plain data, no I/O, no SDK types. Everything in src/core
 * computes from this. Descriptors here are always *identity* descriptors
 * (`Microsoft.TeamFoundation.Identity;S-1-9-…`, `Microsoft.IdentityModel.Claims.ClaimsIdentity;tenant\upn`),
 * which is what ACEs are keyed by; Graph subject descriptors (`aad.…`, `vssgp.…`) are kept alongside.
 */
import type { NamespaceKey } from "./permissions/catalogue";

export interface AccessControlEntry {
  descriptor: string;
  allow: number;
  deny: number;
}

export interface AccessControlList {
  token: string;
  inheritPermissions: boolean;
  /** Keyed by identity descriptor exactly as the service returned it (compare case-insensitively). */
  acesDictionary: Record<string, AccessControlEntry>;
}

export type AccessLevel = "none" | "earlyAdopter" | "express" | "professional" | "advanced" | "stakeholder" | string;

export interface Entitlement {
  /** `accessLevel.accountLicenseType`: express = Basic, advanced = Basic + Test Plans, stakeholder, … */
  accessLevel: AccessLevel;
  /** `accessLevel.licenseDisplayName`, e.g. "Basic". */
  licenseDisplayName: string;
  /** `accessLevel.status`: active, disabled, deleted, pending, expired, pendingDisabled, none. */
  status: string;
  /** ISO timestamp; null when the service reports `0001-01-01T00:00:00Z` (never signed in). */
  lastAccessedDate: string | null;
}

export interface IdentitySnapshot {
  /** Identity storage key (VSID). */
  id: string;
  displayName: string;
  principalName: string;
  kind: "user" | "servicePrincipal";
  descriptor: string;
  subjectDescriptor: string;
  isActive: boolean;
  /** Direct parents (identity descriptors). Transitive ones come from GroupInfo.memberOf. */
  memberOf: string[];
  /** Undefined when the entitlement could not be read (reported as a finding, not a crash). */
  entitlement?: Entitlement;
}

export type WellKnownGroup =
  "projectCollectionAdministrators" | "projectCollectionValidUsers" | "projectAdministrators" | "projectValidUsers" | "readers" | "contributors";

export interface GroupInfo {
  descriptor: string;
  subjectDescriptor?: string;
  /** `[Analytics]\Readers`, `[contoso]\Project Collection Administrators`. */
  principalName: string;
  displayName: string;
  /** The project the group belongs to; null for organization-level and Entra groups. */
  projectId: string | null;
  wellKnown?: WellKnownGroup;
  /** Direct parents (identity descriptors). */
  memberOf: string[];
}

export interface ProjectInfo {
  id: string;
  name: string;
  visibility: "private" | "public" | string;
}

export interface RepositoryInfo {
  id: string;
  name: string;
  projectId: string;
  isDisabled: boolean;
}

export interface OrgSnapshot {
  organization: { name: string; url: string };
  identity: IdentitySnapshot;
  /** Every group the identity is (transitively) in, plus the well-known groups of each project. */
  groups: GroupInfo[];
  projects: ProjectInfo[];
  repositories: RepositoryInfo[];
  /** Every ACL of each namespace the audit reads (the gateway reads them recursively from the root). */
  acls: Record<NamespaceKey, AccessControlList[]>;
  /**
   * Cells (planner cell keys: `projectId|repositoryId|permission`, lower-cased) that Azure DevOps' own evaluation
   * says are allowed although the ACLs and memberships read here do not explain it (core/audit/service-check.ts).
   * The planner never writes them. Absent when the service was not asked.
   */
  alreadyEffective?: readonly string[];
}
