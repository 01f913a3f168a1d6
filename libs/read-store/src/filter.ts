/**
 * The one validation of everything a caller passes to a document store (collection names, filters,
 * find options, writes), shared by both adapters. Whatever passes here has a fixed, typed shape: the
 * adapters compile these clauses, never the caller's raw objects, which is what keeps operator
 * injection (`$where`, `$regex`, `{ $gt: { $ne: 1 } }`) out of both databases.
 */
import { createHash } from 'node:crypto';
import { DocumentWrite, Filter, FindOptions, InvalidCursorError, InvalidQueryError, Scalar, Sort } from './document-store.port';

/** A comparison value: what `$gt`/`$lt`... accept. */
export type Comparable = string | number;

export type Clause =
  | { readonly kind: 'eq' | 'ne'; readonly field: string; readonly value: Scalar }
  | { readonly kind: 'in'; readonly field: string; readonly values: readonly Scalar[] }
  | { readonly kind: 'gt' | 'gte' | 'lt' | 'lte'; readonly field: string; readonly value: Comparable }
  | { readonly kind: 'exists'; readonly field: string; readonly value: boolean }
  | { readonly kind: 'contains'; readonly field: string; readonly value: string }
  /** Any of the alternatives; each alternative is an AND of clauses (empty: always true). */
  | { readonly kind: 'or'; readonly anyOf: readonly (readonly Clause[])[] };

const COLLECTION_NAME = /^[A-Za-z0-9_][A-Za-z0-9@_.-]{0,119}$/;
/** Internal tables/collections of the adapters, and the prefixes SQLite and MongoDB reserve. */
const RESERVED_COLLECTION = /^(_checkpoints|_array_paths)$|^sqlite_|^system\./i;
/** Identifier segments only: no `$`, no array indexes, nothing that needs escaping in a JSON path. */
const FIELD_SEGMENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** Names that reach a JavaScript object's prototype instead of its data when a path is followed in memory. */
const PROTOTYPE_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_FIELD_LENGTH = 200;
const MAX_OR_DEPTH = 4;
export const MAX_IN_VALUES = 1000;
const MAX_TEXT = 1000;

const COMPARISONS = ['$gt', '$gte', '$lt', '$lte'] as const;
const OPERATORS = new Set(['$eq', '$ne', '$in', '$exists', '$contains', ...COMPARISONS]);

export function validateCollectionName(name: string): void {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name) || RESERVED_COLLECTION.test(name)) {
    throw new InvalidQueryError(
      `invalid collection name ${JSON.stringify(name)}: use up to 120 letters, digits, @ _ - . (not a reserved name)`,
    );
  }
}

export function validateFieldPath(field: string): void {
  if (typeof field !== 'string' || field.length > MAX_FIELD_LENGTH || !field.split('.').every((s) => FIELD_SEGMENT.test(s) && !PROTOTYPE_SEGMENTS.has(s))) {
    throw new InvalidQueryError(`invalid field ${JSON.stringify(field)}: use dotted identifiers such as owner.id`);
  }
}

/** Checks a filter and returns it as clauses (AND). Fields or operators set to undefined are ignored. */
export function validateFilter(filter: Filter | undefined): Clause[] {
  return filter === undefined ? [] : clausesOf(filter, 0);
}

function clausesOf(filter: unknown, depth: number): Clause[] {
  if (!isPlainObject(filter)) throw new InvalidQueryError('a filter must be an object');
  const clauses: Clause[] = [];
  for (const [key, raw] of Object.entries(filter)) {
    if (raw === undefined) continue;
    if (key === '$or') {
      if (depth >= MAX_OR_DEPTH) throw new InvalidQueryError(`$or is nested more than ${MAX_OR_DEPTH} deep`);
      if (!Array.isArray(raw) || raw.length === 0) throw new InvalidQueryError('$or takes a non-empty array of filters');
      clauses.push({ kind: 'or', anyOf: raw.map((f) => clausesOf(f, depth + 1)) });
      continue;
    }
    if (key.startsWith('$')) throw new InvalidQueryError(`unknown operator ${key}`);
    validateFieldPath(key);
    if (isPlainObject(raw)) clauses.push(...conditionClauses(key, raw));
    else clauses.push({ kind: 'eq', field: key, value: scalar(key, raw) });
  }
  return clauses;
}

