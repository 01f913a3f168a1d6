import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { RecordPaymentRequestDto, recordPayment } from '@app/application/customers/record-payment.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('customers')
@Allow(...RIGHTS.sell)
@Controller('customers')
export class RecordPaymentHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/payments', 201, 'Record a payment received against the receivables or one order')
  handle(@Param('id', IdPipe) id: string, @Body() body: RecordPaymentRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(recordPayment(id, body), ctx));
  }
}
