import { Injectable, Inject } from '@nestjs/common';
import { ExistingLeadState, LeadStageAdvancedData } from '@app/domain/lead';
import { parseStreamName, RecordedEvent } from '@app/domain/shared';
import { POLICY_SETTINGS, PolicySettings } from '@app/application/policy.settings';
import { concatMap, filter, Observable } from 'rxjs';
import { CommandExecutor } from '@app/application/command-executor';
import { ExecuteCommand } from '../shared/commands/execute.command';
import { Policy, policyContext } from './policy';

/**
 * When a referred lead is won, a referral reward is owed to whoever referred it (seed 000: Joe
 * Girard paid every referrer promptly after the sale), on the referrer's own stream, once.
 * A referring lead that has since become a customer is rewarded as that customer (same id).
 */
@Injectable()
export class ReferralRewardPolicy implements Policy {
  readonly name = 'referral-rewards';
  readonly eventTypes = ['LeadStageAdvanced'];

  constructor(
    private readonly executor: CommandExecutor,
    @Inject(POLICY_SETTINGS.token) private readonly config: PolicySettings,
  ) {}

  readonly saga = (events$: Observable<RecordedEvent>): Observable<ExecuteCommand> =>
    events$.pipe(
      filter((event) => event.type === 'LeadStageAdvanced' && (event.data as LeadStageAdvancedData).to === 'won'),
      concatMap(async (won) => this.rewardFor(won)),
      filter((command): command is ExecuteCommand => command !== null),
    );

  private async rewardFor(won: RecordedEvent): Promise<ExecuteCommand | null> {
    const leadId = parseStreamName(won.streamId).id;
    const referrer = ((await this.executor.loadState('lead', leadId)).state as ExistingLeadState).referredBy;
    if (!referrer) return null;
    const asCustomer = referrer.kind === 'customer' || (await this.executor.loadState('customer', referrer.id)).revision >= 0;
    // One reward per referred lead: winning it again after a reopening owes nothing more.
    const owed = { rewardId: `referral-${leadId}`, referredLeadId: leadId, amount: this.config.referralRewardAmount };
    const options = { occurredAt: won.metadata.occurredAt };
    const ctx = policyContext(this.name, won);
    return asCustomer
      ? new ExecuteCommand({ aggregate: 'customer', id: referrer.id, command: { type: 'OweReferralReward', data: { customerId: referrer.id, ...owed } }, options }, ctx)
      : new ExecuteCommand({ aggregate: 'lead', id: referrer.id, command: { type: 'OweReferralReward', data: { leadId: referrer.id, ...owed } }, options }, ctx);
  }
}
