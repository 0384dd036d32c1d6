/**
 * How often a container may force a credential refresh while the database keeps refusing fresh credentials (a wrong
 * secret, a rotation stuck between setSecret and finishSecret, an IAM policy not yet in effect). Without a bound every
 * failing request costs a forced AWSCURRENT fetch, an AWSPENDING fetch and three refused logins: Secrets Manager
 * calls grow with traffic exactly when nothing can succeed, and MySQL counts every refused login.
 *
 * After a refused refresh the container waits 2 s, then 4, 8, 16, capped at 30 s, before the next one; requests in
 * between fail at once (no fetch, no login) with the time left, which the API returns as Retry-After. One accepted
 * login ends the backoff. Concurrent requests already share one login (ConnectionHolder's single `opening`), so the
 * refresh is single-flight as well as rate-limited.
 */
export const REFRESH_BACKOFF_INITIAL_MS = 2_000;
export const REFRESH_BACKOFF_MAX_MS = 30_000;

export class RefreshBackoff {
  private refusals = 0;
  private notBefore = 0;

  constructor(private readonly clock: () => number) {}

  /** Milliseconds until a forced refresh is allowed again; 0 when it is allowed now. */
  remainingMs(): number {
    return Math.max(0, this.notBefore - this.clock());
  }

  /** Refused refreshes in a row so far. */
  get consecutiveRefusals(): number {
    return this.refusals;
  }

  /** A forced refresh ended refused (or failed): returns how long the next one must wait. */
  refused(): number {
    this.refusals++;
    const waitMs = Math.min(REFRESH_BACKOFF_MAX_MS, REFRESH_BACKOFF_INITIAL_MS * 2 ** (this.refusals - 1));
    this.notBefore = this.clock() + waitMs;
    return waitMs;
  }

  /** A login was accepted: returns the refusals it ends. */
  accepted(): number {
    const ended = this.refusals;
    this.refusals = 0;
    this.notBefore = 0;
    return ended;
  }
}
