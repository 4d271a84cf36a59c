/**
 * What every flow takes besides the gateway: the run's cancellation, where its progress goes, and the clock
 * (findings such as "idle for 80 days" are measured against it). The faces translate these: the CLI prints
 * progress on stderr and has no cancel; a hub shows a progress bar and a Cancel button.
 */
import { AdoError, type AdoGateway } from "../ado";

export interface FlowProgress {
  /** One line for people, e.g. "Reading repositories of Analytics". */
  message: string;
  /** Work done so far out of `total`, when the step can count it (applying changes). */
  completed?: number;
  total?: number;
  /** HTTP requests sent so far by the gateway. */
  requests?: number;
}

export interface FlowContext {
  /** Aborting it stops the run's requests; the flow then rejects with a `cancelled` AdoError. */
  signal?: AbortSignal;
  onProgress?: (progress: FlowProgress) => void;
  /** Default: the system clock. */
  now?: () => Date;
}

/** The flow's own view of the gateway: its requests follow the context's signal, its messages the context's progress. */
export function scopedGateway(gateway: AdoGateway, context: FlowContext): AdoGateway {
  let scoped: AdoGateway | undefined = undefined;
  const onProgress = context.onProgress;
  scoped = gateway.scoped({
    signal: context.signal,
    onProgress: onProgress && ((message: string) => onProgress({ message, requests: scoped?.requestCount() })),
  });
  return scoped;
}

export function report(context: FlowContext, gateway: AdoGateway, message: string): void {
  context.onProgress?.({ message, requests: gateway.requestCount() });
}

export function nowOf(context: FlowContext): Date {
  return (context.now ?? (() => new Date()))();
}

/** Between steps: stop once the run was cancelled, even if the last request had already answered. */
export function throwIfCancelled(context: FlowContext): void {
  if (context.signal?.aborted) throw new AdoError("cancelled", "Cancelled.");
}
