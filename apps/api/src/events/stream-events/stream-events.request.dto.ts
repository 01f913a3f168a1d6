import { AfterPositionField, FeedFilterRequestDto } from '@app/application/requests/feed-filter.request.dto';

export class StreamEventsRequestDto extends FeedFilterRequestDto {
  @AfterPositionField('Start after this log position; a `Last-Event-ID` header wins (an EventSource sends it when it reconnects)')
  after?: number;
}
