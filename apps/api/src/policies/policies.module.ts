import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ConsentRetentionScheduler } from './consent-retention.scheduler';
import { POLICIES, Policy } from './policy';
import { PolicyRunner } from './policy-runner';
import { ReferralRewardPolicy } from './referral-reward.policy';
import { SafetyDeadlineScheduler } from './safety-deadline.scheduler';
import { WonLeadOpensCustomerFilePolicy } from './won-lead-opens-customer-file.policy';

@Module({
  imports: [CqrsModule],
  providers: [
    ReferralRewardPolicy,
    WonLeadOpensCustomerFilePolicy,
    {
      provide: POLICIES,
      useFactory: (...policies: Policy[]) => policies,
      inject: [WonLeadOpensCustomerFilePolicy, ReferralRewardPolicy],
    },
    PolicyRunner,
    SafetyDeadlineScheduler,
    ConsentRetentionScheduler,
  ],
  exports: [PolicyRunner, SafetyDeadlineScheduler, ConsentRetentionScheduler, WonLeadOpensCustomerFilePolicy],
})
export class PoliciesModule {}
