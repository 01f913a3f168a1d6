/**
 * A refused command. Deciders return it (they never throw); the API's single exception filter
 * maps `kind` to an HTTP status: rule_violated → 422, not_found → 404, already_exists → 409,
 * forbidden → 403 (a caller acting outside their scope, e.g. assigning a record to another team).
 */
export type DomainErrorKind = 'rule_violated' | 'not_found' | 'already_exists' | 'forbidden';

export class DomainError extends Error {
  constructor(
    /** Stable, machine-readable code, e.g. `LEAD_CLOSED`. Clients switch on it. */
    readonly code: string,
    message: string,
    readonly kind: DomainErrorKind = 'rule_violated',
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const ruleViolated = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError(code, message, 'rule_violated', details);

export const notFound = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError(code, message, 'not_found', details);

export const alreadyExists = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError(code, message, 'already_exists', details);

export const forbidden = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError(code, message, 'forbidden', details);

export const isDomainError = (value: unknown): value is DomainError => value instanceof DomainError;
