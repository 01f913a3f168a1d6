import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RecordedEvent } from '@app/domain/shared';
import { ReadAllOptions, SqliteEventStore, Subscription } from '@app/event-store';
import { SharedCatchUp } from './shared-catch-up';

const TYPES = ['A', 'B', 'C'];

/** A log of `count` events cycling through the types over 7 streams, appended one by one. */
const fill = async (store: SqliteEventStore, count: number, offset = 0) => {
  for (let i = offset; i < offset + count; i++) {
    await store.append(`s-${i % 7}`, [{ type: TYPES[i % 3], version: 1, data: { i }, metadata: { eventId: `e-${i}`, occurredAt: '2026-01-01T00:00:00.000Z', recordedAt: '2026-01-01T00:00:00.000Z', actor: 'test', correlationId: 'c', causationId: 'c' } }], 'any');
  }
};

/** Takes the next `count` events from a subscription, as a consumer does: one at a time from its one iterator. */
const take = async (subscription: Subscription, count: number, into: RecordedEvent[] = []): Promise<RecordedEvent[]> => {
  const iterator = subscription[Symbol.asyncIterator]();
  while (into.length < count) {
    const next = await iterator.next();
    if (next.done) break;
    into.push(next.value);
  }
  return into;
};

const positions = (events: readonly RecordedEvent[]) => events.map((e) => e.position);

describe('SharedCatchUp on the embedded log', () => {
  let dir: string;
  let store: SqliteEventStore;
  /** Every event the log handed out through readAll. */
  let eventsRead: number;
  let reading: SqliteEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'l2c-catch-up-'));
    // Positions far apart: the shared scan must never take their distance for a number of events.
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite3'), sparsePositions: true });
    eventsRead = 0;
    reading = Object.setPrototypeOf(
      {
        readAll: async (options?: ReadAllOptions) => {
          const read = await store.readAll(options);
          eventsRead += read.length;
          return read;
        },
      },
      store,
    ) as SqliteEventStore;
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands every subscriber exactly its events, reading the log once for all of them, then follows it live', async () => {
    await fill(store, 100);
    const scan = new SharedCatchUp(reading, TYPES, 8, 3);
    const filters = [undefined, ['A'], ['B', 'C'], ['C']];
    const expected = await Promise.all(filters.map((types) => store.readAll(types ? { types } : {})));
    const subscriptions = filters.map((types) => scan.subscribe(types ? { types } : {}));
    const caughtUp = await Promise.all(subscriptions.map((s, i) => take(s, expected[i].length)));
    caughtUp.forEach((events, i) => expect(positions(events)).toEqual(positions(expected[i])));
    // Once for all four (the last, empty page at the head aside): not once per subscriber.
    expect(eventsRead).toBe(100);
    expect(scan.heldPages).toBeLessThanOrEqual(3);

    await fill(store, 9, 100);
    const live = await Promise.all(subscriptions.map((s, i) => take(s, [9, 3, 6, 3][i])));
    expect(live.map((events) => events.map((e) => e.type).join(''))).toEqual(['BCABCABCA', 'AAA', 'BCBCBC', 'CCC']);
    expect(eventsRead).toBe(100);
    await Promise.all(subscriptions.map((s) => s.close()));
  });

  it('keeps at most its pages: a subscriber ahead waits for the slowest, and goes on once it has left', async () => {
    await fill(store, 120);
    const scan = new SharedCatchUp(reading, TYPES, 10, 2);
    const slow = scan.subscribe();
    const fast = scan.subscribe({ types: ['A'] });
    const all = positions(await store.readAll());
    const as = positions(await store.readAll({ types: ['A'] }));
    expect(positions(await take(slow, 5))).toEqual(all.slice(0, 5));
    // The slow one has taken the first page (what it has not yet handed on is its own) and needs the
    // second next: the fast one gets three pages (two held at most), then waits.
    const fastEvents: RecordedEvent[] = [];
    const fastDone = take(fast, 40, fastEvents);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(positions(fastEvents)).toEqual(as.slice(0, 10));
    expect(scan.heldPages).toBe(2);
    await slow.close();
    await fastDone;
    expect(positions(fastEvents)).toEqual(as.slice(0, 40));
    await fast.close();
  });

  it('serves a subscriber that starts far behind the pages in use by reading on its own, the others going on', async () => {
    await fill(store, 60);
    const scan = new SharedCatchUp(reading, TYPES, 5, 2);
    const all = positions(await store.readAll());
    const ahead = scan.subscribe({ after: all[39] });
    expect(positions(await take(ahead, 3))).toEqual(all.slice(40, 43));
    const behind = scan.subscribe({ types: ['B'] });
    const [rest, bs] = await Promise.all([take(ahead, 17), take(behind, 20)]);
    expect(positions(rest)).toEqual(all.slice(43, 60));
    expect(positions(bs)).toEqual(positions(await store.readAll({ types: ['B'] })));
    // The 20 events after 40 once for the one ahead, and at most the 20 B events for the one behind.
    expect(eventsRead).toBeLessThanOrEqual(20 + 20);
    await Promise.all([ahead.close(), behind.close()]);
  });

  it('refuses a type it does not read', () => {
    const scan = new SharedCatchUp(store, ['A'], 5);
    expect(() => scan.subscribe({ types: ['A', 'Z'] })).toThrow('Z is not among the types');
  });
});
