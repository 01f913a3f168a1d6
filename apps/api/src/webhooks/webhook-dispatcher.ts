import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { PROJECTION_SETTINGS, ProjectionSettings } from '@app/projection-engine/projection.settings';
import { FEED_EVENT_TYPES } from '@app/domain/schemas';
import { WEBHOOK_EVENT_TYPES } from '@app/domain/webhook';
import { EVENT_STORE, EventStore } from '@app/event-store';
import { ConsumerError, ConsumerLoop, ConsumerState } from '@app/projection-engine';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookSender } from './webhook-sender';

/**
 * Webhooks run on the one checkpointed-subscription loop: it reads the registrations and the feed
 * events in log order and queues the deliveries (WebhookDeliveries.fanOut), which the sender works.
 * After a restart both resume from the document store: nothing is lost, nothing reordered.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly loop: ConsumerLoop;

  constructor(
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(PROJECTION_SETTINGS.token) projections: ProjectionSettings,
    private readonly deliveries: WebhookDeliveries,
    private readonly sender: WebhookSender,
  ) {
    this.loop = new ConsumerLoop(events, {
      types: [...WEBHOOK_EVENT_TYPES, ...FEED_EVENT_TYPES],
      batchSize: projections.projectionBatchSize,
      from: () => this.deliveries.dispatchCheckpoint(),
      handle: async (batch) => {
        if (await this.deliveries.fanOut(batch, Date.now())) this.sender.wake();
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.deliveries.ensureIndexes();
    this.loop.start();
    this.sender.start();
  }

  /** Before the stores close: stop queueing, then abandon attempts under way (they are made again after a restart). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
    await this.sender.stop();
  }

  status(): { state: ConsumerState; checkpoint: number; lastError: ConsumerError | null } {
    return { state: this.loop.state, checkpoint: this.loop.reached, lastError: this.loop.lastError };
  }
}
