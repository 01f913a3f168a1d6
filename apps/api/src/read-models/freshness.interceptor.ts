import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { READ_SETTINGS, ReadSettings } from './read.settings';
import { Projection, ProjectionRunner } from '@app/projection-engine';
import type { FastifyRequest } from 'fastify';
import { from, mergeMap, Observable } from 'rxjs';
import { ApiProblem } from '../shared/http/api-problem';
import { READS_FROM } from './reads-from.decorator';

const parseMinPosition = (request: FastifyRequest): number | undefined => {
  const query = (request.query ?? {}) as Record<string, unknown>;
  const raw = query.minPosition ?? request.headers['x-min-position'];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^\d{1,15}$/.test(raw)) {
    throw ApiProblem.badRequest('minPosition must be a log position (a non-negative integer)', [{ field: 'minPosition', messages: ['must be a non-negative integer'] }]);
  }
  return Number(raw);
};

/** Holds a query back until its read models have reached the caller's `minPosition` (bounded wait). */
@Injectable()
export class FreshnessInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly runner: ProjectionRunner,
    @Inject(READ_SETTINGS.token) private readonly config: ReadSettings,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const projections = this.reflector.get<Projection[] | undefined>(READS_FROM, context.getHandler());
    if (!projections) return next.handle();
    const minPosition = parseMinPosition(context.switchToHttp().getRequest<FastifyRequest>());
    if (minPosition === undefined || minPosition === 0) return next.handle();
    return from(this.runner.waitFor(projections, minPosition, this.config.readWaitTimeoutMs)).pipe(
      mergeMap((reached) => {
        if (!reached) {
          throw new ApiProblem(
            'READ_MODEL_BEHIND',
            `The read model has not yet reached position ${minPosition}; retry shortly.`,
            { minPosition, projections: projections.map((p) => p.name) },
            { 'Retry-After': '1' },
          );
        }
        return next.handle();
      }),
    );
  }
}
