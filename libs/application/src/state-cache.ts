/** What a command decides on: a stream's state folded up to `revision`. */
export interface LoadedState<S = unknown> {
  readonly state: S;
  /** Revision of the stream's last event (-1: the stream does not exist). */
  readonly revision: number;
  /** Global position of that event (0: none). */
  readonly position: number;
  /** The ids of the stream's events, the one at revision n at index n: how a retried command finds its own events. */
  readonly eventIds: readonly string[];
}

/**
 * The folded states of the streams commands used last, so the next command on one reads only the
 * events after the cached revision. Bounded by the event ids it holds (every entry keeps its
 * stream's, for replays); the least recently used go first. An entry is only ever replaced by a
 * later revision, so two loads racing on one stream cannot move it back. Entries are frozen: a
 * decider that changed a state it was given would otherwise change every later command's.
 */
export class StateCache {
  private readonly entries = new Map<string, LoadedState>();
  private held = 0;

  constructor(private readonly maxEvents: number) {}

  /** `S`: the state type of the stream's aggregate (the stream id names it). */
  get<S>(streamId: string): LoadedState<S> | undefined {
    const entry = this.entries.get(streamId);
    if (entry) {
      this.entries.delete(streamId);
      this.entries.set(streamId, entry);
    }
    return entry as LoadedState<S> | undefined;
  }

  set(streamId: string, entry: LoadedState): void {
    if (entry.revision < 0 || entry.eventIds.length > this.maxEvents) return;
    const current = this.entries.get(streamId);
    if (current) {
      if (current.revision >= entry.revision) return;
      this.drop(streamId, current);
    }
    this.entries.set(streamId, deepFreeze(entry));
    this.held += entry.eventIds.length;
    for (const [oldest, old] of this.entries) {
      if (this.held <= this.maxEvents) break;
      this.drop(oldest, old);
    }
  }

  delete(streamId: string): void {
    const current = this.entries.get(streamId);
    if (current) this.drop(streamId, current);
  }

  get size(): { streams: number; eventIds: number } {
    return { streams: this.entries.size, eventIds: this.held };
  }

  private drop(streamId: string, entry: LoadedState): void {
    this.entries.delete(streamId);
    this.held -= entry.eventIds.length;
  }
}

/** Freezes what is not frozen yet; a state folded from a cached one shares (and skips) its frozen parts. */
const deepFreeze = <T>(value: T): T => {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return value;
};
