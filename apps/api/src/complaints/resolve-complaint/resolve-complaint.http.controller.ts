import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { ResolveComplaintRequestDto, resolveComplaint } from '@app/application/complaints/resolve-complaint.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('complaints')
@Allow(...RIGHTS.handleComplaints)
@Controller('complaints')
export class ResolveComplaintHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/resolution', 200, 'Resolve a complaint; response and resolution times and whether the deadline was met are recorded')
  handle(@Param('id', IdPipe) id: string, @Body() body: ResolveComplaintRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(resolveComplaint(id, body), ctx));
  }
}
