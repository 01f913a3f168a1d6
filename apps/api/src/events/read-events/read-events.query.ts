import { Query } from '@nestjs/cqrs';
import { FeedFilter } from '../feed-event';
import { FeedReader } from '../personal-data-mask';
import { EventPageDto } from './read-events.response.dto';

export class ReadEventsQuery extends Query<EventPageDto> {
  constructor(
    readonly after: number,
    readonly filter: FeedFilter,
    readonly limit: number,
    readonly reader: FeedReader,
  ) {
    super();
  }
}
