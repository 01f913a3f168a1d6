import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { WebhookDeliveries } from '../webhook-deliveries';
import { WebhookRegistrations } from '../webhook-registrations';
import { ParkedDeliveryPageDto, toDeliveryView } from '../webhook-view';
import { ListParkedDeliveriesQuery } from './list-parked-deliveries.query';

@QueryHandler(ListParkedDeliveriesQuery)
export class ListParkedDeliveriesHandler implements IQueryHandler<ListParkedDeliveriesQuery> {
  constructor(
    private readonly registrations: WebhookRegistrations,
    private readonly deliveries: WebhookDeliveries,
  ) {}

  async execute({ webhookId, params }: ListParkedDeliveriesQuery): Promise<ParkedDeliveryPageDto> {
    await this.registrations.require(webhookId);
    const page = await this.deliveries.list(webhookId, { status: 'parked', limit: params.limit ?? 50, cursor: params.cursor });
    const items = await Promise.all(page.items.map(async (d) => ({ ...toDeliveryView(d), waitingBehind: await this.deliveries.waitingBehind(d.lane) })));
    return { items, nextCursor: page.nextCursor };
  }
}
