import { DomainEvent, ReferralRewardOwedEvent, ReferralRewardPaidEvent } from '../shared';
import {
  ActivityOutcomeCode,
  ActivityType,
  ClosedLeadStage,
  ConsentPurpose,
  LeadKind,
  LeadSource,
  LeadStage,
  ManClass,
  OpenLeadStage,
  RecommendedAction,
  ReferrerKind,
  StageDirection,
} from './lead.constants';
import { ManAnswer } from './man';

/*
 * Every lead event carries `at`: the command's `context.occurredAt` (business time). The metadata
 * holds it too, but `evolve` only sees `{ type, version, data }`, and the state needs it for
 * capturedAt, stageEnteredAt and lastActivityAt. Every lead event carries it, so the rule has no exceptions.
 */

export interface LeadContacts {
  readonly phones: readonly string[];
  readonly emails: readonly string[];
  readonly address?: string;
  readonly wechat?: string;
}

/** What an organisation lead is (DOMAIN §3 step 1, §5). Only for `kind: 'organisation'`. */
export interface OrganisationFacts {
  readonly legalName?: string;
  readonly region?: string;
  readonly industry?: string;
  readonly mainBusiness?: string;
  readonly headcount?: number;
  readonly branches?: readonly string[];
  readonly parentBody?: string;
  /** Upstream and downstream partners. */
  readonly partners?: readonly string[];
  /** Current yearly spend on what we sell. */
  readonly annualSpend?: number;
  readonly headName?: string;
  readonly headPhone?: string;
  readonly mainNeeds?: string;
}

export interface Referrer {
  readonly kind: ReferrerKind;
  readonly id: string;
}

export interface Consent {
  readonly purposes: readonly ConsentPurpose[];
}

export interface LeadCapturedData {
  readonly leadId: string;
  readonly kind: LeadKind;
  readonly name: string;
  readonly contacts: LeadContacts;
  readonly organisation?: OrganisationFacts;
  readonly source: LeadSource;
  readonly referredBy?: Referrer;
  readonly ownerId: string;
  readonly teamId: string;
  readonly productInterest: readonly string[];
  readonly expectedAmount?: number;
  /** A date, `YYYY-MM-DD`. */
  readonly expectedCloseDate?: string;
  readonly consent: Consent;
  readonly notes?: string;
  readonly at: string;
}

/** v1 stored a single yes/no instead of consent per purpose; upcast on read (lead.upcasters.ts). */
export type LeadCapturedV1Data = Omit<LeadCapturedData, 'consent'> & { readonly consentGiven: boolean };

export const LEAD_CAPTURED_VERSION = 2;

export interface LeadQualifiedData {
  readonly leadId: string;
  readonly money: ManAnswer;
  readonly authority: ManAnswer;
  readonly need: ManAnswer;
  readonly manClass: ManClass;
  readonly recommendedAction: RecommendedAction;
  /** The class before this qualification; null the first time. */
  readonly previousManClass: ManClass | null;
  readonly at: string;
}

export interface LeadStageAdvancedData {
  readonly leadId: string;
  readonly from: OpenLeadStage;
  readonly to: LeadStage;
  /** `lost` counts as forward: it closes the lead, like `won`. */
  readonly direction: StageDirection;
  /** Why; always present on a backward move. */
  readonly reason?: string;
  /** Why a lead classed m+a+n was moved forward anyway. */
  readonly overrideReason?: string;
  /** Only when `to` is `lost`. */
  readonly lostReason?: string;
  readonly competitor?: string;
  /** Only when `to` is `won`; > 0. */
  readonly wonAmount?: number;
  readonly expectedAmount?: number;
  readonly expectedCloseDate?: string;
  readonly at: string;
}

export interface LeadReopenedData {
  readonly leadId: string;
  readonly from: ClosedLeadStage;
  readonly to: OpenLeadStage;
  readonly reason: string;
  readonly at: string;
}

export interface LeadActivityLoggedData {
  readonly leadId: string;
  readonly activityId: string;
  readonly activityType: ActivityType;
  /** Free text: what came of it. */
  readonly outcome: string;
  readonly outcomeCode?: ActivityOutcomeCode;
  readonly notes?: string;
  readonly durationMinutes?: number;
  /** ISO date-time, not before `at`. */
  readonly nextFollowUpAt?: string;
  readonly at: string;
}

export interface LeadReassignedData {
  readonly leadId: string;
  readonly fromOwnerId: string;
  readonly toOwnerId: string;
  readonly fromTeamId: string;
  readonly toTeamId: string;
  readonly reason?: string;
  /** Set when the move is part of a bulk reassignment (e.g. a rep leaves). */
  readonly bulkReassignmentId?: string;
  readonly at: string;
}

export interface LeadConsentWithdrawnData {
  readonly leadId: string;
  /** The purposes withdrawn by this event (each was consented to until now). */
  readonly purposes: readonly ConsentPurpose[];
  /** What the lead still consents to afterwards; empty: nothing, and its personal data is erased after the retention period. */
  readonly remainingPurposes: readonly ConsentPurpose[];
  /** How the withdrawal reached us (free text). */
  readonly note?: string;
  readonly at: string;
}

export type LeadCaptured = DomainEvent<'LeadCaptured', LeadCapturedData> & { readonly version: 2 };
export type LeadQualified = DomainEvent<'LeadQualified', LeadQualifiedData> & { readonly version: 1 };
export type LeadStageAdvanced = DomainEvent<'LeadStageAdvanced', LeadStageAdvancedData> & { readonly version: 1 };
export type LeadReopened = DomainEvent<'LeadReopened', LeadReopenedData> & { readonly version: 1 };
export type LeadActivityLogged = DomainEvent<'LeadActivityLogged', LeadActivityLoggedData> & { readonly version: 1 };
export type LeadReassigned = DomainEvent<'LeadReassigned', LeadReassignedData> & { readonly version: 1 };
export type LeadConsentWithdrawn = DomainEvent<'LeadConsentWithdrawn', LeadConsentWithdrawnData> & { readonly version: 1 };

/* Rewards owed to and paid to this lead as a referrer; the shape is shared with the customer (shared/referral-rewards.ts). */
export type ReferralRewardOwedToLead = ReferralRewardOwedEvent<{ readonly leadId: string }>;
export type ReferralRewardPaidToLead = ReferralRewardPaidEvent<{ readonly leadId: string }>;
export type ReferralRewardOwedToLeadData = ReferralRewardOwedToLead['data'];
export type ReferralRewardPaidToLeadData = ReferralRewardPaidToLead['data'];

export type LeadEvent =
  | LeadCaptured
  | LeadQualified
  | LeadStageAdvanced
  | LeadReopened
  | LeadActivityLogged
  | LeadReassigned
  | LeadConsentWithdrawn
  | ReferralRewardOwedToLead
  | ReferralRewardPaidToLead;

export type LeadEventType = LeadEvent['type'];

/** Current version of each lead event type (what the decider writes and upcasting ends at). */
export const LEAD_EVENT_VERSIONS: Readonly<Record<LeadEventType, number>> = {
  LeadCaptured: LEAD_CAPTURED_VERSION,
  LeadQualified: 1,
  LeadStageAdvanced: 1,
  LeadReopened: 1,
  LeadActivityLogged: 1,
  LeadReassigned: 1,
  LeadConsentWithdrawn: 1,
  ReferralRewardOwed: 1,
  ReferralRewardPaid: 1,
};

export const LEAD_EVENT_TYPES = Object.keys(LEAD_EVENT_VERSIONS) as readonly LeadEventType[];
