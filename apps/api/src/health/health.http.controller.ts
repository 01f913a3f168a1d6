import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore, EventStoreUnavailableError } from '@app/event-store';

@ApiTags('health')
@Controller('health')
export class HealthHttpController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ready to serve: the event store answers (503 otherwise)' })
  async ready(): Promise<{ status: 'ready'; checks: { eventStore: 'up' } }> {
    try {
      await this.store.ping();
    } catch (error) {
      throw error instanceof EventStoreUnavailableError ? error : new EventStoreUnavailableError(`event store does not answer: ${(error as Error).message}`, error);
    }
    return { status: 'ready', checks: { eventStore: 'up' } };
  }
}
