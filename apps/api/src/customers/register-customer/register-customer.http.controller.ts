import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { RegisterCustomerRequestDto, registerCustomer } from '@app/application/customers/register-customer.request';
import { Allow } from '../../security/access.decorators';
import { newRecordId } from '../../security/access-policy';
import { RIGHTS } from '../../security/rights';

@ApiTags('customers')
@Allow(...RIGHTS.sell)
@Controller('customers')
export class RegisterCustomerHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute('', 201, 'Open a customer file directly (a won lead opens one by itself)')
  handle(@Body() { id: chosen, ...body }: RegisterCustomerRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    const id = newRecordId(ctx, 'customer', chosen);
    return this.commands.execute(new ExecuteCommand(registerCustomer(id, body), ctx));
  }
}
