/**
 * How a refusal is classed. The API gives each kind one HTTP status; the domain knows nothing of HTTP.
 */
export type DomainErrorKind = 'rule_violated' | 'not_found' | 'already_exists' | 'forbidden';

/**
 * Every code a decider, policy or domain helper refuses with, and its kind. Clients switch on the
 * code, so a code is never renamed; a refusal with a code missing here does not compile.
 * A code named `…_NOT_FOUND` that is a `rule_violated` refers to a part of an existing record (an
 * order of a customer, a reward of a lead): the record is there, the command is what is wrong.
 */
export const DOMAIN_ERROR_CODES = {
  // Leads
  LEAD_ALREADY_EXISTS: 'already_exists',
  LEAD_NOT_FOUND: 'not_found',
  LEAD_CLOSED: 'rule_violated',
  LEAD_NOT_CLOSED: 'rule_violated',
  CONTACT_REQUIRED: 'rule_violated',
  ORGANISATION_FACTS_ON_PERSON: 'rule_violated',
  STAGE_UNCHANGED: 'rule_violated',
  LOST_REASON_REQUIRED: 'rule_violated',
  WON_AMOUNT_REQUIRED: 'rule_violated',
  FIELD_NOT_APPLICABLE: 'rule_violated',
  MAN_DISQUALIFIED: 'rule_violated',
  FOLLOW_UP_IN_PAST: 'rule_violated',
  OWNER_UNCHANGED: 'rule_violated',
  OWNER_MISMATCH: 'rule_violated',
  CONSENT_NOT_GIVEN: 'rule_violated',
  UNKNOWN_COMMAND: 'rule_violated',
  // Referral rewards (leads and customers)
  REWARD_NOT_FOUND: 'rule_violated',
  REWARD_ALREADY_PAID: 'rule_violated',
  REWARD_AMOUNT_MISMATCH: 'rule_violated',
  // Customers
  CUSTOMER_ALREADY_EXISTS: 'already_exists',
  CUSTOMER_NOT_FOUND: 'not_found',
  PROFILE_KIND_MISMATCH: 'rule_violated',
  CONSENT_REQUIRED: 'rule_violated',
  NO_CHANGES: 'rule_violated',
  INVALID_DATE: 'rule_violated',
  INVALID_CREDIT_SCORE: 'rule_violated',
  DUPLICATE_CONTRACT: 'already_exists',
  INVALID_CONTRACT_PERIOD: 'rule_violated',
  DUPLICATE_ORDER: 'already_exists',
  CONTRACT_NOT_FOUND: 'rule_violated',
  INVALID_ORDER_ITEMS: 'rule_violated',
  CREDIT_LIMIT_EXCEEDED: 'rule_violated',
  DUPLICATE_PAYMENT: 'already_exists',
  ORDER_NOT_FOUND: 'rule_violated',
  PAYMENT_EXCEEDS_OUTSTANDING: 'rule_violated',
  DUPLICATE_RETURN: 'already_exists',
  RETURN_EXCEEDS_ORDER: 'rule_violated',
  DUPLICATE_DISCOUNT: 'already_exists',
  DISCOUNT_EXCEEDS_OUTSTANDING: 'rule_violated',
  INVALID_REVERIFY_DATE: 'rule_violated',
  CLASS_UNCHANGED: 'rule_violated',
  // Complaints
  COMPLAINT_ALREADY_EXISTS: 'already_exists',
  COMPLAINT_NOT_FOUND: 'not_found',
  OCCURRED_BEFORE_LOGGED: 'rule_violated',
  COMPLAINT_NOT_OPEN: 'rule_violated',
  ALREADY_ACKNOWLEDGED: 'rule_violated',
  COMPLAINT_NOT_RESOLVED: 'rule_violated',
  SATISFACTION_ALREADY_RECORDED: 'rule_violated',
  INVALID_SCORE: 'rule_violated',
  TRACKING_NUMBER_NOT_FOUND: 'rule_violated',
  // Webhooks
  WEBHOOK_ALREADY_EXISTS: 'already_exists',
  WEBHOOK_NOT_FOUND: 'not_found',
  WEBHOOK_URL_NOT_HTTP: 'rule_violated',
  // API keys
  API_KEY_ALREADY_EXISTS: 'already_exists',
  API_KEY_NOT_FOUND: 'not_found',
  // Shared by several records
  NAME_REQUIRED: 'rule_violated',
  SELF_REFERRAL: 'rule_violated',
  INVALID_AMOUNT: 'rule_violated',
  REASON_REQUIRED: 'rule_violated',
  /** A command on a record the caller may not see, when the decider has no not-found of its own for it. */
  RECORD_NOT_FOUND: 'not_found',
  /** A caller acting outside their scope (e.g. assigning a record to another team); the API's role check answers with it too. */
  FORBIDDEN: 'forbidden',
} as const satisfies Record<string, DomainErrorKind>;

export type DomainErrorCode = keyof typeof DOMAIN_ERROR_CODES;

/** The codes of one kind: `ruleViolated`, `notFound` and `alreadyExists` accept only theirs. */
export type DomainErrorCodeOf<K extends DomainErrorKind> = {
  [C in DomainErrorCode]: (typeof DOMAIN_ERROR_CODES)[C] extends K ? C : never;
}[DomainErrorCode];

export type RuleViolatedCode = DomainErrorCodeOf<'rule_violated'>;
export type NotFoundCode = DomainErrorCodeOf<'not_found'>;
export type AlreadyExistsCode = DomainErrorCodeOf<'already_exists'>;
