/** Typed failures of the event store port; both adapters map their native errors to these. */
export class WrongExpectedRevisionError extends Error {
  constructor(
    readonly streamId: string,
    readonly expected: string | number,
    /** Revision of the stream's last event, or -1 when the stream does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId} is at revision ${actual < 0 ? '(none)' : actual}, expected ${expected}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/** Some but not all of the appended event ids are already in the stream. */
export class IdempotencyMismatchError extends Error {
  constructor(readonly streamId: string, readonly eventIds: readonly string[]) {
    super(`Stream ${streamId} already holds some, but not all, of events ${eventIds.join(', ')}`);
    this.name = 'IdempotencyMismatchError';
  }
}

export class EventStoreUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
    /** Set when waiting will not help: `disk_full` (the API answers 507). */
    readonly reason?: 'disk_full',
  ) {
    super(message);
    this.name = 'EventStoreUnavailableError';
  }
}

/** A position given by a caller that is not one this log handed out (EventStoreDB: not the start of a record). */
export class InvalidPositionError extends Error {
  constructor(
    readonly position: number,
    override readonly cause?: unknown,
  ) {
    super(`${position} is not a position of this event log: pass 0 or a position it handed out (an event's, a nextAfter, a headPosition)`);
    this.name = 'InvalidPositionError';
  }
}
