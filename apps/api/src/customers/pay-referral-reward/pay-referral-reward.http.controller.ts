import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiTags } from '@nestjs/swagger';
import { payCustomerReferralReward } from '@app/application/customers/pay-referral-reward.request';
import { ExecuteCommand } from '../../shared/commands/execute.command';
import { Ctx, RequestContext } from '../../shared/commands/request-context';
import { CommandResponseDto } from '../../shared/http/command-response.dto';
import { CommandRoute } from '../../shared/http/command-route.decorator';
import { IdPipe } from '../../shared/http/id.pipe';
import { PayReferralRewardRequestDto } from '@app/application/requests/pay-referral-reward.request.dto';
import { Allow } from '../../security/access.decorators';
import { RIGHTS } from '../../security/rights';

@ApiTags('customers')
@Allow(...RIGHTS.manageTeam)
@Controller('customers')
export class PayCustomerReferralRewardHttpController {
  constructor(private readonly commands: CommandBus) {}

  @CommandRoute(':id/referral-rewards/:rewardId/payment', 200, 'Pay the referral reward this customer is owed for a referred lead that was won')
  handle(@Param('id', IdPipe) id: string, @Param('rewardId', IdPipe) rewardId: string, @Body() body: PayReferralRewardRequestDto, @Ctx() ctx: RequestContext): Promise<CommandResponseDto> {
    return this.commands.execute(new ExecuteCommand(payCustomerReferralReward(id, body, { rewardId }), ctx));
  }
}
