import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PoliciesModule } from '../policies/policies.module';
import { AdvanceLeadStageHandler } from './advance-lead-stage/advance-lead-stage.command-handler';
import { AdvanceLeadStageHttpController } from './advance-lead-stage/advance-lead-stage.http.controller';
import { CaptureLeadHttpController } from './capture-lead/capture-lead.http.controller';
import { GetLeadHandler } from './get-lead/get-lead.query-handler';
import { GetLeadHttpController } from './get-lead/get-lead.http.controller';
import { ListLeadsHandler } from './list-leads/list-leads.query-handler';
import { ListLeadsHttpController } from './list-leads/list-leads.http.controller';
import { LogLeadActivityHttpController } from './log-lead-activity/log-lead-activity.http.controller';
import { PayLeadReferralRewardHttpController } from './pay-referral-reward/pay-referral-reward.http.controller';
import { QualifyLeadHttpController } from './qualify-lead/qualify-lead.http.controller';
import { ReassignLeadHttpController } from './reassign-lead/reassign-lead.http.controller';
import { ReassignLeadsInBulkHandler } from './reassign-leads-in-bulk/reassign-leads-in-bulk.command-handler';
import { ReassignLeadsInBulkHttpController } from './reassign-leads-in-bulk/reassign-leads-in-bulk.http.controller';
import { ReopenLeadHttpController } from './reopen-lead/reopen-lead.http.controller';
import { WithdrawLeadConsentHttpController } from './withdraw-lead-consent/withdraw-lead-consent.http.controller';

@Module({
  imports: [CqrsModule, PoliciesModule],
  controllers: [
    AdvanceLeadStageHttpController,
    CaptureLeadHttpController,
    GetLeadHttpController,
    ListLeadsHttpController,
    LogLeadActivityHttpController,
    PayLeadReferralRewardHttpController,
    QualifyLeadHttpController,
    ReassignLeadHttpController,
    ReassignLeadsInBulkHttpController,
    ReopenLeadHttpController,
    WithdrawLeadConsentHttpController,
  ],
  providers: [
    AdvanceLeadStageHandler,
    GetLeadHandler,
    ListLeadsHandler,
    ReassignLeadsInBulkHandler,
  ],
})
export class LeadsModule {}
