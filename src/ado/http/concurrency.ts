/**
 * A counting semaphore: at most `max` tasks hold a slot at once, the rest wait in FIFO order.
 * Azure DevOps meters each identity (https://learn.microsoft.com/azure/devops/integrate/concepts/rate-limits), so the gateway keeps few requests in flight.
 */
export class ConcurrencyLimit {
  private active = 0;
  private peak = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`maxConcurrency must be a whole number >= 1, got ${max}`);
  }

  /** Resolves with a release function once a slot is free. Call the release function exactly once. */
  async acquire(): Promise<() => void> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    this.peak = Math.max(this.peak, this.active);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // Hand the slot straight to the next waiter, so `active` never dips and a newcomer cannot jump the queue.
      if (next) next();
      else this.active--;
    };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }

  get inFlight(): number {
    return this.active;
  }

  /** The most slots ever held at once. */
  get peakInFlight(): number {
    return this.peak;
  }
}
