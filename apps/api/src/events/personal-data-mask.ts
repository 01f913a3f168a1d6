import { Injectable } from '@nestjs/common';
import { FeedEvent } from './feed-event';

/** Who reads a feed: a caller of the pull or SSE feed (its X-Actor), or a webhook (`webhook:<id>`). */
export interface FeedReader {
  readonly actor: string;
}

/**
 * The hook for role-based masking of personal fields (names, contacts, document numbers) in
 * everything the feeds hand out: pull, SSE and webhooks all pass every event through `mask`. Roles
 * come with another issue; until then nothing is masked.
 */
export abstract class PersonalDataMask {
  abstract mask(event: FeedEvent, reader: FeedReader): FeedEvent;
}

@Injectable()
export class NoPersonalDataMask extends PersonalDataMask {
  mask(event: FeedEvent): FeedEvent {
    return event;
  }
}
