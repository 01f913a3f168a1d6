import { Injectable } from '@nestjs/common';
import { FeedEvent } from './feed-event';
import { maskEvent } from '../security/masking';

/** Who reads a feed: a caller of the pull or SSE feed (the authenticated caller's id), or a webhook (`webhook:<id>`). */
export interface FeedReader {
  readonly actor: string;
  /** Analysts read the feeds with personal fields masked. */
  readonly masked?: boolean;
}

/**
 * Role-based masking of personal fields (names, contacts, document numbers) in everything the feeds
 * hand out: pull, SSE and webhooks all pass every event through `mask`.
 */
export abstract class PersonalDataMask {
  abstract mask(event: FeedEvent, reader: FeedReader): FeedEvent;
}

@Injectable()
export class CatalogPersonalDataMask extends PersonalDataMask {
  mask(event: FeedEvent, reader: FeedReader): FeedEvent {
    return reader.masked ? maskEvent(event) : event;
  }
}
