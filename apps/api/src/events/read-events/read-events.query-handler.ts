import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { FeedEvent, FeedEvents, matches, storeFiltersAll, storeQuery } from '../feed-event';
import { ReadEventsQuery } from './read-events.query';
import { EventPageDto } from './read-events.response.dto';

/** With several stream prefixes the store cannot filter alone: a page examines at most this many events. */
const MAX_SCANNED = 10_000;
const SCAN_CHUNK = 500;

/** The pull feed: one page of the log in global order, read up to the head as it was when the page began. */
@QueryHandler(ReadEventsQuery)
export class ReadEventsHandler implements IQueryHandler<ReadEventsQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly feed: FeedEvents,
  ) {}

  async execute({ after, filter, limit, reader }: ReadEventsQuery): Promise<EventPageDto> {
    const head = await this.store.headPosition();
    const chunk = storeFiltersAll(filter) ? limit : Math.max(limit, SCAN_CHUNK);
    const events: FeedEvent[] = [];
    let cursor = after;
    let scanned = 0;
    while (events.length < limit && cursor < head && scanned < MAX_SCANNED) {
      const page = await this.store.readAll({ after: cursor, maxCount: chunk, ...storeQuery(filter) });
      // Events appended after `head` wait for the next page, so nextAfter never skips one.
      const upToHead = page.filter((e) => e.position <= head);
      for (const event of upToHead) {
        cursor = event.position;
        scanned++;
        if (matches(filter, event)) events.push(this.feed.render(event, reader));
        if (events.length === limit) break;
      }
      // A short page means every matching event up to the head has been seen.
      if (events.length < limit && (page.length < chunk || upToHead.length < page.length)) cursor = head;
    }
    return { events, nextAfter: Math.max(cursor, after), headPosition: head };
  }
}
