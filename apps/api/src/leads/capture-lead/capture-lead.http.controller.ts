import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { CaptureLeadRequestDto, captureLead } from '@app/application/leads/capture-lead.request';
import { Allow } from '../../security/access.decorators';
import { newRecordId } from '../../security/access-policy';
import { RIGHTS } from '../../security/rights';

@ApiTags('leads')
@Allow(...RIGHTS.sell)
@Controller('leads')
export class CaptureLeadHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute('', 201, 'Capture a lead: a person or organisation that may need and be able to buy', 'The lead starts at funnel stage D. The source records how it was found.')
  handle(@Body() { id: chosen, ...body }: CaptureLeadRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    const id = newRecordId(ctx, 'lead', chosen);
    return this.commands.execute(new ExecuteCommand(captureLead(id, body), ctx));
  }
}
