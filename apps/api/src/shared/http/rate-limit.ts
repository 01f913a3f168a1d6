import { DynamicModule, ExecutionContext, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import { InjectThrottlerStorage, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModule, ThrottlerStorage } from '@nestjs/throttler';
import type { FastifyInstance } from 'fastify';
import { HTTP_SETTINGS, HttpSettings } from './http.settings';
import { problem } from './problem-details.filter';
import type { AuthenticatedRequest } from '../../security/access.decorators';
import { ApiProblem } from './api-problem';

const WINDOW_MS = 60_000;
/** The name of the one throttler: part of every budget's key. */
const THROTTLER = 'default';
const ipTracker = (normalizedIp: string) => `ip:${normalizedIp}`;
const budgetKey = (throttler: string, tracker: string) => `${throttler}:${tracker}`;

/**
 * Public files served by Fastify outside Nest, which the guard never sees: the API documentation
 * (`/docs`, `/docs-json`) and the dashboard's files. A page load of the dashboard fetches each of
 * its few files once, far below any budget.
 */
const PUBLIC_FILES = /^\/(docs|docs-json|dashboard)(\/|\?|$)/;

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
    return principal ? `principal:${principal.id}` : ipTracker(await super.getTracker(request));
  }

  /** One budget per caller (the library's default key is per caller and route). */
  protected override generateKey(_context: ExecutionContext, tracker: string, throttler: string): string {
    return budgetKey(throttler, tracker);
  }

  protected override async throwThrottlingException(_context: ExecutionContext, limit: ThrottlerLimitDetail): Promise<void> {
    throw new ApiProblem('RATE_LIMITED', limited(limit.limit, limit.timeToBlockExpire), {}, { 'Retry-After': String(retryIn(limit.timeToBlockExpire)) });
  }

  /** The budget a request without credentials counts against: its client address. */
  async trackerOf(request: Record<string, any>): Promise<string> {
    return ipTracker(await super.getTracker(request));
  }
}

const retryIn = (seconds: number) => Math.max(1, seconds);
const limited = (limit: number, seconds: number) => `More than ${limit} requests in a minute from this caller; retry in ${retryIn(seconds)} s.`;

/**
 * The same per-address budget for the public files Nest does not route (PUBLIC_FILES): without it,
 * anyone could fetch the 145 KB OpenAPI document or the dashboard's files without limit.
 */
@Injectable()
export class PublicFilesRateLimit implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    @Inject(HTTP_SETTINGS.token) private readonly settings: HttpSettings,
    private readonly guard: RateLimitGuard,
  ) {}

  /** Runs while the app initialises, before Fastify is ready, so the hook covers every route. */
  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    const limit = this.settings.rateLimitPerMinute;
    fastify.addHook('onRequest', async (request, reply) => {
      if (!PUBLIC_FILES.test(request.url)) return;
      // The address as the guard keys it (the library's normalisation: an IPv6 client counts per /64).
      const tracker = await this.guard.trackerOf(request);
      const { isBlocked, timeToBlockExpire } = await this.storage.increment(budgetKey(THROTTLER, tracker), WINDOW_MS, limit, 0, THROTTLER);
      if (!isBlocked) return;
      const body = { ...problem('RATE_LIMITED', limited(limit, timeToBlockExpire)), instance: request.url };
      return reply.status(429).header('Retry-After', String(retryIn(timeToBlockExpire))).header('content-type', 'application/problem+json; charset=utf-8').send(body);
    });
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
      providers: [RateLimitGuard, { provide: APP_GUARD, useExisting: RateLimitGuard }, PublicFilesRateLimit],
    };
  }
}
