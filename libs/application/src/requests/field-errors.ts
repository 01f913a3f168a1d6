import { getMetadataStorage, ValidationError } from 'class-validator';

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

/** class-transformer's metadata (nested request types), which it keeps out of its public typings. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

type Class = new (...args: never[]) => unknown;

const maxSizes = new WeakMap<Class, ReadonlyMap<string, number>>();
/** The request class's @ArrayMaxSize limits, by property. */
const maxSizesOf = (dto: Class): ReadonlyMap<string, number> => {
  let sizes = maxSizes.get(dto);
  if (!sizes) {
    const found = new Map<string, number>();
    for (const rule of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
      if (rule.name === 'arrayMaxSize' && typeof rule.constraints?.[0] === 'number') found.set(rule.propertyName, Math.min(found.get(rule.propertyName) ?? Infinity, rule.constraints[0]));
    }
    maxSizes.set(dto, (sizes = found));
  }
  return sizes;
};

/**
 * Lists longer than their @ArrayMaxSize, anywhere in a request (nested requests included), found
 * before anything else is validated: such a list is refused by its length alone and its items are
 * never looked at, so a body of thousands of bad items costs no more than one of the allowed size.
 * Works on the plain body and on the request instance alike.
 */
export const oversizedCollections = (value: unknown, dto: Class, parent = ''): FieldError[] => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const sizes = maxSizesOf(dto);
  return Object.entries(value).flatMap(([key, child]): FieldError[] => {
    const field = parent ? `${parent}.${key}` : key;
    const max = sizes.get(key);
    if (Array.isArray(child) && max !== undefined && child.length > max) return [{ field, messages: [`${field} must contain no more than ${max} elements (it has ${child.length}; its items were not checked)`] }];
    const nested = defaultMetadataStorage.findTypeMetadata(dto, key)?.typeFunction() as Class | undefined;
    if (!nested || child === null || typeof child !== 'object') return [];
    return Array.isArray(child) ? child.flatMap((item, i) => oversizedCollections(item, nested, `${field}.${i}`)) : oversizedCollections(child, nested, field);
  });
};

/** At most this many field errors are listed in one answer (or one row of an import report). */
export const MAX_LISTED_FIELD_ERRORS = 50;

/** The field errors to list: all of them, or the first MAX_LISTED_FIELD_ERRORS with the total and `errorsTruncated`. */
export const listedFieldErrors = (errors: readonly FieldError[]): { errors: readonly FieldError[]; errorCount?: number; errorsTruncated?: true } =>
  errors.length > MAX_LISTED_FIELD_ERRORS ? { errors: errors.slice(0, MAX_LISTED_FIELD_ERRORS), errorCount: errors.length, errorsTruncated: true } : { errors };
