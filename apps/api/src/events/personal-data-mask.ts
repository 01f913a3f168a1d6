import { Injectable } from '@nestjs/common';
import { RecordedEvent } from '@app/domain/shared';
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
  /** `event`: as a feed delivers it (a FeedEvent: upcast to its latest version). */
  abstract mask(event: RecordedEvent, reader: FeedReader): RecordedEvent;
}

@Injectable()
export class CatalogPersonalDataMask extends PersonalDataMask {
  mask(event: RecordedEvent, reader: FeedReader): RecordedEvent {
    return reader.masked ? maskEvent(event) : event;
  }
}
