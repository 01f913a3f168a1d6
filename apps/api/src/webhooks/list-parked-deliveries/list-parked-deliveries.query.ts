import { Query } from '@nestjs/cqrs';
import { DeliveryPageRequestDto } from '../list-webhook-deliveries/list-webhook-deliveries.request.dto';
import { ParkedDeliveryPageDto } from '../webhook-view';

export class ListParkedDeliveriesQuery extends Query<ParkedDeliveryPageDto> {
  constructor(
    readonly webhookId: string,
    readonly params: DeliveryPageRequestDto,
  ) {
    super();
  }
}
