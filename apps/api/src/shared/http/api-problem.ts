/**
 * An error the application (not the domain) raises: bad input, a reused idempotency key, a
 * revision conflict. The one exception filter turns it into `application/problem+json`.
 */
export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Readonly<Record<string, unknown>> = {},
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'ApiProblem';
  }

  static badRequest(message: string, errors: readonly FieldError[] = []): ApiProblem {
    return new ApiProblem(400, 'VALIDATION_FAILED', message, errors.length ? { errors } : {});
  }

  static notFound(code: string, message: string, extra: Record<string, unknown> = {}): ApiProblem {
    return new ApiProblem(404, code, message, extra);
  }

  static conflict(code: string, message: string, extra: Record<string, unknown> = {}): ApiProblem {
    return new ApiProblem(409, code, message, extra);
  }

  static unprocessable(code: string, message: string, extra: Record<string, unknown> = {}): ApiProblem {
    return new ApiProblem(422, code, message, extra);
  }
}
