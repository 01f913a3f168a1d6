import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { PlaceOrderRequestDto, placeOrder } from '@app/application/customers/place-order.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('customers')
@Allow(...RIGHTS.sell)
@Controller('customers')
export class PlaceOrderHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/orders', 201, 'Record an order; it adds to the receivables', 'Refused (422 CREDIT_LIMIT_EXCEEDED) when outstanding receivables plus the order would exceed the assessed credit limit, unless creditOverrideReason is given.')
  handle(@Param('id', IdPipe) id: string, @Body() body: PlaceOrderRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(placeOrder(id, body), ctx));
  }
}
