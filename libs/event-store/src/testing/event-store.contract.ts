import { randomUUID } from 'node:crypto';
import { RecordedEvent } from '@app/domain/shared';
import { AppendResult, EventStore, NewEvent, Subscription } from '../event-store.port';
import { IdempotencyMismatchError, InvalidPositionError, WrongExpectedRevisionError } from '../event-store.errors';

/**
 * The one behaviour both adapters must have. Every test uses its own stream names (random suffix)
 * and reads the log only after the head it saw at its start, so the suite can share a server.
 */
export function eventStoreContract(
  name: string,
  create: () => Promise<{ store: EventStore; cleanup(): Promise<void> }>,
): void {
  describe(`${name}: event store contract`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await create());
    });
    afterAll(async () => {
      await cleanup?.();
    });

    describe('append and readStream', () => {
      it('round-trips type, version, data and metadata, with revisions from 0 and increasing positions', async () => {
        const stream = uniqueStream('rt');
        const first = newEvent('ThingCreated', { name: 'Zoë 李', tags: ['a', 'b'], nested: { n: 1.5, nil: null, ok: true } }, 2);
        const second = newEvent('ThingRenamed', { name: 'x' });

        const result = await store.append(stream, [first, second], 'no_stream');
        const events = await store.readStream(stream);

        expect(events).toHaveLength(2);
        expect(events.map((e) => e.revision)).toEqual([0, 1]);
        expect(events.every((e) => e.streamId === stream)).toBe(true);
        expect(events[0]).toMatchObject({ type: first.type, version: 2, data: first.data, metadata: first.metadata });
        expect(events[1]).toMatchObject({ type: second.type, version: 1, data: second.data, metadata: second.metadata });
        expect(events[0].position).toBeGreaterThan(0);
        expect(events[1].position).toBeGreaterThan(events[0].position);
        expect(result).toEqual({ revision: 1, position: events[1].position });
      });

      it('reads an unknown stream as empty', async () => {
        await expect(store.readStream(uniqueStream('none'))).resolves.toEqual([]);
      });

      it('reads forwards from a revision, backwards, and at most maxCount', async () => {
        const stream = uniqueStream('rd');
        await store.append(stream, range(5).map((i) => newEvent('Counted', { i })), 'no_stream');
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(stream, options)).map((e) => e.revision);

        expect(await revisions({})).toEqual([0, 1, 2, 3, 4]);
        expect(await revisions({ fromRevision: 2 })).toEqual([2, 3, 4]);
        expect(await revisions({ maxCount: 2 })).toEqual([0, 1]);
        expect(await revisions({ fromRevision: 1, maxCount: 2 })).toEqual([1, 2]);
        expect(await revisions({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]);
        expect(await revisions({ direction: 'backwards', fromRevision: 3, maxCount: 2 })).toEqual([3, 2]);
        expect(await revisions({ direction: 'backwards', maxCount: 1 })).toEqual([4]);
        expect(await revisions({ fromRevision: 5 })).toEqual([]);
      });
    });

    describe('expected revision', () => {
      it('no_stream: accepted for a new stream, refused with the actual revision once it exists', async () => {
        const stream = uniqueStream('ns');
        await expect(store.append(stream, [newEvent('A')], 'no_stream')).resolves.toMatchObject({ revision: 0 });
        const error = await rejection(store.append(stream, [newEvent('A')], 'no_stream'));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stream, expected: 'no_stream', actual: 0 });
        expect(await store.readStream(stream)).toHaveLength(1);
      });

      it('stream_exists: refused with actual -1 for a missing stream, accepted once it exists', async () => {
        const stream = uniqueStream('se');
        const error = await rejection(store.append(stream, [newEvent('A')], 'stream_exists'));
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect(error).toMatchObject({ streamId: stream, actual: -1 });
        expect(await store.readStream(stream)).toEqual([]);

        await store.append(stream, [newEvent('A')], 'no_stream');
        await expect(store.append(stream, [newEvent('B')], 'stream_exists')).resolves.toMatchObject({ revision: 1 });
      });

      it('exact revision: accepted when it is the last revision, refused with the actual one otherwise', async () => {
        const stream = uniqueStream('ex');
        await store.append(stream, [newEvent('A'), newEvent('B')], 'no_stream');
        await expect(store.append(stream, [newEvent('C')], 1)).resolves.toMatchObject({ revision: 2 });

        for (const stale of [0, 1, 3]) {
          const error = await rejection(store.append(stream, [newEvent('D')], stale));
          expect(error).toBeInstanceOf(WrongExpectedRevisionError);
          expect(error).toMatchObject({ streamId: stream, expected: stale, actual: 2 });
        }
        const missing = await rejection(store.append(uniqueStream('ex'), [newEvent('A')], 0));
        expect(missing).toMatchObject({ actual: -1 });
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('any: appends whatever the stream state', async () => {
        const stream = uniqueStream('any');
        await expect(store.append(stream, [newEvent('A')], 'any')).resolves.toMatchObject({ revision: 0 });
        await expect(store.append(stream, [newEvent('B'), newEvent('C')], 'any')).resolves.toMatchObject({ revision: 2 });
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2]);
      });
    });

    describe('idempotency', () => {
      it('re-appending the same event ids writes nothing and returns the original result', async () => {
        const stream = uniqueStream('idem');
        const batch = [newEvent('A'), newEvent('B')];
        const later = [newEvent('C')];
        const first = await store.append(stream, batch, 'no_stream');
        const second = await store.append(stream, later, 1);

        // A retry with the expected revision it was first sent with, though the stream has moved on.
        await expect(store.append(stream, batch, 'no_stream')).resolves.toEqual(first);
        await expect(store.append(stream, later, 1)).resolves.toEqual(second);

        const events = await store.readStream(stream);
        expect(events.map((e) => e.metadata.eventId)).toEqual([...batch, ...later].map((e) => e.metadata.eventId));
      });

      it('refuses an append of which only some event ids are already in the stream, and writes none of it', async () => {
        const stream = uniqueStream('partial');
        const [a, b] = [newEvent('A'), newEvent('B')];
        await store.append(stream, [a, b], 'no_stream');

        const error = await rejection(store.append(stream, [a, newEvent('X')], 'no_stream'));
        expect(error).toBeInstanceOf(IdempotencyMismatchError);
        expect(error).toMatchObject({ streamId: stream });
        expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['A', 'B']);
      });
    });

    describe('readAll', () => {
      it('returns the log in position order, after a position, filtered by types and stream prefix, in pages', async () => {
        const head = await store.headPosition();
        const prefix = `all${uid()}-`;
        const [s1, s2, s3] = [`${prefix}1`, `${prefix}2`, `${prefix}3`];
        await store.append(s1, [newEvent('Opened'), newEvent('Noted')], 'no_stream');
        await store.append(uniqueStream('other'), [newEvent('Opened')], 'no_stream');
        await store.append(s2, [newEvent('Opened')], 'no_stream');
        await store.append(s1, [newEvent('Closed')], 1);
        await store.append(s3, [newEvent('Noted')], 'no_stream');

        const all = await store.readAll({ after: head, streamPrefix: prefix });
        expect(all.map((e) => `${e.streamId}:${e.type}`)).toEqual([
          `${s1}:Opened`, `${s1}:Noted`, `${s2}:Opened`, `${s1}:Closed`, `${s3}:Noted`,
        ]);
        expectStrictlyIncreasing(all.map((e) => e.position));
        expect(all[0].position).toBeGreaterThan(head);

        const noted = await store.readAll({ after: head, streamPrefix: prefix, types: ['Noted'] });
        expect(noted.map((e) => e.streamId)).toEqual([s1, s3]);
        const openedOrClosed = await store.readAll({ after: head, streamPrefix: prefix, types: ['Opened', 'Closed'] });
        expect(openedOrClosed.map((e) => `${e.streamId}:${e.type}`)).toEqual([`${s1}:Opened`, `${s2}:Opened`, `${s1}:Closed`]);

        const afterSecond = await store.readAll({ after: all[1].position, streamPrefix: prefix });
        expect(afterSecond).toEqual(all.slice(2));

        expect(await readAllInPages(store, head, prefix, 2)).toEqual(all);
        expect(await readAllInPages(store, head, prefix, 1, ['Noted'])).toEqual(noted);
        expect(await store.readAll({ after: head, streamPrefix: prefix, maxCount: 3 })).toEqual(all.slice(0, 3));

        // `from` is inclusive: a position taken from an event reads that event again.
        expect(await store.readAll({ from: all[2].position, streamPrefix: prefix })).toEqual(all.slice(2));
        expect(await store.readAll({ from: all[0].position, streamPrefix: prefix, types: ['Noted'], maxCount: 1 })).toEqual(noted.slice(0, 1));
      });

      it('counts the events of a stretch of the log, by type and stream prefix, up to a limit', async () => {
        const head = await store.headPosition();
        const prefix = `cnt${uid()}-`;
        await store.append(`${prefix}a`, [newEvent('Opened'), newEvent('Noted'), newEvent('Noted')], 'no_stream');
        await store.append(uniqueStream('other'), [newEvent('Noted')], 'no_stream');
        await store.append(`${prefix}b`, [newEvent('Opened'), newEvent('Closed')], 'no_stream');
        const all = await store.readAll({ after: head, streamPrefix: prefix });
        expect(all).toHaveLength(5);

        expect(await store.countEvents({ after: head, streamPrefix: prefix })).toBe(5);
        expect(await store.countEvents({ after: head })).toBe(6);
        expect(await store.countEvents({ after: all[1].position, upTo: all[3].position, streamPrefix: prefix })).toBe(2);
        expect(await store.countEvents({ after: head, types: ['Noted'] })).toBe(3);
        expect(await store.countEvents({ after: head, types: ['Noted', 'Closed'], streamPrefix: prefix })).toBe(3);
        expect(await store.countEvents({ after: head, limit: 4 })).toBe(4);
        expect(await store.countEvents({ after: all[4].position })).toBe(0);
        expect(await store.countEvents({ after: head, types: [] })).toBe(0);
      });

      it('reads "after" a number it never handed out as after that point, or refuses it as an invalid position', async () => {
        const head = await store.headPosition();
        const prefix = `inv${uid()}-`;
        await store.append(`${prefix}a`, range(4).map(() => newEvent('Noted')), 'no_stream');
        const all = await store.readAll({ after: head, streamPrefix: prefix });
        // A number between two positions, as a client might send it (made up on purpose: the one place positions are computed).
        const invented = all[1].position + 1;
        if (all.some((e) => e.position === invented)) return; // the log happened to use it: nothing invented
        let read: RecordedEvent[] | undefined;
        try {
          read = await store.readAll({ after: invented, streamPrefix: prefix });
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidPositionError);
          return;
        }
        expect(read).toEqual(all.filter((e) => e.position > invented));
      });

      it('treats a stream prefix literally: case-sensitive, no wildcards', async () => {
        const head = await store.headPosition();
        const id = uid();
        const prefix = `p_${id}%-`;
        const inside = `${prefix}1`;
        const lookAlikes = [`pX${id}%-1`, `p_${id}X-1`, `P_${id}%-1`];
        await store.append(inside, [newEvent('A')], 'no_stream');
        for (const stream of lookAlikes) await store.append(stream, [newEvent('A')], 'no_stream');

        const events = await store.readAll({ after: head, streamPrefix: prefix });
        expect(events.map((e) => e.streamId)).toEqual([inside]);
      });
    });

    describe('subscribe', () => {
      it('catches up, then follows live appends (including a concurrent burst) with no gap and no duplicate', async () => {
        const head = await store.headPosition();
        const prefix = `sub${uid()}-`;
        await store.append(`${prefix}a`, [newEvent('Opened'), newEvent('Noted')], 'no_stream');
        await store.append(`${prefix}b`, [newEvent('Opened')], 'no_stream');

        const subscription = store.subscribe({ after: head, streamPrefix: prefix });
        const consumer = consume(subscription);
        await consumer.waitFor(3);

        await store.append(`${prefix}a`, [newEvent('Closed')], 1);
        await store.append(uniqueStream('elsewhere'), [newEvent('Opened')], 'no_stream');
        await Promise.all([
          ...range(20).map((i) => store.append(`${prefix}burst-${i}`, [newEvent('Opened')], 'no_stream')),
          ...range(10).map(() => store.append(`${prefix}shared`, [newEvent('Noted')], 'any')),
        ]);
        await consumer.waitFor(34);
        await subscription.close();
        await consumer.ended;

        const expected = await store.readAll({ after: head, streamPrefix: prefix });
        expect(expected).toHaveLength(34);
        expect(consumer.events).toEqual(expected);
        expectStrictlyIncreasing(consumer.events.map((e) => e.position));
      });

      it('delivers only the requested types, strictly after the given position', async () => {
        const prefix = `subt${uid()}-`;
        await store.append(`${prefix}a`, [newEvent('Opened'), newEvent('Noted')], 'no_stream');
        const [opened] = await store.readStream(`${prefix}a`);
        const subscription = store.subscribe({ after: opened.position, streamPrefix: prefix, types: ['Opened', 'Closed'] });
        const consumer = consume(subscription);
        await store.append(`${prefix}a`, [newEvent('Opened'), newEvent('Closed')], 1);

        await consumer.waitFor(2);
        await subscription.close();
        await consumer.ended;
        expect(consumer.events.map((e) => `${e.revision}:${e.type}`)).toEqual(['2:Opened', '3:Closed']);
      });

      it('close() ends an iteration that is waiting for events', async () => {
        const subscription = store.subscribe({ after: await store.headPosition(), streamPrefix: `quiet${uid()}-` });
        const consumer = consume(subscription);
        await sleep(50);
        const started = Date.now();
        await subscription.close();
        await consumer.ended;
        expect(Date.now() - started).toBeLessThan(1000);
        expect(consumer.events).toEqual([]);
      });
    });

    describe('headPosition and ping', () => {
      it('headPosition reaches the position of the last append', async () => {
        const before = await store.headPosition();
        const result = await store.append(uniqueStream('head'), [newEvent('A'), newEvent('B')], 'no_stream');
        expect(result.position).toBeGreaterThan(before);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(result.position);
      });

      it('ping resolves while the store is up', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    describe('concurrent writers', () => {
      it('50 appenders expecting the same revision: exactly one wins, every other one gets the conflict', async () => {
        const stream = uniqueStream('race');
        let expected: number | 'no_stream' = 'no_stream';
        for (let round = 0; round < 3; round++) {
          const outcomes = await Promise.allSettled(range(50).map(() => store.append(stream, [newEvent('Raced')], expected)));
          const winners = outcomes.filter((o) => o.status === 'fulfilled');
          const losers = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
          expect(winners).toHaveLength(1);
          expect(losers).toHaveLength(49);
          for (const loser of losers) {
            expect(loser).toBeInstanceOf(WrongExpectedRevisionError);
            expect(loser).toMatchObject({ actual: round });
          }
          expected = round;
        }
        expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2]);
      }, 60_000);

      it('50 appenders retrying on conflict with the fresh revision: every revision exactly once, positions increasing', async () => {
        const stream = uniqueStream('retry');
        const appendWithRetry = async (event: NewEvent): Promise<AppendResult> => {
          const last = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
          let expected = last[0]?.revision ?? -1;
          for (;;) {
            try {
              return await store.append(stream, [event], expected < 0 ? 'no_stream' : expected);
            } catch (error) {
              if (!(error instanceof WrongExpectedRevisionError)) throw error;
              expected = error.actual;
            }
          }
        };
        const events = range(50).map((i) => newEvent('Retried', { i }));
        const results = await Promise.all(events.map(appendWithRetry));

        const stored = await store.readStream(stream);
        expect(stored.map((e) => e.revision)).toEqual(range(50));
        expectStrictlyIncreasing(stored.map((e) => e.position));
        expect(new Set(stored.map((e) => e.metadata.eventId))).toEqual(new Set(events.map((e) => e.metadata.eventId)));
        expect(new Set(results.map((r) => r.revision)).size).toBe(50);
      }, 60_000);
    });
  });
}

