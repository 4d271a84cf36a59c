/** A user or service principal entitlement as the snapshot's Entitlement (https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get). */
import type { Entitlement } from "../../core/snapshot";
import type { WireEntitlement } from "../rest/wire";

/** AccountLicenseType / AccountUserStatus enum numbers, in case a server answers with numbers (https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get enums). */
const LICENSE_TYPES = ["none", "earlyAdopter", "express", "professional", "advanced", "stakeholder"];
const STATUSES = ["none", "active", "disabled", "deleted", "pending", "expired", "pendingDisabled"];

function enumText(value: string | number | undefined, names: string[]): string {
  if (typeof value === "number") return names[value] ?? String(value);
  return value ?? "none";
}

/** `0001-01-01T00:00:00Z` means "never" (https://learn.microsoft.com/rest/api/azure/devops/memberentitlementmanagement/user-entitlements/get). */
export function accessedDate(value: string | undefined): string | null {
  if (!value || value.startsWith("0001-01-01")) return null;
  return value;
}

export function toEntitlement(wire: WireEntitlement): Entitlement {
  const level = wire.accessLevel ?? {};
  return {
    accessLevel: enumText(level.accountLicenseType, LICENSE_TYPES),
    licenseDisplayName: level.licenseDisplayName ?? "",
    status: enumText(level.status, STATUSES),
    lastAccessedDate: accessedDate(wire.lastAccessedDate),
  };
}
