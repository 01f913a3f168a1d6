import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { ReopenLeadRequestDto, reopenLead } from '@app/application/leads/reopen-lead.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('leads')
@Allow(...RIGHTS.sell)
@Controller('leads')
export class ReopenLeadHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/reopening', 200, 'Reopen a won or lost lead at an open stage (the only change a closed lead accepts)')
  handle(@Param('id', IdPipe) id: string, @Body() body: ReopenLeadRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(reopenLead(id, body), ctx));
  }
}
