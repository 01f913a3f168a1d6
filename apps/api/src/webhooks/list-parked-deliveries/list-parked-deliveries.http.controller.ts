import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IdPipe } from '../../shared/http/id.pipe';
import { DeliveryPageRequestDto } from '../list-webhook-deliveries/list-webhook-deliveries.request.dto';
import { ParkedDeliveryPageDto } from '../webhook-view';
import { ListParkedDeliveriesQuery } from './list-parked-deliveries.query';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('webhooks')
@Allow(...RIGHTS.operate)
@Controller('webhooks')
export class ListParkedDeliveriesHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/parked')
  @ApiOperation({ summary: 'Deliveries parked after WEBHOOK_RETRY_FOR_MS of failures, in log order; each holds back the later events of its stream' })
  @ApiOkResponse({ type: ParkedDeliveryPageDto })
  @ApiNotFoundResponse({ description: 'application/problem+json: WEBHOOK_NOT_FOUND' })
  list(@Param('id', IdPipe) id: string, @Query() params: DeliveryPageRequestDto): Promise<ParkedDeliveryPageDto> {
    return this.queries.execute(new ListParkedDeliveriesQuery(id, params));
  }
}
