import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { EscalateComplaintRequestDto, escalateComplaint } from '@app/application/complaints/escalate-complaint.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('complaints')
@Allow(...RIGHTS.handleComplaints)
@Controller('complaints')
export class EscalateComplaintHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/escalation', 200, 'Escalate a complaint; a safety-related one gets a tracking number and a 24-hour deadline')
  handle(@Param('id', IdPipe) id: string, @Body() body: EscalateComplaintRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(escalateComplaint(id, body), ctx));
  }
}
