import { Query } from '@nestjs/cqrs';
import { DeliveryPageDto } from '../webhook-view';
import { ListWebhookDeliveriesRequestDto } from './list-webhook-deliveries.request.dto';

export class ListWebhookDeliveriesQuery extends Query<DeliveryPageDto> {
  constructor(
    readonly webhookId: string,
    readonly params: ListWebhookDeliveriesRequestDto,
  ) {
    super();
  }
}
