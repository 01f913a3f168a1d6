import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { AdvanceLeadStageCommand } from './advance-lead-stage.command';
import { AdvanceLeadStageRequestDto } from '@app/application/leads/advance-lead-stage.request';
import { AdvanceLeadStageResponseDto } from './advance-lead-stage.response.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('leads')
@Allow(...RIGHTS.sell)
@Controller('leads')
export class AdvanceLeadStageHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/stage', 200, 'Move a lead through the funnel: D → C → B → A → won | lost', 'Forward moves may skip stages; moving back needs a reason; lost needs a reason; won needs the amount and opens the customer file. An m+a+n lead needs overrideReason to move forward.', AdvanceLeadStageResponseDto)
  handle(@Param('id', IdPipe) id: string, @Body() body: AdvanceLeadStageRequestDto, @Ctx() ctx: RequestContext): Promise<AdvanceLeadStageResponseDto> {
    return this.commands.execute(new AdvanceLeadStageCommand(id, body, ctx));
  }
}
