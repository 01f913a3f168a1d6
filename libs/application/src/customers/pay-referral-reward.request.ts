import { requestMapping } from '../command-request';
import { PayReferralRewardRequestDto } from '../requests/pay-referral-reward.request.dto';

/** Paying the reward this customer is owed as a referrer (`:rewardId` from the path). */
export const payCustomerReferralReward = requestMapping(PayReferralRewardRequestDto, {
  aggregate: 'customer',
  type: 'PayReferralReward',
  notFromBody: ['customerId', 'rewardId'],
  data: (customerId, body, path) => ({ customerId, rewardId: path.rewardId, amount: body.amount, method: body.method, reference: body.reference }),
});
