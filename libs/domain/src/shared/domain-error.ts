import { AlreadyExistsCode, DOMAIN_ERROR_CODES, DomainErrorCode, DomainErrorCodeOf, DomainErrorKind, NotFoundCode, RuleViolatedCode } from './domain-error-codes';

export type { DomainErrorKind } from './domain-error-codes';

/**
 * A refused command. Deciders return it (they never throw); its kind follows from its code
 * (DOMAIN_ERROR_CODES), and the API's single exception filter gives each kind its HTTP status.
 */
export class DomainError extends Error {
  readonly kind: DomainErrorKind;

  constructor(
    /** Stable, machine-readable code, e.g. `LEAD_CLOSED`. Clients switch on it. */
    readonly code: DomainErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = DOMAIN_ERROR_CODES[code];
  }
}

export const ruleViolated = (code: RuleViolatedCode, message: string, details: Record<string, unknown> = {}) => new DomainError(code, message, details);

export const notFound = (code: NotFoundCode, message: string, details: Record<string, unknown> = {}) => new DomainError(code, message, details);

export const alreadyExists = (code: AlreadyExistsCode, message: string, details: Record<string, unknown> = {}) => new DomainError(code, message, details);

export const forbidden = (code: DomainErrorCodeOf<'forbidden'>, message: string, details: Record<string, unknown> = {}) => new DomainError(code, message, details);

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;
