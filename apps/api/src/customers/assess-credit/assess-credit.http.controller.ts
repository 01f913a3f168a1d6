import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { AssessCreditRequestDto, assessCredit } from '@app/application/customers/assess-credit.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('customers')
@Allow(...RIGHTS.sell)
@Controller('customers')
export class AssessCreditHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/credit-assessments', 201, 'Assess credit by the 5C (character, capacity, capital, collateral, conditions), each 1-5', 'Rating: A when the sum is at least 21, B at least 16, C at least 11, else D; a character score of 1 caps the rating at D. Credit limit = requested limit x 1.0 / 0.75 / 0.5 / 0 for A / B / C / D.')
  handle(@Param('id', IdPipe) id: string, @Body() body: AssessCreditRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(assessCredit(id, body), ctx));
  }
}
