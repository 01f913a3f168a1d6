import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { UpdateCustomerProfileRequestDto, updateCustomerProfile } from '@app/application/customers/update-customer-profile.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('customers')
@Allow(...RIGHTS.sell)
@Controller('customers')
export class UpdateCustomerProfileHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/profile', 200, 'Update the customer file: name, contacts, individual or organisation facts', 'A patch: omitted fields stay; null clears an optional fact. The event lists which fields changed.')
  handle(@Param('id', IdPipe) id: string, @Body() body: UpdateCustomerProfileRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(updateCustomerProfile(id, body), ctx));
  }
}
