/**
 * Events are plain, versioned data. Deciders emit `DomainEvent`s (business data only); the
 * application adds the metadata when it appends them, and the store adds stream revision and
 * global position when it records them.
 */
export interface DomainEvent<TType extends string = string, TData = unknown> {
  readonly type: TType;
  readonly version: number;
  readonly data: TData;
}

export interface EventMetadata {
  /** Unique id of this event; appending the same id twice writes it once. */
  readonly eventId: string;
  /** Business time: when it happened. May lie in the past (imports), never in the future. */
  readonly occurredAt: string;
  /** When the system recorded it. */
  readonly recordedAt: string;
  /** User or service that issued the command. */
  readonly actor: string;
  /** Ties together every event caused by one user request. */
  readonly correlationId: string;
  /** The event or request that caused this one. */
  readonly causationId: string | null;
}

export interface RecordedEvent<E extends DomainEvent = DomainEvent> {
  readonly streamId: string;
  /** 0-based revision of the event within its stream. */
  readonly revision: number;
  /** Position in the whole log; strictly increasing in log order. */
  readonly position: number;
  readonly type: E['type'];
  readonly version: number;
  readonly data: E['data'];
  readonly metadata: EventMetadata;
}
