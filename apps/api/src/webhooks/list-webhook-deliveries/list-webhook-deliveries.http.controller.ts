import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../../shared/http/id.pipe';
import { DeliveryPageDto } from '../webhook-view';
import { ListWebhookDeliveriesQuery } from './list-webhook-deliveries.query';
import { ListWebhookDeliveriesRequestDto } from './list-webhook-deliveries.request.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('webhooks')
@Allow(...RIGHTS.operate)
@Controller('webhooks')
export class ListWebhookDeliveriesHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'A webhook’s deliveries, newest first: status, attempts and the receiver’s answers (status code, error, duration, time)' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiNotFoundResponse({ description: 'application/problem+json: WEBHOOK_NOT_FOUND' })
  list(@Param('id', IdPipe) id: string, @Query() params: ListWebhookDeliveriesRequestDto): Promise<DeliveryPageDto> {
    return this.queries.execute(new ListWebhookDeliveriesQuery(id, params));
  }
}
