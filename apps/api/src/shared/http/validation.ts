import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { defaultMetadataStorage, fieldErrors, listedFieldErrors, oversizedCollections } from '@app/application/requests/field-errors';
import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { ApiProblem, FieldError } from './api-problem';

export { defaultMetadataStorage };

/** Fields named in the detail line; the list itself is capped at MAX_LISTED_FIELD_ERRORS. */
const NAMED_IN_DETAIL = 10;

/**
 * The 400 of a refused request. However many fields fail, the answer stays small: at most
 * MAX_LISTED_FIELD_ERRORS are listed, with `errorCount` (all of them) and `errorsTruncated: true`.
 */
const invalid = (fields: readonly FieldError[]): ApiProblem => {
  const names = fields.slice(0, NAMED_IN_DETAIL).map((f) => f.field).join(', ');
  const more = fields.length > NAMED_IN_DETAIL ? ` and ${fields.length - NAMED_IN_DETAIL} more` : '';
  const listed = listedFieldErrors(fields);
  return new ApiProblem('VALIDATION_FAILED', `Invalid request: ${names}${more}`, listed.errors.length ? listed : {});
};

type Class = new (...args: never[]) => unknown;

const declaredFields = new WeakMap<Class, ReadonlySet<string>>();
const declared = (dto: Class): ReadonlySet<string> => {
  let fields = declaredFields.get(dto);
  if (!fields) declaredFields.set(dto, (fields = new Set(getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).map((m) => m.propertyName))));
  return fields;
};

/**
 * Fields sent as `null` that the DTO (and so the published document) does not declare `nullable`.
 * class-validator's @IsOptional skips every rule for null as for a missing field, so without this
 * `{"reason": null}` would pass where a string is required and reach the recorded event.
 */
export const undeclaredNulls = (value: unknown, dto: Class, parent = ''): FieldError[] => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const field = parent ? `${parent}.${key}` : key;
    if (!declared(dto).has(key)) return []; // refused as unknown by the validation itself
    const documented = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, dto.prototype as object, key) as { nullable?: boolean } | undefined;
    if (child === null) return documented?.nullable ? [] : [{ field, messages: [`${field} must not be null`] }];
    const nested = defaultMetadataStorage.findTypeMetadata(dto, key)?.typeFunction() as Class | undefined;
    if (!nested) return [];
    return Array.isArray(child) ? child.flatMap((item, i) => undeclaredNulls(item, nested, `${field}.${i}`)) : undeclaredNulls(child, nested, field);
  });
};

/**
 * The one validation pipe: lists over their size limit are refused first, unknown fields are
 * refused (not silently dropped), values are converted to the DTO's types, `null` is accepted only
 * where documented, and every failure is a 400 naming the offending fields.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (typeof metadata.metatype === 'function' && metadata.type !== 'custom') {
      // A list over its size limit is refused by its length, before its items are converted or validated.
      const oversized = oversizedCollections(value, metadata.metatype as Class);
      if (oversized.length) throw invalid(oversized);
    }
    const nulls = typeof metadata.metatype === 'function' && metadata.type !== 'custom' ? undeclaredNulls(value, metadata.metatype as Class) : [];
    let result: unknown;
    try {
      result = await super.transform(value, metadata);
    } catch (error) {
      if (!nulls.length || !(error instanceof ApiProblem)) throw error;
      const named = (error.extra.errors ?? []) as FieldError[];
      throw invalid([...named, ...nulls.filter((n) => !named.some((f) => f.field === n.field))]);
    }
    if (nulls.length) throw invalid(nulls);
    return result;
  }
}

export const createValidationPipe = (): ValidationPipe =>
  new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalid(fieldErrors(errors)),
  });
