/** A remembered command request, keyed by caller and `Idempotency-Key`. */
export interface IdempotencyRecord {
  readonly fingerprint: string;
  /** `null` while the first request is still running. */
  readonly response: { readonly status: number; readonly body: unknown } | null;
  readonly createdAt: string;
}

export type Reservation = { readonly reserved: true } | { readonly reserved: false; readonly record: IdempotencyRecord };

/**
 * Where idempotency records live: the embedded SQLite file by default, MongoDB in production.
 * `reserve` is atomic: of two concurrent requests with one key, exactly one reserves it.
 */
export interface IdempotencyStore {
  reserve(scope: string, key: string, fingerprint: string, now: string): Promise<Reservation>;
  /**
   * Remembers the answer. `stream`: the record the command wrote (`lead-<id>`, `customer-<id>`,
   * `complaint-<id>`), so that erasing the person it is about also forgets the answers about it.
   */
  complete(scope: string, key: string, response: { status: number; body: unknown }, stream?: string): Promise<void>;
  release(scope: string, key: string): Promise<void>;
  /** Forgets records created before `before`. Returns how many were removed. */
  purge(before: string): Promise<number>;
  /**
   * Forgets every record of commands on these streams (a person's data is erased), leaving nothing
   * of them readable in the store's files. A retry of such a command runs again, and finds its own
   * events by their key-derived ids. Returns how many were removed.
   */
  forgetStreams(streams: readonly string[]): Promise<number>;
  close(): Promise<void>;
}

export const IDEMPOTENCY_STORE = Symbol('IDEMPOTENCY_STORE');

/** The records cannot be read or written: the API answers 503, or 507 when the disk is full. */
export class IdempotencyStoreUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
    readonly reason?: 'disk_full',
  ) {
    super(message);
    this.name = 'IdempotencyStoreUnavailableError';
  }
}
