import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { WebhookDeliveries } from '../webhook-deliveries';
import { WebhookDispatcher } from '../webhook-dispatcher';
import { WebhookRegistrations } from '../webhook-registrations';
import { toWebhookView } from '../webhook-view';
import { ListWebhooksQuery } from './list-webhooks.query';
import { WebhookListDto } from './list-webhooks.response.dto';

@QueryHandler(ListWebhooksQuery)
export class ListWebhooksHandler implements IQueryHandler<ListWebhooksQuery> {
  constructor(
    private readonly registrations: WebhookRegistrations,
    private readonly deliveries: WebhookDeliveries,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async execute(): Promise<WebhookListDto> {
    const active = await this.registrations.active();
    const items = await Promise.all(active.map(async (r) => toWebhookView(r, await this.deliveries.counts(r.state.webhookId!))));
    return { items, dispatcher: this.dispatcher.status() };
  }
}
