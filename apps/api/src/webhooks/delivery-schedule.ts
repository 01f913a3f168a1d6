/** How long a delivery is retried and how the waits between attempts grow. */
export interface RetryPolicy {
  readonly retryForMs: number;
  readonly backoffMinMs: number;
  readonly backoffMaxMs: number;
}

/**
 * The wait before the next attempt after `failures` failed ones: exponential (min, 2 min, 4 min, …
 * up to max) with jitter of ±50%, so receivers that failed together are not retried in lockstep.
 */
export const backoffMs = (failures: number, policy: RetryPolicy, random: () => number = Math.random): number => {
  const base = Math.min(policy.backoffMaxMs, policy.backoffMinMs * 2 ** Math.min(failures - 1, 40));
  return Math.round(Math.min(policy.backoffMaxMs, base * (0.5 + random())));
};

export type RetryDecision = { readonly retryAt: number } | { readonly park: true };

/** After a failed attempt: retry when the next attempt still falls within the retry window, else park. */
export const afterFailure = (failures: number, now: number, retryUntil: number, policy: RetryPolicy, random: () => number = Math.random): RetryDecision => {
  const retryAt = now + backoffMs(failures, policy, random);
  return retryAt > retryUntil ? { park: true } : { retryAt };
};
