import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { RecordReturnRequestDto, recordReturn } from '@app/application/customers/record-return.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('customers')
@Allow(...RIGHTS.sell)
@Controller('customers')
export class RecordReturnHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/returns', 201, 'Record goods returned against an order')
  handle(@Param('id', IdPipe) id: string, @Body() body: RecordReturnRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(recordReturn(id, body), ctx));
  }
}
