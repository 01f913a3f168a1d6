import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiProblem, FieldError } from './api-problem';

/** Flattens nested class-validator errors into `{ field: 'items.0.quantity', messages }` (a rule on every item of a list of plain values names the list). */
export const fieldErrors = (errors: readonly ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });

/**
 * The one validation pipe: unknown fields are refused (not silently dropped), values are
 * converted to the DTO's types, and every failure is a 400 naming the offending fields.
 */
export const createValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      return ApiProblem.badRequest(`Invalid request: ${fields.map((f) => f.field).join(', ')}`, fields);
    },
  });
