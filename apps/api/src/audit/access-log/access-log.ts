import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { accessRecorded, accessStreamId, STATED_PURPOSE, STATED_PURPOSE_RULE } from '@app/domain/access-log';
import { Clock } from '@app/application/clock';
import { ApiProblem } from '../../shared/http/api-problem';
import { AuthenticatedRequest } from '../../security/access.decorators';
import { aggregateOfRequest } from '../audited-record';
import { AccessRule } from './access-rule';

/**
 * Writes who looked at what, when, from where and why into the log. Callers await `record` before
 * they send the data: no record, no data (when the log cannot take it, the caller gets the store's
 * 503/507 instead).
 */
@Injectable()
export class AccessLog {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    private readonly clock: Clock,
  ) {}

  /** The stated purpose (X-Purpose), checked before any work: 400 when malformed, or missing where the rule needs one. */
  purposeOf(request: AuthenticatedRequest, rule: AccessRule): string | undefined {
    const raw = request.headers['x-purpose'];
    const purpose = (Array.isArray(raw) ? raw[0] : raw)?.trim() || undefined;
    if (purpose !== undefined && !STATED_PURPOSE.test(purpose)) {
      throw ApiProblem.badRequest(`X-Purpose must be ${STATED_PURPOSE_RULE}`, [{ field: 'X-Purpose', messages: [STATED_PURPOSE_RULE] }]);
    }
    if (rule.purposeRequired && purpose === undefined) {
      throw ApiProblem.badRequest('Say why you look: X-Purpose is required for customer files and exports', [{ field: 'X-Purpose', messages: ['required'] }]);
    }
    return purpose;
  }

  async record(request: AuthenticatedRequest, rule: AccessRule, purpose: string | undefined): Promise<void> {
    const principal = request.principal!;
    const at = this.clock.now();
    const event = accessRecorded(
      {
        userId: principal.id,
        role: principal.role,
        subjectKind: rule.subjectKind === 'from-path' ? aggregateOfRequest(request) : rule.subjectKind,
        subjectId: (request.params as Record<string, string>).id ?? '',
        route: `${request.method} ${request.routeOptions.url ?? request.url}`,
        ...(purpose !== undefined && { purpose }),
        from: request.ip,
        at,
      },
      { eventId: randomUUID(), correlationId: String(request.headers['x-correlation-id'] ?? request.id), causationId: String(request.id) },
    );
    await this.events.append(accessStreamId(event.data), [event], 'any');
  }
}
