import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { ReassignLeadRequestDto, reassignLead } from '@app/application/leads/reassign-lead.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('leads')
@Allow(...RIGHTS.manageTeam)
@Controller('leads')
export class ReassignLeadHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/owner', 200, 'Move a lead to another owner (and team)')
  handle(@Param('id', IdPipe) id: string, @Body() body: ReassignLeadRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(reassignLead(id, body), ctx));
  }
}
