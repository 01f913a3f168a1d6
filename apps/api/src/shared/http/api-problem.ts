import type { FieldError } from '@app/application/requests/field-errors';
import { ProblemCode, ProblemCodeWithStatus, ProblemStatus, statusOf } from './problem-codes';

/**
 * An error the application (not the domain) raises: bad input, a reused idempotency key, a
 * revision conflict. Its status follows from its code (problem-codes.ts); the one exception filter
 * turns it into `application/problem+json`.
 */
export type { FieldError };

export class ApiProblem extends Error {
  readonly status: ProblemStatus;

  constructor(
    readonly code: ProblemCode,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiProblem';
    this.status = statusOf(code);
  }

  static badRequest(message: string, errors: readonly FieldError[] = []): ApiProblem {
    return new ApiProblem('VALIDATION_FAILED', message, errors.length ? { errors } : {});
  }

  static notFound(code: ProblemCodeWithStatus<404>, message: string, extra: Record<string, unknown> = {}): ApiProblem {
    return new ApiProblem(code, message, extra);
  }

  static conflict(code: ProblemCodeWithStatus<409>, message: string, extra: Record<string, unknown> = {}): ApiProblem {
    return new ApiProblem(code, message, extra);
  }

  static unprocessable(code: ProblemCodeWithStatus<422>, message: string, extra: Record<string, unknown> = {}): ApiProblem {
    return new ApiProblem(code, message, extra);
  }
}
