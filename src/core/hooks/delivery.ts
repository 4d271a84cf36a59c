/**
 * How a subscription's recent deliveries went, from its notification history
 * (`GET …/subscriptions/{id}/notifications` (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/hooks/7.1)): counts, the last result, and the last failure
 * with its error and date.
 */
import { instant, type HookNotification, type HookSubscription } from "./model";

export type NotificationResult = "pending" | "succeeded" | "failed" | "filtered";

/** `NotificationResult` (https://github.com/MicrosoftDocs/vsts-rest-api-specs/tree/master/specification/hooks/7.1 enum) and its numeric values (0, 10, 20, 30). */
const RESULT_NUMBERS: Readonly<Record<number, NotificationResult>> = { 0: "pending", 10: "succeeded", 20: "failed", 30: "filtered" };
const RESULTS: readonly NotificationResult[] = ["pending", "succeeded", "failed", "filtered"];

export function notificationResult(notification: Pick<HookNotification, "result">): NotificationResult | "unknown" {
  const raw = notification.result;
  if (typeof raw === "number") return RESULT_NUMBERS[raw] ?? "unknown";
  if (typeof raw !== "string") return "unknown";
  return RESULTS.find((result) => result === raw.trim().toLowerCase()) ?? "unknown";
}

export interface DeliveryFailure {
  /** When the failed delivery was created (ISO). */
  date: string;
  /** The error Azure DevOps recorded, on one line. */
  message: string;
}

export interface DeliveryHealth {
  /** False when the history was not read (then every count is 0 and nothing is known). */
  historyRead: boolean;
  /** Deliveries in the history that was read. */
  recent: number;
  succeeded: number;
  failed: number;
  /** Not completed yet. */
  pending: number;
  /** The newest delivery that finished (succeeded or failed); filtered and pending ones tell nothing. */
  lastResult?: "succeeded" | "failed";
  lastDeliveryDate?: string;
  lastSuccessDate?: string;
  lastFailure?: DeliveryFailure;
}

const MAX_MESSAGE = 240;

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat;
}

/** The most telling error text of a failed delivery: its message, else its detail, else the response's first line. */
export function failureMessage(notification: HookNotification): string {
  const details = notification.details ?? {};
  for (const text of [details.errorMessage, details.errorDetail, details.response?.split(/\r?\n/, 1)[0]]) {
    if (typeof text === "string" && text.trim() !== "") return oneLine(text);
  }
  return "no error message was recorded";
}

function deliveryDate(notification: HookNotification): string | undefined {
  return notification.createdDate ?? notification.details?.completedDate ?? notification.modifiedDate;
}

/** Newest first; undated deliveries last, then by id (notification ids grow over time [C: int ids]). */
function newestFirst(a: HookNotification, b: HookNotification): number {
  const byDate = (instant(deliveryDate(b)) ?? -Infinity) - (instant(deliveryDate(a)) ?? -Infinity);
  return byDate !== 0 && !Number.isNaN(byDate) ? byDate : b.id - a.id;
}

export function deliveryHealth(subscription: HookSubscription, history: readonly HookNotification[] | undefined): DeliveryHealth {
  const lastSuccessfulAttempt = subscription.lastSuccessfulAttemptDate;
  if (history === undefined) {
    return {
      historyRead: false,
      recent: 0,
      succeeded: 0,
      failed: 0,
      pending: 0,
      ...(lastSuccessfulAttempt ? { lastSuccessDate: lastSuccessfulAttempt } : {}),
    };
  }
  const sorted = [...history].sort(newestFirst);
  const results = sorted.map((notification) => notificationResult(notification));
  const health: DeliveryHealth = {
    historyRead: true,
    recent: sorted.length,
    succeeded: results.filter((result) => result === "succeeded").length,
    failed: results.filter((result) => result === "failed").length,
    pending: results.filter((result) => result === "pending").length,
  };
  const lastFinished = sorted.findIndex((_, index) => results[index] === "succeeded" || results[index] === "failed");
  if (lastFinished >= 0) {
    health.lastResult = results[lastFinished] as "succeeded" | "failed";
    const date = deliveryDate(sorted[lastFinished]!);
    if (date) health.lastDeliveryDate = date;
  }
  const lastSuccess = sorted.find((_, index) => results[index] === "succeeded");
  const successDate = (lastSuccess && deliveryDate(lastSuccess)) ?? lastSuccessfulAttempt;
  if (successDate) health.lastSuccessDate = successDate;
  const lastFailure = sorted.find((_, index) => results[index] === "failed");
  if (lastFailure) health.lastFailure = { date: deliveryDate(lastFailure) ?? "unknown date", message: failureMessage(lastFailure) };
  return health;
}
