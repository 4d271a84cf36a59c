/** Words and status styles the hub shows for report values. Presentation only. */
import { Statuses, type IStatusProps } from "azure-devops-ui/Status";
import type { PermissionKey } from "../../core/permissions/catalogue";
import type { Effective, Finding } from "../../core/audit/report";

export const EFFECTIVE_LABELS: Record<Effective, string> = {
  allow: "Allowed",
  deny: "Denied",
  notSet: "Not set",
};

/** Denied = an explicit deny decides it; Not set = nothing allows it (an implicit deny). */
export const EFFECTIVE_STATUS: Record<Effective, IStatusProps> = {
  allow: Statuses.Success,
  deny: Statuses.Failed,
  notSet: Statuses.Warning,
};

/** Column headers short enough for a matrix; the full action name is in the header's tooltip. */
export const SHORT_PERMISSION_LABELS: Record<PermissionKey, string> = {
  GENERIC_READ: "View project",
  ViewSubscriptions: "View hooks",
  EditSubscriptions: "Edit hooks",
  DeleteSubscriptions: "Delete hooks",
  GenericRead: "Read",
  GenericContribute: "Contribute",
  PullRequestContribute: "Contribute to PRs",
};

export const FINDING_SEVERITY_ORDER: Record<Finding["severity"], number> = { error: 0, warning: 1, info: 2 };

export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
