import { ExpectedRevision, NewEvent } from './event-store.port';

/**
 * Argument checks shared by the adapters: these are caller bugs, so they throw a plain Error before
 * anything is sent. Returns the event ids in order.
 */
export const assertAppendable = (streamId: string, events: readonly NewEvent[]): string[] => {
  if (!streamId) throw new Error('append: streamId is empty');
  if (events.length === 0) throw new Error(`append to ${streamId}: no events`);
  const ids = events.map((e) => e.metadata?.eventId);
  if (ids.some((id) => typeof id !== 'string' || id === '')) throw new Error(`append to ${streamId}: every event needs metadata.eventId`);
  if (ids.length > 1 && new Set(ids).size !== ids.length) throw new Error(`append to ${streamId}: duplicate event ids in one append`);
  return ids;
};

/** `current` is the revision of the stream's last event, -1 when the stream does not exist. */
export const revisionMatches = (expected: ExpectedRevision, current: number): boolean => {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current < 0;
    case 'stream_exists':
      return current >= 0;
    default:
      return current === expected;
  }
};
