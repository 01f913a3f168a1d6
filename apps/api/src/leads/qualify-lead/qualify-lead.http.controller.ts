import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { QualifyLeadRequestDto, qualifyLead } from '@app/application/leads/qualify-lead.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('leads')
@Allow(...RIGHTS.sell)
@Controller('leads')
export class QualifyLeadHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/qualification', 200, 'Qualify a lead by the MAN rule (Money, Authority, Need)', 'Gives the MAN class and the recommended action. Re-qualifying appends a new qualification; the history keeps every one.')
  handle(@Param('id', IdPipe) id: string, @Body() body: QualifyLeadRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(qualifyLead(id, body), ctx));
  }
}
