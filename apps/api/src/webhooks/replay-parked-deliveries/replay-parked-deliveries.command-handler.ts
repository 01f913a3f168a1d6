import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { WebhookDeliveries } from '../webhook-deliveries';
import { WebhookRegistrations } from '../webhook-registrations';
import { WebhookSender } from '../webhook-sender';
import { ReplayParkedDeliveriesCommand } from './replay-parked-deliveries.command';
import { ReplayParkedDeliveriesResponseDto } from './replay-parked-deliveries.response.dto';

/** Delivery state, not a business fact: it changes the document store only, not the log. */
@CommandHandler(ReplayParkedDeliveriesCommand)
export class ReplayParkedDeliveriesHandler implements ICommandHandler<ReplayParkedDeliveriesCommand> {
  constructor(
    private readonly registrations: WebhookRegistrations,
    private readonly deliveries: WebhookDeliveries,
    private readonly sender: WebhookSender,
  ) {}

  async execute({ webhookId }: ReplayParkedDeliveriesCommand): Promise<ReplayParkedDeliveriesResponseDto> {
    await this.registrations.require(webhookId);
    const requeued = await this.deliveries.replayParked(webhookId, Date.now());
    if (requeued) this.sender.wake();
    return { requeued };
  }
}
