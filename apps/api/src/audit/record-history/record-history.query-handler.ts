import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { streamName } from '@app/domain/shared';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { upcastEvent } from '@app/application/aggregates';
import { ApiProblem } from '../../shared/http/api-problem';
import { NOT_FOUND_CODE } from '../../shared/http/problem-codes';
import { GetRecordHistoryQuery } from './record-history.query';
import { maskEvent } from '../../security/masking';
import { HistoryEntryDto, RecordHistoryPageDto } from './record-history.response.dto';

const REASON_FIELDS = ['reason', 'lostReason', 'overrideReason', 'creditOverrideReason'] as const;

const reasonOf = (data: unknown): string | null => {
  const record = (data ?? {}) as Record<string, unknown>;
  const field = REASON_FIELDS.find((f) => typeof record[f] === 'string');
  return field ? (record[field] as string) : null;
};

/** The audit trail straight from the log: every event of one record, who, when and why. */
@QueryHandler(GetRecordHistoryQuery)
export class GetRecordHistoryHandler implements IQueryHandler<GetRecordHistoryQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ aggregate, id, afterRevision, limit, masked }: GetRecordHistoryQuery): Promise<RecordHistoryPageDto> {
    const streamId = streamName(aggregate, id);
    const events = await this.store.readStream(streamId, { fromRevision: afterRevision + 1, maxCount: limit + 1 });
    if (events.length === 0 && (afterRevision < 0 || (await this.store.readStream(streamId, { maxCount: 1 })).length === 0)) {
      throw ApiProblem.notFound(NOT_FOUND_CODE[aggregate], `No ${aggregate} with id ${id}`);
    }
    const page = events.slice(0, limit).map((raw): HistoryEntryDto => {
      const e = masked ? maskEvent(upcastEvent(raw)) : upcastEvent(raw);
      const { eventId: _id, occurredAt, recordedAt, actor, correlationId, causationId } = e.metadata;
      return { revision: e.revision, position: e.position, type: e.type, version: e.version, occurredAt, recordedAt, actor, correlationId, causationId, reason: reasonOf(e.data), data: e.data };
    });
    return { items: page, nextCursor: events.length > limit ? String(page[page.length - 1].revision) : null };
  }
}
