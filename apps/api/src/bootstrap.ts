import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { openAdapters } from './adapters';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { Clock } from './shared/commands/clock';
import { ProblemDetailsFilter, toProblem } from './shared/http/problem-details.filter';
import { createValidationPipe } from './shared/http/validation';
import { setupOpenApi } from './openapi';

export interface CreateAppOptions {
  readonly clock?: Clock;
  readonly logger?: false;
}

/** Builds the HTTP application; `main.ts` listens, the e2e tests drive it with supertest. */
export const createApp = async (config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> => {
  const adapters = await openAdapters(config);
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, genReqId: () => randomUUID(), routerOptions: { maxParamLength: 200 } });
  const levels = (['error', 'warn', 'log', 'debug', 'verbose'] as const).slice(0, ['error', 'warn', 'log', 'debug', 'verbose'].indexOf(config.logLevel) + 1);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, adapters, options.clock), adapter, {
    logger: options.logger === false ? false : [...levels],
    abortOnError: false,
  });
  // Errors raised by fastify before a route runs (body too large, malformed JSON) get the same problem format.
  app.getHttpAdapter().getInstance().setErrorHandler((error: Error, request, reply) => {
    const { body, headers } = toProblem(error);
    if (body.status >= 500) Logger.error(`${request.method} ${request.url}: ${error.stack ?? error.message}`, 'Errors');
    void reply.status(body.status).headers(headers).type('application/problem+json; charset=utf-8').send({ ...body, instance: request.url });
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  setupOpenApi(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
};
