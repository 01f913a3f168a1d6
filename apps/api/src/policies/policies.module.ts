import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { POLICIES } from './policy';
import { PolicyRunner } from './policy-runner';
import { ReferralRewardPolicy } from './referral-reward.policy';
import { SafetyDeadlineScheduler } from './safety-deadline.scheduler';

@Module({
  imports: [CqrsModule],
  providers: [
    ReferralRewardPolicy,
    { provide: POLICIES, useFactory: (referralRewards: ReferralRewardPolicy) => [referralRewards], inject: [ReferralRewardPolicy] },
    PolicyRunner,
    SafetyDeadlineScheduler,
  ],
  exports: [PolicyRunner, SafetyDeadlineScheduler],
})
export class PoliciesModule {}
