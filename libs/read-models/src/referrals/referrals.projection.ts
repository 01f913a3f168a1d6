import { LeadEvent, LeadStage, Referrer } from '@app/domain/lead';
import { DomainEvent, RecordedEvent, ReferralRewardOwedFacts, ReferralRewardPaidFacts } from '@app/domain/shared';
import { Projection, ReadModelDoc } from '@app/projection-engine';
import { narrow } from '../shared/read-model.helpers';

/** One referred lead (DOMAIN §1: referral chains; a reward is owed when the referred lead is won). */
export interface ReferralDoc extends ReadModelDoc {
  readonly referrer: Referrer;
  readonly referredLeadId: string;
  readonly capturedAt: string;
  readonly stage: LeadStage;
  /** Set while the referred lead is won (cleared if it is reopened). */
  readonly wonAt: string | null;
  readonly wonAmount: number | null;
  /** Set while the referred lead is lost. */
  readonly lostAt: string | null;
  /** The referral reward, owed on the referrer's stream when the referred lead is won, then paid. */
  readonly reward: ReferralRewardView | null;
}

export interface ReferralRewardView {
  readonly rewardId: string;
  readonly amount: number;
  readonly owedAt: string;
  readonly paidAt: string | null;
}

/** Reward events live on the referrer's stream (a lead or a customer) and name the referred lead. */
type RewardEvent = RecordedEvent<DomainEvent<'ReferralRewardOwed', ReferralRewardOwedFacts> | DomainEvent<'ReferralRewardPaid', ReferralRewardPaidFacts>>;

const rewarded = (doc: ReferralDoc, event: RewardEvent): ReferralDoc => {
  if (event.type === 'ReferralRewardOwed') {
    const { rewardId, amount, at } = event.data;
    return doc.reward ? doc : { ...doc, reward: { rewardId, amount, owedAt: at, paidAt: null } };
  }
  return doc.reward?.rewardId === event.data.rewardId ? { ...doc, reward: { ...doc.reward, paidAt: event.data.at } } : doc;
};

const evolve = (doc: ReferralDoc | null, recorded: RecordedEvent, id: string): ReferralDoc | null => {
  if (recorded.type === 'ReferralRewardOwed' || recorded.type === 'ReferralRewardPaid') return doc && rewarded(doc, recorded as RewardEvent);
  const event = narrow<LeadEvent>(recorded);
  if (event.type === 'LeadCaptured') {
    const { referredBy, leadId, at } = event.data;
    // Only referred leads have a document; every other lead's events find none and change nothing.
    if (!referredBy) return null;
    return {
      _id: id,
      _position: event.position,
      referrer: { kind: referredBy.kind, id: referredBy.id },
      referredLeadId: leadId,
      capturedAt: at,
      stage: 'D',
      wonAt: null,
      wonAmount: null,
      lostAt: null,
      reward: null,
    };
  }
  if (!doc) return null;
  switch (event.type) {
    case 'LeadStageAdvanced': {
      const { to, at, wonAmount } = event.data;
      const won = to === 'won';
      return { ...doc, stage: to, wonAt: won ? at : null, wonAmount: won ? (wonAmount ?? null) : null, lostAt: to === 'lost' ? at : null };
    }
    case 'LeadReopened':
      return { ...doc, stage: event.data.to, wonAt: null, wonAmount: null, lostAt: null };
    default:
      return doc;
  }
};

export const referralsProjection: Projection<ReferralDoc> = {
  name: 'referrals',
  version: 2,
  indexes: [{ fields: [{ field: 'referrer.id' }, { field: 'wonAt' }] }, { fields: [{ field: 'wonAt' }] }],
  // Activities and reassignments do not change a referral.
  eventTypes: ['LeadCaptured', 'LeadStageAdvanced', 'LeadReopened', 'ReferralRewardOwed', 'ReferralRewardPaid'],
  keys: (event) => [(event.data as { referredLeadId?: string; leadId: string }).referredLeadId ?? (event.data as { leadId: string }).leadId],
  evolve,
};
