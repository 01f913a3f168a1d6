import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { Allow } from '../../security/access.decorators';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { WithdrawLeadConsentRequestDto, withdrawLeadConsent } from '@app/application/leads/withdraw-lead-consent.request';

@ApiTags('leads')
@Controller('leads')
export class WithdrawLeadConsentHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(
    ':id/consent-withdrawal',
    200,
    'Withdraw the consent a lead gave for some purposes, or all',
    'Accepted whatever the stage. While marketing consent is withdrawn the lead is left out of the follow-up and idle-lead work queues. ' +
      'Once no purpose is left, its personal data is erased after CONSENT_RETENTION_DAYS. Withdrawing a purpose already withdrawn changes nothing; ' +
      'one never consented to is 422 CONSENT_NOT_GIVEN.',
  )
  @Allow('sales_rep', 'sales_manager', 'admin')
  handle(@Param('id', IdPipe) id: string, @Body() body: WithdrawLeadConsentRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(withdrawLeadConsent(id, body), ctx));
  }
}
