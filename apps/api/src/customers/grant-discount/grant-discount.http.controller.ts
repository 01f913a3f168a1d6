import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { GrantDiscountRequestDto, grantDiscount } from '@app/application/customers/grant-discount.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('customers')
@Allow(...RIGHTS.sell)
@Controller('customers')
export class GrantDiscountHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/discounts', 201, 'Record a discount granted, on the account or on one order')
  handle(@Param('id', IdPipe) id: string, @Body() body: GrantDiscountRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(grantDiscount(id, body), ctx));
  }
}
