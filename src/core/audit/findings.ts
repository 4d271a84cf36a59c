/**
 * What can break the integration outside ACLs: the access level, the entitlement's status, and how long the
 * identity has gone without signing in.
 *
 * - Stakeholder access has no access to code in private projects, whatever the ACLs say (https://learn.microsoft.com/azure/devops/repos/git/set-git-repository-permissions).
 * - dbt Cloud refreshes the service user's authentication on every run; after more than 90 days without
 *   any run an admin must disconnect and reconnect the service user in dbt Cloud (https://docs.getdbt.com/docs/cloud/git/setup-azure, "Service user
 *   authentication expiration"]. `lastAccessedDate` is the closest signal Azure DevOps gives (inferred, not documented).
 * - A service principal signs in with its own client credentials, so that 90-day limit is about OAuth
 *   users; for a service principal unused for more than 90 days the only finding is a warning that dbt Cloud may be using
 *   another identity (`inactive-service-principal`; inferred, not documented).
 */
import type { Finding } from "./report";
import type { IdentitySnapshot } from "../snapshot";

const DAY_MS = 24 * 60 * 60 * 1000;
export const INACTIVE_WARNING_DAYS = 75;
export const INACTIVE_ERROR_DAYS = 90;

export type FindingsSubject = Pick<IdentitySnapshot, "displayName" | "principalName" | "kind" | "entitlement">;

export function entitlementFindings(identity: FindingsSubject, now: Date): Finding[] {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new Error("entitlementFindings needs a valid `now` date");
  const who = identity.principalName ? `${identity.displayName} (${identity.principalName})` : identity.displayName;
  const entitlement = identity.entitlement;
  if (entitlement === undefined) {
    return [
      {
        id: "entitlement-unknown",
        severity: "warning",
        message:
          `The access level of ${who} could not be read, so its license and last sign-in were not checked. ` +
          "Check it under Organization settings → Users, or check again as someone who may read user entitlements (vso.memberentitlementmanagement).",
      },
    ];
  }

  const findings: Finding[] = [];
  if (entitlement.accessLevel.toLowerCase() === "stakeholder") {
    findings.push({
      id: "stakeholder-access-level",
      severity: "error",
      message:
        `${who} has the Stakeholder access level, which cannot read code in private projects whatever its permissions say. ` +
        "Assign it Basic (or higher) in Organization settings → Users.",
    });
  }
  if (entitlement.status.toLowerCase() !== "active") {
    findings.push({
      id: "entitlement-not-active",
      severity: "error",
      message:
        `The ${entitlement.licenseDisplayName || entitlement.accessLevel} access level of ${who} is "${entitlement.status}", not active, ` +
        "so it cannot use Azure DevOps. Reactivate or reassign its access level in Organization settings → Users.",
    });
  }

  // A service principal gets its token with client credentials: no refresh token idles out and nobody signs in
  // interactively, so "never signed in" and the 90-day sign-in limit are service-user findings only
  // (https://learn.microsoft.com/azure/devops/integrate/get-started/authentication/service-principal-managed-identity).
  if (entitlement.lastAccessedDate === null) {
    if (identity.kind !== "servicePrincipal") {
      findings.push({
        id: "never-signed-in",
        severity: "warning",
        message: `${who} has never signed in to Azure DevOps. Sign in once as this user, then link it in dbt Cloud (Link Azure Service User).`,
      });
    }
    return findings;
  }

  const last = Date.parse(entitlement.lastAccessedDate);
  if (Number.isNaN(last)) throw new Error(`Invalid lastAccessedDate "${entitlement.lastAccessedDate}" for ${who}`);
  const days = (now.getTime() - last) / DAY_MS;
  if (days > INACTIVE_WARNING_DAYS) {
    const whole = Math.floor(days);
    if (identity.kind === "servicePrincipal") {
      if (days > INACTIVE_ERROR_DAYS) {
        findings.push({
          id: "inactive-service-principal",
          severity: "warning",
          message:
            `${who} has not accessed Azure DevOps for ${whole} days, so dbt Cloud may be using another identity. ` +
            "Check the Application (client) ID in dbt Cloud's Azure DevOps integration settings.",
        });
      }
    } else if (days > INACTIVE_ERROR_DAYS) {
      findings.push({
        id: "inactive-service-user",
        severity: "error",
        message:
          `${who} has not signed in for ${whole} days. dbt Cloud needs a run at least every ${INACTIVE_ERROR_DAYS} days to keep its ` +
          "authentication alive, so headless actions (deployment runs, CI) have stopped: sign in as the service user, then disconnect " +
          "and reconnect it in dbt Cloud (Link Azure Service User).",
      });
    } else {
      findings.push({
        id: "inactive-service-user",
        severity: "warning",
        message:
          `${who} has not signed in for ${whole} days. dbt Cloud needs a run at least every ${INACTIVE_ERROR_DAYS} days to keep its ` +
          `authentication alive: trigger a run, or sign in and reconnect the service user in dbt Cloud within ${Math.ceil(INACTIVE_ERROR_DAYS - days)} days.`,
      });
    }
  }
  return findings;
}
