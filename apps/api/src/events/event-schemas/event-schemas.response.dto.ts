import { ApiProperty } from '@nestjs/swagger';

export class EventSchemaLinksDto {
  @ApiProperty({ example: '/events/schemas/LeadCaptured/2' }) schema: string;
}

export class EventSchemaSummaryDto {
  @ApiProperty({ example: 'LeadCaptured' }) type: string;
  @ApiProperty({ example: 2 }) version: number;
  @ApiProperty({ description: 'The latest version of the type: what the feeds and the history deliver (older stored versions are upcast)' }) current: boolean;
  @ApiProperty({ description: 'Delivered by the feeds; false for the feeds’ own bookkeeping events (webhook registrations)' }) inFeeds: boolean;
  @ApiProperty({ description: 'The schema’s $id' }) id: string;
  @ApiProperty({ type: EventSchemaLinksDto }) links: EventSchemaLinksDto;
}

export class EventSchemaListDto {
  @ApiProperty({ type: [EventSchemaSummaryDto] }) items: EventSchemaSummaryDto[];
  @ApiProperty({ example: '/events/asyncapi.json', description: 'AsyncAPI 3 document of the SSE stream and the webhooks' }) asyncapi: string;
}
