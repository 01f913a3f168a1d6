import { Query } from '@nestjs/cqrs';
import { WebhookListDto } from './list-webhooks.response.dto';

export class ListWebhooksQuery extends Query<WebhookListDto> {}
