import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { EventSchemasHttpController } from './event-schemas/event-schemas.http.controller';
import { FeedEvents } from './feed-event';
import { CatalogPersonalDataMask, PersonalDataMask } from './personal-data-mask';
import { ReadEventsHttpController } from './read-events/read-events.http.controller';
import { ReadEventsHandler } from './read-events/read-events.query-handler';
import { EventStreams } from './stream-events/event-streams.service';
import { StreamEventsHttpController } from './stream-events/stream-events.http.controller';

/** The event feeds for other services: contracts (schemas, AsyncAPI), the pull feed and the SSE stream. */
@Module({
  imports: [CqrsModule],
  controllers: [EventSchemasHttpController, ReadEventsHttpController, StreamEventsHttpController],
  providers: [{ provide: PersonalDataMask, useClass: CatalogPersonalDataMask }, FeedEvents, ReadEventsHandler, EventStreams],
  exports: [FeedEvents],
})
export class EventsModule {}
