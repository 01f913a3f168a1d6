import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { randomUUID } from 'node:crypto';
import { from, Observable, switchMap } from 'rxjs';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { AccessRecordedData } from '@app/domain/access-log';
import { Clock } from '../../shared/commands/clock';
import { ApiProblem } from '../../shared/http/api-problem';
import { AuthenticatedRequest } from '../../security/access.decorators';
import { AccessRule, RECORDS_ACCESS } from './records-access.decorator';
import { aggregateOfRequest } from '../audited-record';

const PURPOSE = /^[\p{L}\p{N} .,:;()'/_-]{3,200}$/u;

/**
 * No record, no data: the answer is held until its AccessRecorded event is in the log; when the log
 * cannot take it, the caller gets the store's error (503/507) instead of the data.
 */
@Injectable()
export class AccessLogInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly clock: Clock,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rule = this.reflector.get<AccessRule>(RECORDS_ACCESS, context.getHandler());
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const raw = request.headers['x-purpose'];
    const purpose = (Array.isArray(raw) ? raw[0] : raw)?.trim() || undefined;
    if (purpose !== undefined && !PURPOSE.test(purpose)) {
      throw ApiProblem.badRequest('X-Purpose must be 3-200 letters, digits, spaces or punctuation', [{ field: 'X-Purpose', messages: ['3-200 letters, digits, spaces or .,:;()\'/_-'] }]);
    }
    if (rule.purposeRequired && purpose === undefined) {
      throw ApiProblem.badRequest('Say why you look: X-Purpose is required for customer files and exports', [{ field: 'X-Purpose', messages: ['required'] }]);
    }
    const principal = request.principal!;
    const params = request.params as Record<string, string>;
    const kind = rule.subjectKind === 'from-path' ? aggregateOfRequest(request) : rule.subjectKind;
    // The answer is computed first (a 404 or 400 records nothing), then recorded, then sent.
    return next.handle().pipe(
      switchMap((answer) =>
        from(
          (async () => {
            const at = this.clock.now();
            const data: AccessRecordedData = {
              userId: principal.id,
              role: principal.role,
              subjectKind: kind,
              subjectId: params.id ?? '',
              route: `${request.method} ${request.routeOptions.url ?? request.url}`,
              ...(purpose !== undefined && { purpose }),
              from: request.ip,
              at,
            };
            const metadata = { eventId: randomUUID(), occurredAt: at, recordedAt: at, actor: principal.id, correlationId: String(request.headers['x-correlation-id'] ?? request.id), causationId: String(request.id) };
            await this.events.append(`access-${kind}-${data.subjectId || 'export'}`, [{ type: 'AccessRecorded', version: 1, data, metadata }], 'any');
            return answer;
          })(),
        ),
      ),
    );
  }
}
