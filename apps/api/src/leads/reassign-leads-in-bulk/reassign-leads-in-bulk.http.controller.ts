import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { ReassignLeadsInBulkCommand } from './reassign-leads-in-bulk.command';
import { ReassignLeadsInBulkRequestDto } from '@app/application/leads/reassign-leads-in-bulk.request';
import { ReassignLeadsInBulkResponseDto } from './reassign-leads-in-bulk.response.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('leads')
@Allow(...RIGHTS.manageTeam)
@Controller('leads')
export class ReassignLeadsInBulkHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute('reassignments', 200, "Move every open lead of one owner to another (a rep who leaves)", 'Answers with the leads moved and those skipped because they changed hands or closed meanwhile.', ReassignLeadsInBulkResponseDto)
  handle(@Body() body: ReassignLeadsInBulkRequestDto, @Ctx() ctx: RequestContext): Promise<ReassignLeadsInBulkResponseDto> {
    return this.commands.execute(new ReassignLeadsInBulkCommand(body, ctx));
  }
}
