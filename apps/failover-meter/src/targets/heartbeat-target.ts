import type { HeartbeatRow } from '../report/attempt';

/** What a heartbeat write reports back when it succeeded. */
export interface HeartbeatAcknowledgement {
  /** The DB `@@hostname` that took the write. */
  readonly host?: string;
}

/** Where heartbeats go: through the API, or straight at the DB or the proxy. */
export interface HeartbeatTarget {
  /** Names the target for the report; never contains a secret. */
  readonly description: string;
  /** Resolves only when the write is acknowledged; rejects with a short reason otherwise. */
  write(runId: string, seq: number, signal: AbortSignal): Promise<HeartbeatAcknowledgement>;
  /** Every heartbeat row stored for the run. */
  readBack(runId: string, signal: AbortSignal): Promise<HeartbeatRow[]>;
  close(): Promise<void>;
}

/** A target that failed in a way a person can act on (HTTP status, malformed reply). */
export class HeartbeatRequestError extends Error {
  override readonly name = 'HeartbeatRequestError';
}
