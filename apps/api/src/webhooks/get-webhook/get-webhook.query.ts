import { Query } from '@nestjs/cqrs';
import { WebhookViewDto } from '../webhook-view';

export class GetWebhookQuery extends Query<WebhookViewDto> {
  constructor(readonly id: string) {
    super();
  }
}
