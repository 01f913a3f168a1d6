import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { VerifyIdentityRequestDto, verifyIdentity } from '@app/application/customers/verify-identity.request';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('customers')
@Allow(...RIGHTS.sell)
@Controller('customers')
export class VerifyIdentityHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/identity-verifications', 201, 'Record a real-name identity check and when it must be re-verified (default: one year)')
  handle(@Param('id', IdPipe) id: string, @Body() body: VerifyIdentityRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(verifyIdentity(id, body), ctx));
  }
}
