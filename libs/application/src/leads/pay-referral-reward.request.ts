import { requestMapping } from '../command-request';
import { PayReferralRewardRequestDto } from '../requests/pay-referral-reward.request.dto';

/** Paying the reward this lead is owed as a referrer (`:rewardId` from the path). */
export const payLeadReferralReward = requestMapping(PayReferralRewardRequestDto, {
  aggregate: 'lead',
  type: 'PayReferralReward',
  notFromBody: ['leadId', 'rewardId'],
  data: (leadId, body, path) => ({ leadId, rewardId: path.rewardId, amount: body.amount, method: body.method, reference: body.reference }),
});
