import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { streamName } from '@app/domain/shared';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { stateOf, upcastEvent } from '@app/application/aggregates';
import { ApiProblem } from '../../shared/http/api-problem';
import { NOT_FOUND_CODE } from '../../shared/http/problem-codes';
import { GetRecordStateQuery } from './record-state.query';
import { maskEvent } from '../../security/masking';
import { RecordStateDto } from './record-state.response.dto';

/** Sets and Maps in aggregate state become arrays and objects in JSON. */
const plain = (value: unknown): unknown =>
  value instanceof Set
    ? [...value].map(plain)
    : value instanceof Map
      ? Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]))
      : Array.isArray(value)
        ? value.map(plain)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]))
          : value;

/** Time travel from the log: fold the stream up to a revision or a business time. */
@QueryHandler(GetRecordStateQuery)
export class GetRecordStateHandler implements IQueryHandler<GetRecordStateQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ aggregate, id, asOf, revision, masked }: GetRecordStateQuery): Promise<RecordStateDto> {
    const all = await this.store.readStream(streamName(aggregate, id), revision === undefined ? {} : { maxCount: revision + 1 });
    if (all.length === 0) throw ApiProblem.notFound(NOT_FOUND_CODE[aggregate], `No ${aggregate} with id ${id}`);
    if (revision !== undefined && all.at(-1)!.revision < revision) {
      throw ApiProblem.notFound('REVISION_NOT_FOUND', `The ${aggregate} has no revision ${revision}; its latest is ${all.at(-1)!.revision}`, { currentRevision: all.at(-1)!.revision });
    }
    // Business time decides "as it stood": a back-dated event counts from when it happened.
    const asOfMs = asOf === undefined ? undefined : Date.parse(asOf);
    const applied = (asOfMs === undefined ? all : all.filter((e) => Date.parse(e.metadata.occurredAt) <= asOfMs)).map((e) => (masked ? maskEvent(upcastEvent(e)) : upcastEvent(e)));
    if (applied.length === 0) throw ApiProblem.notFound(NOT_FOUND_CODE[aggregate], `The ${aggregate} ${id} did not exist yet at ${asOf}`);
    const last = applied.at(-1)!;
    return {
      id,
      revision: last.revision,
      position: last.position,
      asOf: asOf ?? null,
      lastOccurredAt: last.metadata.occurredAt,
      state: plain(stateOf(aggregate, applied)),
    };
  }
}
