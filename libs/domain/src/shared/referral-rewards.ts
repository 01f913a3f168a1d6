import { Command, Decision } from './decider';
import { ruleViolated } from './domain-error';
import { DomainEvent } from './event';
import { PaymentMethod } from './payment-methods';
import { money, withoutUndefined } from './validation';

/*
 * Referral rewards (DOMAIN §1, seed 000: Joe Girard paid every referrer promptly after a sale). A
 * referrer is a lead or a customer, so both aggregates keep their rewards with this one module; each
 * decider only adds its own id (`leadId` or `customerId`) as the event's owner.
 */

export interface ReferralReward {
  readonly referredLeadId: string;
  readonly amount: number;
  /** Business time the reward became owed. */
  readonly owedAt: string;
  readonly paidAt: string | null;
}

/** Keyed by rewardId. A plain object rather than a Map, so the state serialises as it is. */
export type ReferralRewards = Readonly<Record<string, ReferralReward>>;

/** Refusals of the reward commands; both the lead and the customer error lists include them. */
export const REFERRAL_REWARD_ERROR_CODES = ['REWARD_NOT_FOUND', 'REWARD_ALREADY_PAID', 'REWARD_AMOUNT_MISMATCH'] as const;
export type ReferralRewardErrorCode = (typeof REFERRAL_REWARD_ERROR_CODES)[number];

/** What the reward commands carry besides the referrer's id. */
export interface OweReferralRewardFields {
  /** Chosen by the caller (the policy derives it from the sale); owing the same id twice records it once. */
  readonly rewardId: string;
  /** The lead whose sale earned the reward. */
  readonly referredLeadId: string;
  /** > 0. */
  readonly amount: number;
}

export interface PayReferralRewardFields {
  readonly rewardId: string;
  /** Defaults to the owed amount; any other amount is refused (a reward is paid in full, once). */
  readonly amount?: number;
  readonly method?: PaymentMethod;
  /** The payment's own reference, e.g. a bank transfer number. */
  readonly reference?: string;
}

export interface ReferralRewardOwedFacts {
  readonly rewardId: string;
  readonly referredLeadId: string;
  readonly amount: number;
  readonly at: string;
}

export interface ReferralRewardPaidFacts {
  readonly rewardId: string;
  /** Carried along so that readers can tie the payment to the sale without the referrer's history. */
  readonly referredLeadId: string;
  readonly amount: number;
  readonly method?: PaymentMethod;
  readonly reference?: string;
  readonly at: string;
}

/** `Owner` is the referrer's id field: `{ leadId }` or `{ customerId }`. */
export type ReferralRewardOwedEvent<Owner extends object> = DomainEvent<'ReferralRewardOwed', Owner & ReferralRewardOwedFacts> & {
  readonly version: 1;
};
export type ReferralRewardPaidEvent<Owner extends object> = DomainEvent<'ReferralRewardPaid', Owner & ReferralRewardPaidFacts> & {
  readonly version: 1;
};

type RewardRefusalCode = ReferralRewardErrorCode | 'INVALID_AMOUNT';
const refuse = (code: RewardRefusalCode, message: string, details: Record<string, unknown>) => ruleViolated(code, message, details);

/** Own keys only: a rewardId such as `constructor` must not find the object's prototype. */
const rewardOf = (rewards: ReferralRewards, rewardId: string): ReferralReward | undefined =>
  Object.hasOwn(rewards, rewardId) ? rewards[rewardId] : undefined;

export const decideOweReferralReward = <Owner extends object>(
  owner: Owner,
  rewards: ReferralRewards,
  command: Command<string, OweReferralRewardFields>,
): Decision<ReferralRewardOwedEvent<Owner>> => {
  const { rewardId, referredLeadId } = command.data;
  // A policy may deliver the same sale twice: the reward is already owed, so nothing happens.
  if (rewardOf(rewards, rewardId)) return [];
  const amount = money(command.data.amount);
  if (!(Number.isFinite(amount) && amount > 0)) {
    return refuse('INVALID_AMOUNT', 'A referral reward must be a number greater than 0.', {
      ...owner,
      rewardId,
      field: 'amount',
      value: command.data.amount,
    });
  }
  return [
    {
      type: 'ReferralRewardOwed',
      version: 1,
      data: { ...owner, rewardId, referredLeadId, amount, at: command.context.occurredAt },
    },
  ];
};

export const decidePayReferralReward = <Owner extends object>(
  owner: Owner,
  rewards: ReferralRewards,
  command: Command<string, PayReferralRewardFields>,
): Decision<ReferralRewardPaidEvent<Owner>> => {
  const { rewardId, method, reference } = command.data;
  const reward = rewardOf(rewards, rewardId);
  if (!reward) return refuse('REWARD_NOT_FOUND', `No referral reward ${rewardId} is owed here.`, { ...owner, rewardId });
  if (reward.paidAt !== null) {
    return refuse('REWARD_ALREADY_PAID', `Referral reward ${rewardId} was already paid.`, { ...owner, rewardId, paidAt: reward.paidAt });
  }
  const amount = command.data.amount === undefined ? reward.amount : money(command.data.amount);
  if (amount !== reward.amount) {
    return refuse('REWARD_AMOUNT_MISMATCH', `Referral reward ${rewardId} is ${reward.amount}, not ${command.data.amount}.`, {
      ...owner,
      rewardId,
      owed: reward.amount,
      amount: command.data.amount,
    });
  }
  return [
    {
      type: 'ReferralRewardPaid',
      version: 1,
      data: withoutUndefined({ ...owner, rewardId, referredLeadId: reward.referredLeadId, amount, method, reference, at: command.context.occurredAt }),
    },
  ];
};

/** The rewards after a reward event; other events leave them as they are. */
export const evolveReferralRewards = (
  rewards: ReferralRewards,
  event: ReferralRewardOwedEvent<object> | ReferralRewardPaidEvent<object>,
): ReferralRewards => {
  const { rewardId, at } = event.data;
  if (event.type === 'ReferralRewardOwed') {
    if (rewardOf(rewards, rewardId)) return rewards;
    return { ...rewards, [rewardId]: { referredLeadId: event.data.referredLeadId, amount: event.data.amount, owedAt: at, paidAt: null } };
  }
  const reward = rewardOf(rewards, rewardId);
  // A payment of a reward never owed cannot come from the decider; ignore it rather than invent one.
  return reward ? { ...rewards, [rewardId]: { ...reward, paidAt: at } } : rewards;
};
