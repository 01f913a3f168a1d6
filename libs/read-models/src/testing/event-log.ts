import { DomainEvent, RecordedEvent } from '@app/domain/shared';

/** One event as a spec writes it: the stream it goes to and, optionally, who issued it. */
export interface LogEntry {
  readonly streamId: string;
  readonly event: DomainEvent;
  readonly actor?: string;
  /** When the store recorded it (a back-dated import is recorded long after it happened); default RECORDED_AT. */
  readonly recordedAt?: string;
}

/** Far from every business time on purpose: projections must measure with `data.at`, never recordedAt. */
const RECORDED_AT = '2031-01-01T00:00:00.000Z';

/**
 * Records events as the store would: global positions from `firstPosition` in list order, revisions
 * per stream, business time (`data.at`) as occurredAt. For specs only.
 */
export const recordLog = (entries: readonly LogEntry[], firstPosition = 1): RecordedEvent[] => {
  const revisions = new Map<string, number>();
  return entries.map(({ streamId, event, actor = 'rep-wang', recordedAt = RECORDED_AT }, index) => {
    const revision = revisions.get(streamId) ?? 0;
    revisions.set(streamId, revision + 1);
    const position = firstPosition + index;
    return {
      streamId,
      revision,
      position,
      type: event.type,
      version: event.version,
      data: event.data,
      metadata: {
        eventId: `evt-${position}`,
        occurredAt: (event.data as { at: string }).at,
        recordedAt,
        actor,
        correlationId: `corr-${position}`,
        causationId: null,
      },
    };
  });
};

/**
 * Every event delivered twice in a row, then the log replayed again as a batch from its second event
 * (as after a crash before the checkpoint). Without the position guard, counts double and lists grow.
 */
export const redelivered = (log: readonly RecordedEvent[]): RecordedEvent[] => [...log.flatMap((event) => [event, event]), ...log.slice(1)];
