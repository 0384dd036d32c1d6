import { sleep } from '../drill/failover';

/** Time as alert-path sees it; specs pass a fake one so that a 120 s timeout takes no time at all. */
export interface Clock {
  now(): number;
  /** Resolves after `milliseconds`, or at once when `signal` aborts. */
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = { now: () => Date.now(), sleep };
