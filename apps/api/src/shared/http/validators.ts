import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

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
