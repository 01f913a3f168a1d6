import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { decodeCursor, InvalidQueryError } from '@app/read-store';

/** Clock skew tolerated between a client and the server before a time counts as "in the future". */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** An ISO time that is not in the future (business times may be back-dated, never forward-dated). */
export function IsNotInFuture(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotInFuture',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args: ValidationArguments) => `${args.property} must not lie in the future`, ...options },
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || Number.isNaN(Date.parse(value)) || Date.parse(value) <= Date.now() + FUTURE_TOLERANCE_MS,
      },
    });
}

/** A time not before the time in `field` of the same object (a period whose end precedes its start is refused). */
export function IsNotBefore(field: string, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotBefore',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [field],
      options: { message: (args: ValidationArguments) => `${args.property} must not be before ${field}`, ...options },
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const start = (args.object as Record<string, unknown>)[field];
          return typeof value !== 'string' || typeof start !== 'string' || Date.parse(value) >= Date.parse(start);
        },
      },
    });
}

/** A paging cursor as the read store writes it: refused here, with its field, rather than by the store. */
export function IsCursor(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCursor',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args: ValidationArguments) => `${args.property} must be a cursor returned by a previous page`, ...options },
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          try {
            decodeCursor(value);
            return true;
          } catch (error) {
            if (error instanceof InvalidQueryError) return false;
            throw error;
          }
        },
      },
    });
}
