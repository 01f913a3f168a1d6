import { DOMAIN_ERROR_CODES, DomainErrorCode, DomainErrorKind, StreamCategory } from '@app/domain/shared';

/**
 * Every code the API itself answers with, and its HTTP status. Clients switch on the code; the
 * status follows from it, so an ApiProblem names only its code, and a code missing here does not
 * compile. The domain's refusals have their own catalogue (DOMAIN_ERROR_CODES); a code is in one of
 * the two, never both. README.md's error table lists both (problem-codes.unit.spec.ts checks it).
 */
export const API_PROBLEM_CODES = {
  /** A body, query, path or header that breaks the published contract; `errors` names each field. */
  VALIDATION_FAILED: 400,
  /** A body the framework cannot read: malformed JSON, an empty JSON body. */
  BAD_REQUEST: 400,
  /** Not valid HTTP, or a path that is not valid percent-encoding. */
  MALFORMED_REQUEST: 400,
  UNAUTHENTICATED: 401,
  ROUTE_NOT_FOUND: 404,
  REVISION_NOT_FOUND: 404,
  PROJECTION_NOT_FOUND: 404,
  EVENT_SCHEMA_NOT_FOUND: 404,
  SUBJECT_NOT_FOUND: 404,
  REQUEST_TIMEOUT: 408,
  REVISION_CONFLICT: 409,
  /** An event id that is already in the log with other content. */
  EVENT_ID_CONFLICT: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  REBUILD_IN_PROGRESS: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  TOO_MANY_FAILED_AUTHENTICATIONS: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL_ERROR: 500,
  EVENT_STORE_UNAVAILABLE: 503,
  READ_STORE_UNAVAILABLE: 503,
  IDEMPOTENCY_STORE_UNAVAILABLE: 503,
  IDENTITY_PROVIDER_UNAVAILABLE: 503,
  OVERLOADED: 503,
  NOT_READY: 503,
  READ_MODEL_BEHIND: 503,
  READ_MODEL_REBUILDING: 503,
  INSUFFICIENT_STORAGE: 507,
} as const;

/** A new kind of refusal in the domain does not compile until it has its status here. */
export const DOMAIN_KIND_STATUS = { rule_violated: 422, not_found: 404, already_exists: 409, forbidden: 403 } as const satisfies Record<DomainErrorKind, number>;

export type ApiProblemCode = keyof typeof API_PROBLEM_CODES;
/** What an answer's `code` can be: the API's own codes and the domain's. */
export type ProblemCode = ApiProblemCode | DomainErrorCode;

export type StatusOf<C extends ProblemCode> = C extends ApiProblemCode
  ? (typeof API_PROBLEM_CODES)[C]
  : C extends DomainErrorCode
    ? (typeof DOMAIN_KIND_STATUS)[(typeof DOMAIN_ERROR_CODES)[C]]
    : never;
export type ProblemStatus = StatusOf<ProblemCode>;
/** The codes answered with one status, e.g. `ProblemCodeWithStatus<404>`. */
export type ProblemCodeWithStatus<S extends ProblemStatus> = { [C in ProblemCode]: StatusOf<C> extends S ? C : never }[ProblemCode];

export const isApiProblemCode = (code: string): code is ApiProblemCode => Object.hasOwn(API_PROBLEM_CODES, code);
export const isProblemCode = (code: string): code is ProblemCode => isApiProblemCode(code) || Object.hasOwn(DOMAIN_ERROR_CODES, code);

export const statusOf = <C extends ProblemCode>(code: C): StatusOf<C> => {
  if (isApiProblemCode(code)) return API_PROBLEM_CODES[code] as StatusOf<C>;
  // Only a cast can bring another code here; it must not become an answer without a status.
  if (!isProblemCode(code)) throw new TypeError(`${code} is in neither catalogue of problem codes`);
  return DOMAIN_KIND_STATUS[DOMAIN_ERROR_CODES[code as DomainErrorCode]] as StatusOf<C>;
};

/** "No such record" for each kind of record, as the API answers it on reads. */
export const NOT_FOUND_CODE = {
  lead: 'LEAD_NOT_FOUND',
  customer: 'CUSTOMER_NOT_FOUND',
  complaint: 'COMPLAINT_NOT_FOUND',
  webhook: 'WEBHOOK_NOT_FOUND',
  apikey: 'API_KEY_NOT_FOUND',
  subject: 'SUBJECT_NOT_FOUND',
} as const satisfies Record<StreamCategory, ProblemCodeWithStatus<404>>;
