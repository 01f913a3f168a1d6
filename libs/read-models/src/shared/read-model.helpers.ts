import { DomainEvent, RecordedEvent } from '@app/domain/shared';

/**
 * A recorded event narrowed by its type. `RecordedEvent<A | B>` keeps `type` and `data` apart, so a
 * `switch (event.type)` would not narrow `data`; distributing over the union makes it narrow.
 */
export type RecordedOf<E extends DomainEvent> = E extends DomainEvent ? RecordedEvent<E> : never;

/** Projections receive any event of their `eventTypes`; this states which union that is. */
export const narrow = <E extends DomainEvent>(event: RecordedEvent): RecordedOf<E> => event as RecordedOf<E>;

/**
 * Business time of an event. Every lead, customer and complaint event carries `data.at` (the
 * command's occurredAt); the envelope's occurredAt is the fallback for events that might not.
 */
export const businessTime = (event: RecordedEvent): string => (event.data as { at?: string }).at ?? event.metadata.occurredAt;

/** What `$contains` search matches: the name and the organisation's legal name, lower case. */
export const searchTextOf = (name: string, legalName?: string | null): string =>
  [name, legalName].filter((part): part is string => typeof part === 'string' && part.trim() !== '').join(' ').toLowerCase();
