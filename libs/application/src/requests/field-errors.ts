import type { ValidationError } from 'class-validator';

/** A refused field of a request: its path and what is wrong with it. */
export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

/** Flattens nested class-validator errors into `{ field: 'items.0.quantity', messages }` (a rule on every item of a list of plain values names the list). */
export const fieldErrors = (errors: readonly ValidationError[], parent = ''): FieldError[] =>
  errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
