import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../../shared/http/id.pipe';
import { WebhookViewDto } from '../webhook-view';
import { GetWebhookQuery } from './get-webhook.query';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('webhooks')
@Allow(...RIGHTS.operate)
@Controller('webhooks')
export class GetWebhookHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id')
  @ApiOperation({ summary: 'One webhook: its URL, filters and how many deliveries are waiting, pending, delivered, parked (never its secret)' })
  @ApiOkResponse({ type: WebhookViewDto })
  @ApiNotFoundResponse({ description: 'application/problem+json: WEBHOOK_NOT_FOUND' })
  get(@Param('id', IdPipe) id: string): Promise<WebhookViewDto> {
    return this.queries.execute(new GetWebhookQuery(id));
  }
}
