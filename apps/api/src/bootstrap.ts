import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { Adapters, openAdapters } from './adapters';
import { AppModule } from './app.module';
import { IssueApiKeys } from './api-keys/issue-api-keys';
import { registerDashboard } from './dashboard/dashboard';
import { AppConfig } from './api-config';
import { Clock } from '@app/application/clock';
import { registerBodyDepthLimit } from './shared/http/body-depth';
import { clientErrorHandler, frameworkErrorHandler } from './shared/http/client-error';
import { registerInFlightLimiter } from './shared/http/in-flight-limiter';
import { ProblemDetailsFilter } from './shared/http/problem-details.filter';
import { registerSecurityHeaders } from './shared/http/security-headers';
import { createValidationPipe } from './shared/http/validation';
import { setupOpenApi } from './openapi';
import { JsonLogger } from './observability/logger';
import { Observability } from './observability/observability';
import { registerHttpObservability } from './observability/http-observability';

export interface CreateAppOptions {
  readonly clock?: Clock;
  readonly logger?: false;
  /**
   * Tests only: wraps the opened adapters before anything uses them (e.g. a store that fails on
   * demand, to prove outages are answered 503 and nothing is lost). Production never sets it.
   */
  readonly adapters?: (opened: Adapters) => Adapters;
  /** The caller prints the first admin key itself, after its own start-up lines (main.ts); otherwise it is printed on start. */
  readonly deferFirstAdminKey?: boolean;
}

/** Builds the HTTP application; `main.ts` listens, the e2e tests drive it with supertest. */
export const createApp = async (config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> => {
  const opened = await openAdapters(config);
  const adapters = options.adapters ? options.adapters(opened) : opened;
  const logger = new JsonLogger(options.logger === false ? 'silent' : config.logLevel);
  const observability = new Observability(config, logger);
  // requestTimeout: a client that trickles its request would otherwise hold one of the MAX_IN_FLIGHT slots for ever.
  // Node only enforces it when given to its server's constructor (Fastify sets it afterwards, which
  // Node 20 ignores), and checks every connectionsCheckingInterval (30 s by default).
  const requestTimeout = { requestTimeout: config.requestTimeoutMs, connectionsCheckingInterval: Math.min(30_000, Math.max(50, Math.floor(config.requestTimeoutMs / 4))) };
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    requestTimeout: config.requestTimeoutMs,
    http: requestTimeout,
    clientErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: 200 },
  });
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, adapters, observability, options.clock), adapter, {
      logger: options.logger === false ? false : logger,
      abortOnError: false,
    });
  } catch (error) {
    // The start's own error is the one reported; a store that also fails to close is logged beside it.
    const closed = await Promise.allSettled([adapters.eventStore.close(), adapters.documents.close(), adapters.idempotency.close(), observability.close()]);
    for (const outcome of closed) if (outcome.status === 'rejected') new Logger('Bootstrap').error(`closing a store after a failed start: ${(outcome.reason as Error)?.stack ?? String(outcome.reason)}`);
    adapters.projectorLock?.release();
    throw error;
  }
  try {
    // First: the load shedder's and the limits' refusals are measured too.
    registerHttpObservability(app.getHttpAdapter().getInstance(), observability.metrics, observability.tracing, logger);
    await registerSecurityHeaders(app, config);
    await registerDashboard(app);
    registerInFlightLimiter(app.getHttpAdapter().getInstance(), config.maxInFlight);
    registerBodyDepthLimit(app.getHttpAdapter().getInstance());
    app.useGlobalPipes(createValidationPipe());
    app.useGlobalFilters(new ProblemDetailsFilter());
    setupOpenApi(app);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  } catch (error) {
    // A start that fails (e.g. the first admin key cannot be written) releases the stores and DATA_DIR;
    // its own error is the one reported, a failure to close is logged beside it.
    await app.close().catch((closing: unknown) => new Logger('Bootstrap').error(`closing after a failed start: ${(closing as Error)?.stack ?? String(closing)}`));
    throw error;
  }
  if (!options.deferFirstAdminKey) app.get(IssueApiKeys).announceFirstAdminKey();
  return app;
};
