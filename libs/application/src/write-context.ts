import type { Principal } from './principal';

/** Who issues a command, on whose behalf, and how it relates to earlier ones: what every event's metadata records. */
export interface WriteContext {
  readonly actor: string;
  /** The authenticated caller, whose access the write path checks; absent for the product's own policies and admin tools. */
  readonly principal?: Principal;
  readonly correlationId: string;
  /** The request or event that causes the events (its id). */
  readonly causationId: string;
  /** With one, the events' ids derive from it: a retry after a crash finds its own events. */
  readonly idempotencyKey?: string;
}

/** Fields every command request may carry besides its own data. */
export interface CommandOptions {
  /** Business time of the fact (may lie in the past); default: now. */
  readonly occurredAt?: string;
  /** The revision the caller saw: a stale one is a conflict, never retried. */
  readonly expectedRevision?: number;
}
