/** One heartbeat attempt as the meter saw it. Times are epoch milliseconds. */
export interface AttemptRecord {
  readonly seq: number;
  readonly startedAt: number;
  readonly endedAt: number;
  /** True only when the write returned success: the heartbeat is then "acknowledged". */
  readonly acknowledged: boolean;
  /** The DB `@@hostname` reported with a successful write. */
  readonly host?: string;
  /** Short failure reason (`HTTP 503`, `timed out after 2000 ms`, `ECONNREFUSED`); never a secret. */
  readonly error?: string;
}

/** A heartbeat row read back after the run. */
export interface HeartbeatRow {
  readonly seq: number;
  readonly host?: string;
  readonly createdAt?: string;
}

/** Outcome of reading every heartbeat of the run back from the database. */
export type LossCheckResult =
  | { readonly kind: 'read'; readonly rows: readonly HeartbeatRow[] }
  | { readonly kind: 'failed'; readonly error: string };
