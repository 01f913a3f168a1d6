import { Injectable } from '@nestjs/common';
import { upcastEvent } from '@app/domain';
import { FEED_EVENT_TYPES } from '@app/domain/schemas';
import { RecordedEvent } from '@app/domain/shared';
import { ReadAllOptions } from '@app/event-store';
import { FeedReader, PersonalDataMask } from './personal-data-mask';

/** What every feed delivers: a recorded event upcast to its latest version (its schema: /events/schemas). */
export type FeedEvent = RecordedEvent;

/**
 * Which events a feed reader wants. `types`: never empty (all feed types by default), so the feeds'
 * own bookkeeping events (webhook registrations) never leave. `streams`: stream-name prefixes, any
 * of which may match; empty: every stream.
 */
export interface FeedFilter {
  readonly types: readonly string[];
  readonly streams: readonly string[];
}

export const feedFilter = (types: readonly string[] = [], streams: readonly string[] = []): FeedFilter => ({
  types: types.length ? [...new Set(types)] : FEED_EVENT_TYPES,
  streams: [...new Set(streams)],
});

/** The part of the filter the event store applies itself (it takes one stream prefix). */
export const storeQuery = (filter: FeedFilter): Pick<ReadAllOptions, 'types' | 'streamPrefix'> => ({
  types: filter.types,
  streamPrefix: filter.streams.length === 1 ? filter.streams[0] : undefined,
});

/** True when the store's own filtering (storeQuery) leaves nothing for matches() to drop. */
export const storeFiltersAll = (filter: FeedFilter): boolean => filter.streams.length <= 1;

export const matches = (filter: FeedFilter, event: RecordedEvent): boolean =>
  filter.types.includes(event.type) && (filter.streams.length === 0 || filter.streams.some((prefix) => event.streamId.startsWith(prefix)));

/** The one way an event leaves through a feed: upcast, then masked for its reader. */
@Injectable()
export class FeedEvents {
  constructor(private readonly mask: PersonalDataMask) {}

  render(stored: RecordedEvent, reader: FeedReader): FeedEvent {
    const { streamId, revision, position, type, version, data, metadata } = upcastEvent(stored);
    return this.mask.mask({ position, streamId, revision, type, version, data, metadata }, reader);
  }
}
