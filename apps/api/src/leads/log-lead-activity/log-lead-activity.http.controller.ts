import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { LogLeadActivityRequestDto, logLeadActivity } from '@app/application/leads/log-lead-activity.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('leads')
@Allow(...RIGHTS.sell)
@Controller('leads')
export class LogLeadActivityHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/activities', 201, 'Log a visit, call, store visit, mailing, demo, trial, e-mail or message, optionally with the next follow-up date', 'Logging the same activityId twice records it once.')
  handle(@Param('id', IdPipe) id: string, @Body() body: LogLeadActivityRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(logLeadActivity(id, body), ctx));
  }
}