const uid = (): string => randomUUID().replace(/-/g, '').slice(0, 12);
const uniqueStream = (category: string): string => `contract${category}-${uid()}`;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const newEvent = (type: string, data: unknown = {}, version = 1): NewEvent => ({
  type,
  version,
  data,
  metadata: {
    eventId: randomUUID(),
    occurredAt: '2024-03-01T09:00:00.000Z',
    recordedAt: '2024-03-01T09:00:01.000Z',
    actor: 'contract-test',
    correlationId: randomUUID(),
    causationId: null,
  },
});

const rejection = async (promise: Promise<unknown>): Promise<unknown> => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, it resolved');
};

const expectStrictlyIncreasing = (values: readonly number[]): void => {
  values.slice(1).forEach((value, i) => expect(value).toBeGreaterThan(values[i]));
};

const readAllInPages = async (
  store: EventStore,
  after: number,
  streamPrefix: string,
  pageSize: number,
  types?: string[],
): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for (let position = after; ; ) {
    const page = await store.readAll({ after: position, streamPrefix, types, maxCount: pageSize });
    expect(page.length).toBeLessThanOrEqual(pageSize);
    if (page.length === 0) return events;
    events.push(...page);
    position = page[page.length - 1].position;
  }
};

/** Drains a subscription in the background; `waitFor(n)` fails the test if n events do not come. */
const consume = (subscription: Subscription) => {
  const events: RecordedEvent[] = [];
  const ended = (async () => {
    for await (const event of subscription) events.push(event);
  })();
  const waitFor = async (count: number, timeoutMs = 10_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (events.length < count) {
      if (Date.now() > deadline) throw new Error(`subscription delivered ${events.length} events, expected ${count}`);
      await sleep(10);
    }
  };
  return { events, ended, waitFor };
};
