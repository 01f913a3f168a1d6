import { ApiProperty } from '@nestjs/swagger';

export class FeedEventDto {
  @ApiProperty({ description: 'Global log position: the order of the feed' }) position: number;
  @ApiProperty({ example: 'lead-0b5c…' }) streamId: string;
  @ApiProperty({ description: 'Revision of the event in its stream (0-based)' }) revision: number;
  @ApiProperty({ example: 'LeadCaptured' }) type: string;
  @ApiProperty({ description: 'Always the latest version of the type (older events are upcast); schema: /events/schemas/{type}/{version}' }) version: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: unknown;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'eventId, occurredAt, recordedAt, actor, correlationId, causationId' }) metadata: unknown;
}

export class EventPageDto {
  @ApiProperty({ type: [FeedEventDto], description: 'In log order; may hold fewer than `limit` events even when more follow' }) events: FeedEventDto[];
  @ApiProperty({ description: 'Pass as `after` for the next page; the feed is read to the end when it equals headPosition' }) nextAfter: number;
  @ApiProperty({ description: 'Position of the last event in the log when the page was read' }) headPosition: number;
}
