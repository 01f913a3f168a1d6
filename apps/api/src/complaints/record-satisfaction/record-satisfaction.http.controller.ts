import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { RecordSatisfactionRequestDto, recordSatisfaction } from '@app/application/complaints/record-satisfaction.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('complaints')
@Allow(...RIGHTS.handleComplaints)
@Controller('complaints')
export class RecordSatisfactionHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/satisfaction', 200, "Record the customer's satisfaction with the resolution: expected and perceived service, likelihood to recommend, loyalty")
  handle(@Param('id', IdPipe) id: string, @Body() body: RecordSatisfactionRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(recordSatisfaction(id, body), ctx));
  }
}
