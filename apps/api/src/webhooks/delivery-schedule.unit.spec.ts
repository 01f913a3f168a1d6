import { afterFailure, backoffMs, RetryPolicy } from './delivery-schedule';

const policy: RetryPolicy = { retryForMs: 60_000, backoffMinMs: 1_000, backoffMaxMs: 30_000 };

describe('webhook retry schedule', () => {
  it('doubles the wait after every failure, up to the maximum', () => {
    const middle = () => 0.5; // no jitter
    expect([1, 2, 3, 4, 5, 6, 50].map((n) => backoffMs(n, policy, middle))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('jitters each wait between half and one and a half times, never past the maximum', () => {
    expect(backoffMs(3, policy, () => 0)).toBe(2_000);
    expect(backoffMs(3, policy, () => 0.999999)).toBe(6_000);
    expect(backoffMs(6, policy, () => 0.999999)).toBe(30_000);
  });

  it('retries while the next attempt falls within the retry window, then parks', () => {
    const now = 1_000_000;
    expect(afterFailure(1, now, now + 5_000, policy, () => 0.5)).toEqual({ retryAt: now + 1_000 });
    expect(afterFailure(3, now, now + 4_000, policy, () => 0.5)).toEqual({ retryAt: now + 4_000 });
    expect(afterFailure(4, now, now + 4_000, policy, () => 0.5)).toEqual({ park: true });
    expect(afterFailure(1, now, now, policy, () => 0)).toEqual({ park: true });
  });
});
