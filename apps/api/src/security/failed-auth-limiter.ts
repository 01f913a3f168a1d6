import { Inject, Injectable } from '@nestjs/common';
import { SECURITY_SETTINGS, SecuritySettings } from './security.settings';

const WINDOW_MS = 60_000;
/** Addresses tracked at once; past it the one that failed least recently is forgotten (memory stays bounded under a spray of addresses). */
const MAX_ADDRESSES = 10_000;

/**
 * Guessing credentials: past AUTH_FAILURES_PER_MINUTE failed authentications from one client address
 * in a sliding minute, every credentialed request from it is refused (429) until the oldest failure
 * leaves the window, a correct credential included: otherwise a guesser would still learn which guess
 * was right. Checked before the credential, so a flood costs no hashing or JWKS lookups.
 */
@Injectable()
export class FailedAuthLimiter {
  private readonly limit: number;
  /** Per address, the times (monotonic ms) of its failures in the window, oldest first; Map order = least recently failed first. */
  private readonly failures = new Map<string, number[]>();

  constructor(@Inject(SECURITY_SETTINGS.token) config: SecuritySettings) {
    this.limit = config.authFailuresPerMinute;
  }

  /** Seconds until the address may try again; undefined when it may now. */
  retryAfter(address: string, now = performance.now()): number | undefined {
    if (this.limit === 0) return undefined;
    const times = this.recent(address, now);
    if (times.length < this.limit) return undefined;
    return Math.max(1, Math.ceil((times[0] + WINDOW_MS - now) / 1000));
  }

  recordFailure(address: string, now = performance.now()): void {
    if (this.limit === 0) return;
    const times = this.recent(address, now);
    times.push(now);
    // Re-inserted, so the Map stays ordered by last failure.
    this.failures.delete(address);
    this.failures.set(address, times.slice(-this.limit));
    if (this.failures.size > MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(address: string, now: number): number[] {
    const times = this.failures.get(address);
    if (!times) return [];
    const kept = times.filter((at) => at > now - WINDOW_MS);
    if (kept.length === 0) this.failures.delete(address);
    return kept;
  }
}
