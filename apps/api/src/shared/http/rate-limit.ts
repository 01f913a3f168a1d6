import { DynamicModule, ExecutionContext, Injectable, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModule } from '@nestjs/throttler';
import { HttpSettings } from './http.settings';
import type { AuthenticatedRequest } from '../../security/access.decorators';
import { ApiProblem } from './api-problem';

const WINDOW_MS = 60_000;

/**
 * Limits each caller to RATE_LIMIT_PER_MINUTE requests in any minute (a sliding window), across all
 * routes, answering `429 RATE_LIMITED` with Retry-After beyond it. Runs after authentication, so the
 * caller is the authenticated principal (many users behind one proxy do not share a budget); a
 * request without one (public routes) counts against its client address. Health probes are exempt
 * (`@SkipThrottle()`); a Server-Sent Events stream is one request, counted once when it opens.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const principal = (request as AuthenticatedRequest).principal;
    // The address as the library normalises it (an IPv6 client counts per /64: it owns the whole block).
    return principal ? `principal:${principal.id}` : `ip:${await super.getTracker(request)}`;
  }

  /** One budget per caller (the library's default key is per caller and route). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return `${throttler}:${tracker}`;
  }

  protected override async throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, limit.timeToBlockExpire);
    throw new ApiProblem('RATE_LIMITED', `More than ${limit.limit} requests in a minute from this caller; retry in ${seconds} s.`, {}, { 'Retry-After': String(seconds) });
  }
}

/** Import it after the module that authenticates: global guards run in the order their modules are imported. */
@Module({})
export class RateLimitModule {
  static forRoot(config: HttpSettings): DynamicModule {
    if (config.rateLimitPerMinute === 0) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      // blockDuration 0: a sliding window. Past the limit a caller waits only until its oldest request
      // leaves the window (Retry-After), instead of being locked out for a whole minute.
      // No X-RateLimit-* headers: their Reset would describe a fixed window this is not; a 429 says when to retry.
      imports: [ThrottlerModule.forRoot({ throttlers: [{ ttl: WINDOW_MS, limit: config.rateLimitPerMinute, blockDuration: 0 }], setHeaders: false })],
      providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
    };
  }
}
