import { REFRESH_BACKOFF_MAX_MS, RefreshBackoff } from './refresh-backoff';

describe('RefreshBackoff', () => {
  it('doubles the wait from 2 s after each refused refresh, up to 30 s', () => {
    const backoff = new RefreshBackoff(() => 0);

    const waits = Array.from({ length: 7 }, () => backoff.refused());

    expect(waits).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoff.remainingMs()).toBe(REFRESH_BACKOFF_MAX_MS);
  });

  it('allows the next refresh once the wait has passed, and one accepted login starts over', () => {
    let now = 0;
    const backoff = new RefreshBackoff(() => now);
    backoff.refused();
    now = 2_000;
    backoff.refused();

    now = 5_999;
    expect(backoff.remainingMs()).toBe(1);
    now = 6_000;
    expect(backoff.remainingMs()).toBe(0);
    expect(backoff.accepted()).toBe(2);
    expect([backoff.consecutiveRefusals, backoff.refused()]).toEqual([0, 2_000]);
  });
});
