import { Command, OweReferralRewardFields, PayReferralRewardFields } from '../shared';
import { ActivityOutcomeCode, ActivityType, ConsentPurpose, LeadStage, OpenLeadStage } from './lead.constants';
import { LeadCapturedData } from './lead.events';
import { ManAnswer } from './man';

/* Every command's data carries `leadId`; business time comes in `context.occurredAt`. */

/** What a capture records, less its business time (which comes with the command). */
export type CaptureLeadData = Omit<LeadCapturedData, 'at'>;

export interface QualifyLeadData {
  readonly leadId: string;
  readonly money: ManAnswer;
  readonly authority: ManAnswer;
  readonly need: ManAnswer;
}

export interface AdvanceLeadStageData {
  readonly leadId: string;
  readonly to: LeadStage;
  /** Required moving backward; the lost reason when `to` is `lost`. */
  readonly reason?: string;
  /** Required to move an m+a+n lead forward. */
  readonly overrideReason?: string;
  /** Only with `to: 'lost'`. */
  readonly competitor?: string;
  /** The won amount; required (> 0) with `to: 'won'`, refused otherwise. */
  readonly amount?: number;
  readonly expectedAmount?: number;
  readonly expectedCloseDate?: string;
}

export interface ReopenLeadData {
  readonly leadId: string;
  readonly to: OpenLeadStage;
  readonly reason: string;
}

export interface LogLeadActivityData {
  readonly leadId: string;
  /** Chosen by the caller; logging the same id twice records it once. */
  readonly activityId: string;
  readonly activityType: ActivityType;
  readonly outcome: string;
  readonly outcomeCode?: ActivityOutcomeCode;
  readonly notes?: string;
  readonly durationMinutes?: number;
  readonly nextFollowUpAt?: string;
}

export interface ReassignLeadData {
  readonly leadId: string;
  readonly toOwnerId: string;
  readonly toTeamId: string;
  readonly reason?: string;
  readonly bulkReassignmentId?: string;
  /** When set, refuse unless this is still the owner (a bulk move never steals a lead moved meanwhile). */
  readonly expectedOwnerId?: string;
}

export interface WithdrawLeadConsentData {
  readonly leadId: string;
  /** The purposes to withdraw, or `all` the lead still consents to. */
  readonly purposes: readonly ConsentPurpose[] | 'all';
  readonly note?: string;
}

/** The lead is the REFERRER here: it is owed a reward for `referredLeadId`'s sale. */
export interface OweReferralRewardToLeadData extends OweReferralRewardFields {
  readonly leadId: string;
}

export interface PayReferralRewardToLeadData extends PayReferralRewardFields {
  readonly leadId: string;
}

export type CaptureLead = Command<'CaptureLead', CaptureLeadData>;
export type QualifyLead = Command<'QualifyLead', QualifyLeadData>;
export type AdvanceLeadStage = Command<'AdvanceLeadStage', AdvanceLeadStageData>;
export type ReopenLead = Command<'ReopenLead', ReopenLeadData>;
export type LogLeadActivity = Command<'LogLeadActivity', LogLeadActivityData>;
export type ReassignLead = Command<'ReassignLead', ReassignLeadData>;
export type WithdrawLeadConsent = Command<'WithdrawLeadConsent', WithdrawLeadConsentData>;

export type OweReferralRewardToLead = Command<'OweReferralReward', OweReferralRewardToLeadData>;
export type PayReferralRewardToLead = Command<'PayReferralReward', PayReferralRewardToLeadData>;

export type LeadCommand =
  | CaptureLead
  | QualifyLead
  | AdvanceLeadStage
  | ReopenLead
  | LogLeadActivity
  | ReassignLead
  | WithdrawLeadConsent
  | OweReferralRewardToLead
  | PayReferralRewardToLead;

export type LeadCommandType = LeadCommand['type'];
