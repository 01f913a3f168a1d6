import { REFERRAL_REWARD_ERROR_CODES } from '../shared/referral-rewards';

/**
 * Closed vocabularies of the customer file (DOMAIN §5, §7). Readonly arrays so that HTTP DTOs can
 * validate with `@IsIn(CUSTOMER_CLASSES)` and the domain derives its union types from the same list.
 */
export const CUSTOMER_KINDS = ['person', 'organisation'] as const;
export type CustomerKind = (typeof CUSTOMER_KINDS)[number];

/** potential/new/retained/churned (潜在/新/保持/流失) and base/hopeful/VIP/defeated (seed 003). */
export const CUSTOMER_CLASSES = ['potential', 'new', 'retained', 'churned', 'vip', 'base', 'hopeful', 'defeated'] as const;
export type CustomerClass = (typeof CUSTOMER_CLASSES)[number];

export const DEFAULT_CUSTOMER_CLASS: CustomerClass = 'new';

// Referral rewards are paid with the same methods, to leads too; the list lives in shared/ so the lead needs no customer import.
export { PAYMENT_METHODS } from '../shared/payment-methods';
export type { PaymentMethod } from '../shared/payment-methods';

/** Real-name management (实名管理, DOMAIN §7). */
export const IDENTITY_VERIFICATION_METHODS = ['id_card', 'passport', 'business_license', 'in_person', 'other'] as const;
export type IdentityVerificationMethod = (typeof IDENTITY_VERIFICATION_METHODS)[number];

/** Identity is re-verified periodically; this is the default period when the command names no date. */
export const DEFAULT_REVERIFY_AFTER_DAYS = 365;

/** The five Cs of credit (信用5C), in the order the seed lists them. */
export const CREDIT_CRITERIA = ['character', 'capacity', 'capital', 'collateral', 'conditions'] as const;
export type CreditCriterion = (typeof CREDIT_CRITERIA)[number];

export const CREDIT_RATINGS = ['A', 'B', 'C', 'D'] as const;
export type CreditRating = (typeof CREDIT_RATINGS)[number];

export const MIN_CREDIT_SCORE = 1;
export const MAX_CREDIT_SCORE = 5;

/**
 * VIP by referrals (DOMAIN §1/§5, seed 003): a customer who refers three or more buyers within a year
 * becomes a VIP. Counted when a reward is owed, over the window of days up to and including that moment.
 */
export const VIP_REFERRAL_THRESHOLD = 3;
export const VIP_REFERRAL_WINDOW_DAYS = 365;
export const VIP_REFERRAL_REASON = 'three won referrals within a year';

/** Facts of the file that UpdateCustomerProfile may patch; nested ones are listed as `section.field`. */
export const CONTACT_FIELDS = ['phones', 'emails', 'address', 'wechat'] as const;
export const INDIVIDUAL_FIELDS = ['education', 'family', 'businessBackground', 'interests', 'personalLife'] as const;
/** The organisation facts are the lead's (OrganisationFacts), so nothing is lost when a won lead becomes a customer. */
export const ORGANISATION_FIELDS = [
  'legalName',
  'region',
  'industry',
  'mainBusiness',
  'headcount',
  'branches',
  'parentBody',
  'partners',
  'annualSpend',
  'headName',
  'headPhone',
  'mainNeeds',
] as const;

/** Every code the customer decider refuses with; clients switch on these. */
export const CUSTOMER_ERROR_CODES = [
  'CUSTOMER_ALREADY_EXISTS',
  'CUSTOMER_NOT_FOUND',
  'NAME_REQUIRED',
  'PROFILE_KIND_MISMATCH',
  'CONSENT_REQUIRED',
  'SELF_REFERRAL',
  'NO_CHANGES',
  'INVALID_AMOUNT',
  'INVALID_DATE',
  'INVALID_CREDIT_SCORE',
  'DUPLICATE_CONTRACT',
  'INVALID_CONTRACT_PERIOD',
  'DUPLICATE_ORDER',
  'CONTRACT_NOT_FOUND',
  'INVALID_ORDER_ITEMS',
  'CREDIT_LIMIT_EXCEEDED',
  'DUPLICATE_PAYMENT',
  'ORDER_NOT_FOUND',
  'PAYMENT_EXCEEDS_OUTSTANDING',
  'DUPLICATE_RETURN',
  'RETURN_EXCEEDS_ORDER',
  'DUPLICATE_DISCOUNT',
  'DISCOUNT_EXCEEDS_OUTSTANDING',
  'INVALID_REVERIFY_DATE',
  'CLASS_UNCHANGED',
  ...REFERRAL_REWARD_ERROR_CODES,
] as const;
export type CustomerErrorCode = (typeof CUSTOMER_ERROR_CODES)[number];
