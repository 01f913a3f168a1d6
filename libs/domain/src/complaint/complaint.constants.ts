/**
 * Closed vocabularies of complaints and satisfaction (DOMAIN §6). Readonly arrays so that HTTP DTOs
 * can validate with `@IsIn(COMPLAINT_CATEGORIES)`; the union types derive from the same lists.
 */
export const COMPLAINT_CATEGORIES = [
  'product_quality',
  'delivery',
  'billing',
  'service_attitude',
  'safety',
  'installation',
  'after_sales',
  'other',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** The touchpoint (接触点) where the complaint arose: every place the customer meets the company. */
export const COMPLAINT_TOUCHPOINTS = [
  'sales_visit',
  'phone',
  'store',
  'website',
  'delivery',
  'installation',
  'after_sales',
  'billing',
  'other',
] as const;
export type ComplaintTouchpoint = (typeof COMPLAINT_TOUCHPOINTS)[number];

export const COMPLAINT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type ComplaintSeverity = (typeof COMPLAINT_SEVERITIES)[number];

export const COMPLAINT_CHANNELS = ['phone', 'email', 'visit', 'letter', 'web', 'social', 'other'] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const COMPLAINT_STATUSES = ['open', 'resolved'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/**
 * Escalation goes to a named level rather than a number, so reports read without a legend. The
 * levels follow seed 003's PPSC chain: quality manager (supervisor), quality/engineering directors
 * (manager), executive committee (executive).
 */
export const ESCALATION_LEVELS = ['supervisor', 'manager', 'executive'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** A potential product safety concern (PPSC, seed 003) must be handled within 24 hours of escalation. */
export const SAFETY_ESCALATION_DEADLINE_HOURS = 24;
export const SAFETY_TRACKING_PREFIX = 'PPSC';

/** Satisfaction = perceived service against expectation (seed 002), each on a 1–5 scale. */
export const MIN_SERVICE_SCORE = 1;
export const MAX_SERVICE_SCORE = 5;
/** "Would you recommend us?" on the usual 0–10 scale. */
export const MIN_RECOMMEND_SCORE = 0;
export const MAX_RECOMMEND_SCORE = 10;

/** Every code the complaint decider refuses with; clients switch on these. */
export const COMPLAINT_ERROR_CODES = [
  'COMPLAINT_ALREADY_EXISTS',
  'COMPLAINT_NOT_FOUND',
  'OCCURRED_BEFORE_LOGGED',
  'COMPLAINT_NOT_OPEN',
  'ALREADY_ACKNOWLEDGED',
  'INVALID_AMOUNT',
  'COMPLAINT_NOT_RESOLVED',
  'SATISFACTION_ALREADY_RECORDED',
  'INVALID_SCORE',
  'TRACKING_NUMBER_NOT_FOUND',
] as const;
export type ComplaintErrorCode = (typeof COMPLAINT_ERROR_CODES)[number];
