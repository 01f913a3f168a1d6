import { LeadStage, Referrer } from '@app/domain/lead';
import { money } from '@app/domain/shared';
import { ReferralDoc } from './referrals.projection';
import { compareText, compareTimes, daysBetween, groupByKeys } from '../shared/statistics';

export interface ReferralsOptions {
  /** Won referrals that make a VIP (seed 003: three or more buyers in a year). */
  readonly vipMinimum?: number;
  readonly vipWindowDays?: number;
}

export const VIP_MINIMUM_WON_REFERRALS = 3;
export const VIP_WINDOW_DAYS = 365;

/** Rewards owed and paid (seed 000: pay every referrer promptly after the sale). */
export interface RewardsSummary {
  /** Owed and not yet paid. */
  readonly outstanding: { readonly count: number; readonly amount: number; readonly rewardIds: readonly string[] };
  readonly paid: { readonly count: number; readonly amount: number };
}

export interface ReferrerRow {
  /** A lead and the customer registered from it share the id, so one referrer is one id. */
  readonly referrerId: string;
  readonly kinds: readonly Referrer['kind'][];
  readonly referred: number;
  readonly won: number;
  readonly lost: number;
  readonly open: number;
  readonly wonAmount: number;
  readonly referredLeadIds: readonly string[];
  readonly wonLeadIds: readonly string[];
  readonly vip: boolean;
  /** When the VIP threshold was first reached (the win that completed the window). */
  readonly vipSince: string | null;
  readonly rewards: RewardsSummary;
}

/** Who referred whom, as a tree: each referred lead with the leads it (or the customer it became) referred. */
export interface ReferralNode {
  readonly id: string;
  /** The node's own stage as a referred lead; null for a referrer that was not itself referred. */
  readonly stage: LeadStage | null;
  readonly wonAt: string | null;
  readonly referred: readonly ReferralNode[];
}

export interface ReferralsReport {
  readonly referrers: readonly ReferrerRow[];
  /** Chains from referrers nobody referred (snowball / endless chain, DOMAIN §1). */
  readonly chains: readonly ReferralNode[];
  /** Length of the longest chain, in referrals. */
  readonly longestChain: number;
}

/** The first moment `minimum` wins fall within `windowDays` of each other, or null. */
export const vipSince = (wonAts: readonly string[], minimum: number, windowDays: number): string | null => {
  const sorted = [...wonAts].sort(compareTimes);
  for (let last = minimum - 1; last < sorted.length; last++) {
    if (daysBetween(sorted[last - minimum + 1], sorted[last]) <= windowDays) return sorted[last];
  }
  return null;
};

const referrerRow = (referrerId: string, docs: readonly ReferralDoc[], minimum: number, windowDays: number): ReferrerRow => {
  const won = docs.filter((doc) => doc.wonAt !== null);
  const since = vipSince(won.map((doc) => doc.wonAt!), minimum, windowDays);
  return {
    referrerId,
    kinds: [...new Set(docs.map((doc) => doc.referrer.kind))].sort(),
    referred: docs.length,
    won: won.length,
    lost: docs.filter((doc) => doc.lostAt !== null).length,
    open: docs.filter((doc) => doc.wonAt === null && doc.lostAt === null).length,
    wonAmount: money(won.reduce((sum, doc) => sum + (doc.wonAmount ?? 0), 0)),
    referredLeadIds: docs.map((doc) => doc.referredLeadId).sort(compareText),
    wonLeadIds: won.map((doc) => doc.referredLeadId).sort(compareText),
    vip: since !== null,
    vipSince: since,
    rewards: rewardsOf(docs),
  };
};

const rewardsOf = (docs: readonly ReferralDoc[]): RewardsSummary => {
  const rewards = docs.flatMap((doc) => (doc.reward ? [doc.reward] : []));
  const outstanding = rewards.filter((r) => r.paidAt === null);
  const paid = rewards.filter((r) => r.paidAt !== null);
  return {
    outstanding: { count: outstanding.length, amount: money(outstanding.reduce((sum, r) => sum + r.amount, 0)), rewardIds: outstanding.map((r) => r.rewardId).sort(compareText) },
    paid: { count: paid.length, amount: money(paid.reduce((sum, r) => sum + r.amount, 0)) },
  };
};

const chainsOf = (docs: readonly ReferralDoc[]): ReferralNode[] => {
  const byReferrer = new Map(groupByKeys(docs, (doc) => [doc.referrer.id]));
  const referredIds = new Set(docs.map((doc) => doc.referredLeadId));
  const visited = new Set<string>();
  const node = (id: string, doc: ReferralDoc | null): ReferralNode => {
    visited.add(id);
    const children = (byReferrer.get(id) ?? []).filter((child) => !visited.has(child.referredLeadId));
    return {
      id,
      stage: doc?.stage ?? null,
      wonAt: doc?.wonAt ?? null,
      referred: children.sort((a, b) => compareText(a.referredLeadId, b.referredLeadId)).map((child) => node(child.referredLeadId, child)),
    };
  };
  const roots = [...byReferrer.keys()].filter((id) => !referredIds.has(id));
  return roots.map((id) => node(id, null));
};

const depth = (node: ReferralNode): number => (node.referred.length === 0 ? 0 : 1 + Math.max(...node.referred.map(depth)));

/**
 * Referrals (DOMAIN §1): who referred whom, along chains (a referred lead that became a customer and
 * referred others, followed by id), how many each referrer's referrals were won, and who is a VIP.
 */
export const referralsReport = (referrals: readonly ReferralDoc[], options: ReferralsOptions = {}): ReferralsReport => {
  const { vipMinimum = VIP_MINIMUM_WON_REFERRALS, vipWindowDays = VIP_WINDOW_DAYS } = options;
  const chains = chainsOf(referrals);
  return {
    referrers: groupByKeys(referrals, (doc) => [doc.referrer.id]).map(([id, docs]) => referrerRow(id, docs, vipMinimum, vipWindowDays)),
    chains,
    longestChain: Math.max(0, ...chains.map(depth)),
  };
};
