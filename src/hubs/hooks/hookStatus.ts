/** The azure-devops-ui Status shown for each hook state, visibility and delivery result. Presentation only. */
import { Statuses, type IStatusProps } from "azure-devops-ui/Status";
import type { HookSeverity, HookState, NotificationResult, SubscriptionVisibility } from "../../core/hooks/index";

/** The icon of a subscription follows the analysis' severity, so a red icon always means "must be fixed". */
export const SEVERITY_STATUS: Readonly<Record<HookSeverity, IStatusProps>> = {
  ok: Statuses.Success,
  warning: Statuses.Warning,
  error: Statuses.Failed,
};

export const STATE_STATUS: Readonly<Record<HookState, IStatusProps>> = {
  healthy: Statuses.Success,
  failing: Statuses.Failed,
  onProbation: Statuses.Warning,
  disabledByUser: Statuses.Canceled,
  disabledBySystem: Statuses.Failed,
  disabledByInactiveIdentity: Statuses.Failed,
  duplicate: Statuses.Warning,
  unknownStatus: Statuses.Information,
};

export const VISIBILITY_STATUS: Readonly<Record<SubscriptionVisibility, IStatusProps>> = {
  visible: Statuses.Success,
  cannotSee: Statuses.Failed,
  unchecked: Statuses.Warning,
};

export const RESULT_STATUS: Readonly<Record<NotificationResult | "unknown", IStatusProps>> = {
  succeeded: Statuses.Success,
  failed: Statuses.Failed,
  pending: Statuses.Queued,
  filtered: Statuses.Skipped,
  unknown: Statuses.Information,
};
