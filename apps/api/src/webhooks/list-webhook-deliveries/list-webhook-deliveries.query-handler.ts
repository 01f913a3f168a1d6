import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { WebhookDeliveries } from '../webhook-deliveries';
import { WebhookRegistrations } from '../webhook-registrations';
import { DeliveryPageDto, toDeliveryView } from '../webhook-view';
import { ListWebhookDeliveriesQuery } from './list-webhook-deliveries.query';

@QueryHandler(ListWebhookDeliveriesQuery)
export class ListWebhookDeliveriesHandler implements IQueryHandler<ListWebhookDeliveriesQuery> {
  constructor(
    private readonly registrations: WebhookRegistrations,
    private readonly deliveries: WebhookDeliveries,
  ) {}

  async execute({ webhookId, params }: ListWebhookDeliveriesQuery): Promise<DeliveryPageDto> {
    await this.registrations.require(webhookId);
    const page = await this.deliveries.list(webhookId, { status: params.status, limit: params.limit ?? 50, cursor: params.cursor });
    return { items: page.items.map(toDeliveryView), nextCursor: page.nextCursor };
  }
}
