/**
 * The read store: documents in named collections, written by projections in atomic batches together
 * with their checkpoint, and queried through one small filter language that both adapters
 * (embedded SQLite, MongoDB) implement with the same meaning (proven by one contract suite).
 */

export type Scalar = string | number | boolean | null;

/** Conditions on one field (dotted paths reach into nested objects). */
export interface FieldCondition {
  /** Equal (for an array field: the array contains the value). */
  readonly $eq?: Scalar;
  readonly $ne?: Scalar;
  /** One of (for an array field: the array contains one of them). */
  readonly $in?: readonly Scalar[];
  readonly $gt?: string | number;
  readonly $gte?: string | number;
  readonly $lt?: string | number;
  readonly $lte?: string | number;
  /** true: the field is present and not null; false: absent or null. */
  readonly $exists?: boolean;
  /** Case-insensitive substring match on a string field. The text is literal: no pattern syntax. */
  readonly $contains?: string;
}

/**
 * All conditions must hold (AND); `$or` holds when any of its filters holds. A bare scalar means $eq.
 * Fields are dotted identifiers (`owner.id`): letters, digits, `_`, `-`; a path does not reach into
 * the objects of an array. Comparisons are typed (as in MongoDB): `true` is not `1`, `'5'` is not `5`,
 * a number range never matches strings and a string range never matches numbers. Fields or operators
 * set to `undefined` are ignored. Anything else is rejected with InvalidQueryError.
 */
export type Filter = { readonly [field: string]: Scalar | FieldCondition | readonly Filter[] | undefined } & { readonly $or?: readonly Filter[] };

export interface Sort {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

export interface FindOptions {
  readonly filter?: Filter;
  /** Ties are broken by document id, in the same direction; documents missing the field sort first ascending. */
  readonly sort?: Sort;
  /** A positive integer; without it the whole result comes back in one page. */
  readonly limit?: number;
  /** Opaque cursor from a previous page (keyset paging: stable while documents change); only meaningful with the same filter and sort. */
  readonly cursor?: string;
}

export interface Page<D> {
  readonly items: D[];
  /** Pass as `cursor` for the next page; null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * A document write inside a batch: `doc: null` deletes, a document replaces the whole stored one.
 * Documents carry their id in `_id` (it must equal `id`). Collection names: up to 120 letters, digits,
 * `@ _ - .`, starting with a letter, digit or `_` (`_checkpoints`, `_array_paths`, `sqlite_*`, `system.*` are reserved).
 */
export interface DocumentWrite {
  readonly collection: string;
  readonly id: string;
  readonly doc: Document | null;
}

export type Document = { readonly _id: string } & Record<string, unknown>;

export interface IndexSpec {
  /** Fields of a compound index, in order; `desc` only matters for sort. */
  readonly fields: readonly { readonly field: string; readonly direction?: 'asc' | 'desc' }[];
}

export interface DocumentStore {
  /** Creates the indexes a collection's queries need (idempotent; called at start). */
  ensureIndexes(collection: string, indexes: readonly IndexSpec[]): Promise<void>;
  get<D extends Document>(collection: string, id: string): Promise<D | null>;
  getMany<D extends Document>(collection: string, ids: readonly string[]): Promise<Map<string, D>>;
  find<D extends Document>(collection: string, options?: FindOptions): Promise<Page<D>>;
  count(collection: string, filter?: Filter): Promise<number>;
  /** Every matching document, in id order, in bounded memory. */
  scan<D extends Document>(collection: string, filter?: Filter): AsyncIterable<D>;
  /**
   * Writes the documents and sets the checkpoint of `checkpointName` to `position`, atomically: after
   * a crash either all of it is there or none. A batch whose `position` is not beyond the stored
   * checkpoint is ignored (a redelivered batch is a no-op) and the call returns false.
   */
  commit(checkpointName: string, position: number, writes: readonly DocumentWrite[]): Promise<boolean>;
  /** The stored checkpoint (0 when none). */
  checkpoint(checkpointName: string): Promise<number>;
  /** Deletes a collection and its indexes (used after a rebuild swap). */
  dropCollection(collection: string): Promise<void>;
  /** Removes a checkpoint. */
  deleteCheckpoint(checkpointName: string): Promise<void>;
  /**
   * Makes sure no earlier version of an overwritten or deleted document stays readable in the
   * store's own files (after personal data was scrubbed). Documents are unchanged.
   */
  forgetOverwritten(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');

export class ReadStoreUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
    /** Set when waiting will not help: `disk_full` (the API answers 507). */
    readonly reason?: 'disk_full',
  ) {
    super(message);
    this.name = 'ReadStoreUnavailableError';
  }
}

/** A filter or option the language does not allow (e.g. an operator injected through a query string). */
export class InvalidQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidQueryError';
  }
}

/** A cursor this store did not issue for this query's order: malformed, altered, made up, or another list's. */
export class InvalidCursorError extends InvalidQueryError {
  constructor(message = 'invalid cursor') {
    super(message);
    this.name = 'InvalidCursorError';
  }
}
