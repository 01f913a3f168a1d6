import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListWebhooksQuery } from './list-webhooks.query';
import { WebhookListDto } from './list-webhooks.response.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('webhooks')
@Allow(...RIGHTS.operate)
@Controller('webhooks')
export class ListWebhooksHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Every registered webhook with its delivery counts (never the secrets), and the state of the dispatcher' })
  @ApiOkResponse({ type: WebhookListDto })
  list(): Promise<WebhookListDto> {
    return this.queries.execute(new ListWebhooksQuery());
  }
}
