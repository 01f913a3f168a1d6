import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { DOCUMENT_STORE, DocumentStore } from '@app/read-store';
import { SkipThrottle } from '@nestjs/throttler';
import { ApiProblem } from '../shared/http/api-problem';
import { Public } from '../security/access.decorators';

type Check = 'up' | 'down';

@ApiTags('health')
@Public()
// An orchestrator probing a busy instance must get an answer, not a 429 that reads as unhealthy.
@SkipThrottle()
@Controller('health')
export class HealthHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(DOCUMENT_STORE) private readonly documents: DocumentStore,
  ) {}

  @Get('live')
  @HttpCode(200)
  @ApiOperation({ summary: 'The process is up' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ready to serve: the event store and the read store answer' })
  @ApiServiceUnavailableResponse({ description: 'A store does not answer; `checks` says which' })
  async ready(): Promise<{ status: 'ready'; checks: Record<'eventStore' | 'readStore', Check> }> {
    const [eventStore, readStore] = await Promise.all([probe(this.events.ping()), probe(this.documents.ping())]);
    const checks = { eventStore: eventStore.check, readStore: readStore.check };
    if (eventStore.check === 'down' || readStore.check === 'down') {
      const reason = [eventStore.error, readStore.error].filter(Boolean).join('; ');
      throw new ApiProblem('NOT_READY', `Not ready: ${reason}`, { checks }, { 'Retry-After': '5' });
    }
    return { status: 'ready', checks };
  }
}

const probe = (ping: Promise<void>): Promise<{ check: Check; error?: string }> =>
  ping.then(
    () => ({ check: 'up' as const }),
    (error: Error) => ({ check: 'down' as const, error: error.message }),
  );
