import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { WebhookDeliveries } from '../webhook-deliveries';
import { WebhookRegistrations } from '../webhook-registrations';
import { toWebhookView, WebhookViewDto } from '../webhook-view';
import { GetWebhookQuery } from './get-webhook.query';

@QueryHandler(GetWebhookQuery)
export class GetWebhookHandler implements IQueryHandler<GetWebhookQuery> {
  constructor(
    private readonly registrations: WebhookRegistrations,
    private readonly deliveries: WebhookDeliveries,
  ) {}

  async execute({ id }: GetWebhookQuery): Promise<WebhookViewDto> {
    return toWebhookView(await this.registrations.require(id), await this.deliveries.counts(id));
  }
}
