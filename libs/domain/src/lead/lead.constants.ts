import { REFERRAL_REWARD_ERROR_CODES } from '../shared/referral-rewards';

/**
 * The lead vocabulary as readonly arrays, so HTTP DTOs can validate with `@IsIn(LEAD_SOURCES)` and the
 * types below are derived from the same single list.
 */

export const LEAD_KINDS = ['person', 'organisation'] as const;
export type LeadKind = (typeof LEAD_KINDS)[number];

/** How the lead was found: the 14 prospecting methods of DOMAIN §1. */
export const LEAD_SOURCES = [
  'door_to_door',
  'referral',
  'center_of_influence',
  'agent',
  'direct_mail',
  'telemarketing',
  'snowball',
  'directory_research',
  'market_consultation',
  'web',
  'advertising',
  'trade_show',
  'competitor',
  'walk_in',
] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

export const REFERRER_KINDS = ['lead', 'customer'] as const;
export type ReferrerKind = (typeof REFERRER_KINDS)[number];

/** Funnel stages (DOMAIN §3), in funnel order; `won` and `lost` are terminal. */
export const LEAD_STAGES = ['D', 'C', 'B', 'A', 'won', 'lost'] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];

export const OPEN_STAGES = ['D', 'C', 'B', 'A'] as const;
export type OpenLeadStage = (typeof OPEN_STAGES)[number];

export const CLOSED_STAGES = ['won', 'lost'] as const;
export type ClosedLeadStage = (typeof CLOSED_STAGES)[number];

export const isClosedStage = (stage: LeadStage): stage is ClosedLeadStage =>
  (CLOSED_STAGES as readonly string[]).includes(stage);

export const STAGE_DIRECTIONS = ['forward', 'backward'] as const;
export type StageDirection = (typeof STAGE_DIRECTIONS)[number];

/** What the lead agreed its data may be used for (DOMAIN §7: told the purpose, used only for it). */
export const CONSENT_PURPOSES = ['sales_contact', 'marketing', 'profiling', 'third_party_sharing'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

/** While this consent is withdrawn the lead leaves the work queues (follow-ups due and overdue, idle leads): nobody is prompted to contact it. */
export const WORK_QUEUE_CONSENT: ConsentPurpose = 'marketing';

/** DOMAIN §4. */
export const ACTIVITY_TYPES = ['visit', 'call', 'store_visit', 'direct_mail', 'demo', 'trial', 'email', 'message'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const ACTIVITY_OUTCOME_CODES = ['reached', 'no_answer', 'interested', 'not_interested', 'follow_up', 'other'] as const;
export type ActivityOutcomeCode = (typeof ACTIVITY_OUTCOME_CODES)[number];

/** MAN classes (DOMAIN §2): upper case = has it, lower case = lacks it. */
export const MAN_CLASSES = ['M+A+N', 'M+A+n', 'M+a+N', 'm+A+N', 'm+a+N', 'm+A+n', 'M+a+n', 'm+a+n'] as const;
export type ManClass = (typeof MAN_CLASSES)[number];

/** The action each MAN class calls for (DOMAIN §2 table). */
export const RECOMMENDED_ACTIONS = [
  'pursue_now',
  'create_need',
  'find_decision_maker',
  'check_ability_to_pay',
  'nurture',
  'stop_contact',
] as const;
export type RecommendedAction = (typeof RECOMMENDED_ACTIONS)[number];

/** The class that is "not a prospect": forward moves need an explicit override. */
export const DISQUALIFIED_MAN_CLASS: ManClass = 'm+a+n';

/** Every code the lead decider refuses with; clients switch on these. */
export const LEAD_ERROR_CODES = [
  'LEAD_ALREADY_EXISTS',
  'LEAD_NOT_FOUND',
  'LEAD_CLOSED',
  'LEAD_NOT_CLOSED',
  'NAME_REQUIRED',
  'CONTACT_REQUIRED',
  'SELF_REFERRAL',
  'ORGANISATION_FACTS_ON_PERSON',
  'INVALID_AMOUNT',
  'STAGE_UNCHANGED',
  'REASON_REQUIRED',
  'LOST_REASON_REQUIRED',
  'WON_AMOUNT_REQUIRED',
  'FIELD_NOT_APPLICABLE',
  'MAN_DISQUALIFIED',
  'FOLLOW_UP_IN_PAST',
  'OWNER_UNCHANGED',
  'OWNER_MISMATCH',
  'CONSENT_NOT_GIVEN',
  ...REFERRAL_REWARD_ERROR_CODES,
  'UNKNOWN_COMMAND',
] as const;
export type LeadErrorCode = (typeof LEAD_ERROR_CODES)[number];
