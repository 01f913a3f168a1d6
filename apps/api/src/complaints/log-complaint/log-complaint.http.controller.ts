import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { LogComplaintRequestDto, logComplaint } from '@app/application/complaints/log-complaint.request';
import { complaintCustomerRefusal } from '@app/application/complaints/complaint-customer';
import { CommandExecutor } from '@app/application/command-executor';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('complaints')
@Allow(...RIGHTS.handleComplaints)
@Controller('complaints')
export class LogComplaintHttpController {
  constructor(
    private readonly commands: CommandBus,
    private readonly executor: CommandExecutor,
  ) {}

  @CommandRoute('', 201, 'Log a complaint: category, touchpoint, severity, channel')
  async handle(@Body() { id = randomUUID(), ...body }: LogComplaintRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    const refusal = await complaintCustomerRefusal(this.executor, body.customerId);
    if (refusal) throw refusal;
    return this.commands.execute(new ExecuteCommand(logComplaint(id, body), ctx));
  }
}
