/** The error a timed-out statement fails with; classified like mysql2's own query timeout. */
export function queryTimeoutError(timeoutMs: number): Error {
  return Object.assign(new Error(`The statement did not finish within ${timeoutMs} ms`), {
    code: 'PROTOCOL_SEQUENCE_TIMEOUT',
    fatal: true,
  });
}

/** One statement being watched: `done()` must be called once it settled, whichever way. */
export interface InFlight {
  readonly startedAt: number;
  readonly reject: (error: Error) => void;
}

/**
 * Fails statements that run longer than the timeout. mysql2's per-query `timeout` arms and clears a timer on every
 * statement, which the benchmark measured at about a tenth of a warm invocation; this keeps one lazy timer per
 * connection that wakes up at most once per timeout period while statements are in flight.
 *
 * It does not wrap the statement's promise (that cost a promise, two closures and a microtask per query): the caller
 * registers its own `reject` with `start` and calls `done` when the driver answered.
 */
export class QueryWatchdog {
  private readonly inFlight = new Set<InFlight>();
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly timeoutMs: number,
    /** Called once the overdue statements have been failed: the connection must not be used again. */
    private readonly onTimeout: () => void,
  ) {}

  /** `startedAt` is the caller's `performance.now()`, shared with its latency metric (one clock read, not two). */
  start(startedAt: number, reject: (error: Error) => void): InFlight {
    const entry: InFlight = { startedAt, reject };
    this.inFlight.add(entry);
    this.arm(this.timeoutMs);
    return entry;
  }

  done(entry: InFlight): void {
    this.inFlight.delete(entry);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(delayMs: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.check(), delayMs);
    // A pending check must not keep a local process alive; in Lambda the invocation keeps it running anyway.
    this.timer.unref();
  }

  private check(): void {
    this.timer = undefined;
    // A Set iterates in insertion order: the first entry is the oldest statement.
    const oldest = this.inFlight.values().next().value;
    if (!oldest) return;
    const elapsed = performance.now() - oldest.startedAt;
    if (elapsed < this.timeoutMs) {
      this.arm(this.timeoutMs - elapsed);
      return;
    }
    const overdue = [...this.inFlight];
    this.inFlight.clear();
    for (const entry of overdue) entry.reject(queryTimeoutError(this.timeoutMs));
    this.onTimeout();
  }
}
