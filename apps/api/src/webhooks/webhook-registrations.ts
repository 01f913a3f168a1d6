import { Inject, Injectable } from '@nestjs/common';
import { fold } from '@app/domain/shared';
import { WEBHOOK_EVENT_TYPES, WebhookEvent, webhookDecider, WebhookState } from '@app/domain/webhook';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { CommandExecutor } from '@app/application/command-executor';
import { ApiProblem } from '../shared/http/api-problem';

export interface Registration {
  readonly state: WebhookState;
  readonly revision: number;
}

/**
 * Registrations straight from the log (a webhook stream is a handful of events): the answer to a
 * registration is readable at once, without waiting for the dispatcher.
 */
@Injectable()
export class WebhookRegistrations {
  constructor(
    private readonly executor: CommandExecutor,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {}

  /** The registered webhook, or a 404 problem (also once removed). */
  async require(id: string): Promise<Registration> {
    const { state, revision } = await this.executor.loadState('webhook', id);
    const webhook = state as WebhookState;
    if (!webhook.exists || webhook.removed) throw ApiProblem.notFound('WEBHOOK_NOT_FOUND', `No webhook with id ${id}`);
    return { state: webhook, revision };
  }

  /** Every webhook not removed, in the order they were registered. */
  async active(): Promise<Registration[]> {
    const streams = new Map<string, { events: WebhookEvent[]; revision: number }>();
    for (const event of await this.events.readAll({ streamPrefix: 'webhook-', types: WEBHOOK_EVENT_TYPES })) {
      const stream = streams.get(event.streamId) ?? { events: [], revision: -1 };
      stream.events.push(event as unknown as WebhookEvent);
      stream.revision = event.revision;
      streams.set(event.streamId, stream);
    }
    return [...streams.values()].map(({ events, revision }) => ({ state: fold(webhookDecider, events), revision })).filter(({ state }) => state.exists && !state.removed);
  }
}