function conditionClauses(field: string, condition: Record<string, unknown>): Clause[] {
  const entries = Object.entries(condition);
  if (entries.length === 0) throw new InvalidQueryError(`${field}: empty condition`);
  const clauses: Clause[] = [];
  for (const [op, value] of entries) {
    if (!OPERATORS.has(op)) {
      throw new InvalidQueryError(op.startsWith('$') ? `unknown operator ${op}` : `${field}: an object where a value is expected`);
    }
    if (value === undefined) continue;
    const where = `${field}.${op}`;
    switch (op) {
      case '$eq':
      case '$ne':
        clauses.push({ kind: op === '$eq' ? 'eq' : 'ne', field, value: scalar(where, value) });
        break;
      case '$in':
        if (!Array.isArray(value) || value.length > MAX_IN_VALUES) {
          throw new InvalidQueryError(`${where} takes an array of at most ${MAX_IN_VALUES} values`);
        }
        clauses.push({ kind: 'in', field, values: value.map((v) => scalar(where, v)) });
        break;
      case '$exists':
        if (typeof value !== 'boolean') throw new InvalidQueryError(`${where} takes true or false`);
        clauses.push({ kind: 'exists', field, value });
        break;
      case '$contains':
        if (typeof value !== 'string' || value.length > MAX_TEXT) {
          throw new InvalidQueryError(`${where} takes a string of at most ${MAX_TEXT} characters`);
        }
        clauses.push({ kind: 'contains', field, value });
        break;
      default:
        clauses.push({ kind: op.slice(1) as 'gt' | 'gte' | 'lt' | 'lte', field, value: comparable(where, value) });
    }
  }
  return clauses;
}

function scalar(where: string, value: unknown): Scalar {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  throw new InvalidQueryError(`${where}: expected a string, a finite number, a boolean or null`);
}

function comparable(where: string, value: unknown): Comparable {
  if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) return value;
  throw new InvalidQueryError(`${where}: expected a string or a finite number`);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

// --- find options and keyset paging ------------------------------------------------------------

/** Where the previous page ended: the last item's sort value and id. */
export interface CursorPosition {
  readonly value: Scalar;
  readonly id: string;
}

/*
 * A cursor names where a page ended and the order it was issued for, with a checksum:
 * `<base64url of [field, direction, value, id]>.<checksum>`. A cursor that does not parse, whose
 * checksum does not match (altered or made up) or that was issued for another order (another list)
 * is refused, so a caller can only continue a list from a place the list itself handed out.
 */
const CURSOR_CHECKSUM_CHARS = 16;
const cursorChecksum = (payload: string): string => createHash('sha256').update(`read-store cursor v1:${payload}`).digest('base64url').slice(0, CURSOR_CHECKSUM_CHARS);

export const encodeCursor = (sort: Sort, value: Scalar, id: string): string => {
  const payload = Buffer.from(JSON.stringify([sort.field, sort.direction, value, id])).toString('base64url');
  return `${payload}.${cursorChecksum(payload)}`;
};

