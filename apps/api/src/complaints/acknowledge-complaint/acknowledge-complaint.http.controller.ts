import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { AcknowledgeComplaintRequestDto, acknowledgeComplaint } from '@app/application/complaints/acknowledge-complaint.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('complaints')
@Allow(...RIGHTS.handleComplaints)
@Controller('complaints')
export class AcknowledgeComplaintHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/acknowledgement', 200, 'Acknowledge a complaint (starts nothing new: the response time is measured from logging)')
  handle(@Param('id', IdPipe) id: string, @Body() body: AcknowledgeComplaintRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(acknowledgeComplaint(id, body), ctx));
  }
}