/** The position a cursor names; with `sort`, also refused unless it was issued for that order. */
export function decodeCursor(cursor: string, sort?: Sort): CursorPosition {
  const [payload, checksum, extra] = typeof cursor === 'string' ? cursor.split('.') : [];
  if (!payload || extra !== undefined || checksum !== cursorChecksum(payload) || !/^[A-Za-z0-9_-]+$/.test(payload)) throw new InvalidCursorError();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch (error) {
    if (error instanceof SyntaxError) throw new InvalidCursorError();
    throw error;
  }
  if (!Array.isArray(decoded) || decoded.length !== 4) throw new InvalidCursorError();
  const [field, direction, value, id] = decoded as unknown[];
  if (typeof field !== 'string' || (direction !== 'asc' && direction !== 'desc') || typeof id !== 'string') throw new InvalidCursorError();
  // Exactly the values encodeCursor writes: a scalar (JSON's 1e999 parses to Infinity, which no document holds).
  if (value !== null && typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value)) && typeof value !== 'boolean') throw new InvalidCursorError();
  if (sort && (sort.field !== field || sort.direction !== direction)) throw new InvalidCursorError('the cursor belongs to another list or order');
  return { value, id };
}

/**
 * One index-friendly query of a page. Sort order is: missing/null keys first ascending (last
 * descending), ties by id in the same direction. A page resumes inside one of the two runs (null
 * keys, non-null keys) and may continue into the next one, so it takes at most two range queries
 * instead of one OR that no index can serve.
 */
export type Segment =
  /** Every document, in sort order (first page). */
  | { readonly kind: 'all' }
  /** Non-null keys strictly after (value, id) in the sort direction. */
  | { readonly kind: 'beyond'; readonly value: string | number | boolean; readonly id: string }
  /** Null/missing keys, by id in the sort direction, after `afterId` when set. */
  | { readonly kind: 'nulls'; readonly afterId: string | null }
  /** Every non-null key, in sort order. */
  | { readonly kind: 'nonNull' };

export interface FindPlan {
  readonly clauses: readonly Clause[];
  readonly sort: Sort;
  /** undefined: no limit (the whole result, nextCursor null). */
  readonly limit: number | undefined;
  readonly segments: readonly Segment[];
}

export const DEFAULT_SORT: Sort = { field: '_id', direction: 'asc' };

export function validateFindOptions(options: FindOptions = {}): FindPlan {
  const clauses = validateFilter(options.filter);
  const sort = options.sort ?? DEFAULT_SORT;
  validateFieldPath(sort.field);
  if (sort.direction !== 'asc' && sort.direction !== 'desc') throw new InvalidQueryError('sort direction must be asc or desc');
  const { limit } = options;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) throw new InvalidQueryError('limit must be a positive integer');
  const after = options.cursor === undefined ? null : decodeCursor(options.cursor, sort);
  return { clauses, sort, limit, segments: segmentsAfter(sort.direction, after) };
}

function segmentsAfter(direction: Sort['direction'], after: CursorPosition | null): Segment[] {
  if (!after) return [{ kind: 'all' }];
  const { value, id } = after;
  if (direction === 'asc') return value === null ? [{ kind: 'nulls', afterId: id }, { kind: 'nonNull' }] : [{ kind: 'beyond', value, id }];
  return value === null ? [{ kind: 'nulls', afterId: id }] : [{ kind: 'beyond', value, id }, { kind: 'nulls', afterId: null }];
}

// --- writes -----------------------------------------------------------------------------------

/** Checks a commit's arguments before anything is written. */
export function validateCommit(checkpointName: string, position: number, writes: readonly DocumentWrite[]): void {
  if (typeof checkpointName !== 'string' || checkpointName.length === 0) throw new InvalidQueryError('checkpoint name must be a non-empty string');
  if (!Number.isSafeInteger(position) || position < 0) throw new InvalidQueryError('position must be a non-negative integer');
  for (const write of writes) {
    validateCollectionName(write.collection);
    if (typeof write.id !== 'string' || write.id.length === 0) throw new InvalidQueryError(`${write.collection}: document id must be a non-empty string`);
    if (write.doc !== null && (!isPlainObject(write.doc) || write.doc._id !== write.id)) {
      throw new InvalidQueryError(`${write.collection}/${write.id}: the document must be an object whose _id is its id`);
    }
  }
}
